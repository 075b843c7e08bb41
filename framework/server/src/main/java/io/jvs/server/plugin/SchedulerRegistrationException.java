package io.jvs.server.plugin;

/**
 * Thrown when a scheduler factory is refused by the {@link SchedulerRegistry}: its name is taken or
 * malformed, or it declares its parameters badly. The message names the scheduler and the plugins
 * involved; the registry is unchanged.
 */
public final class SchedulerRegistrationException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused and why
     * @param cause the plugin's exception, or {@code null}
     */
    public SchedulerRegistrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
