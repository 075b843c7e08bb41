package io.jvs.server.plugin;

/**
 * Thrown when a scheduler plugin fails to create the scheduler of a service: its factory threw or
 * returned {@code null}. The message names the scheduler, the service and the plugin.
 */
public final class SchedulerCreationException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the plugin's exception, or {@code null}
     */
    public SchedulerCreationException(String message, Throwable cause) {
        super(message, cause);
    }
}
