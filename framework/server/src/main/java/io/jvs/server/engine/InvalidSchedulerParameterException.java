package io.jvs.server.engine;

import io.jvs.spi.InvalidParameterException;

/**
 * Thrown through the engine's {@link io.jvs.engine.service.SchedulerProvider} when a scheduler refuses
 * a service's parameters; an {@link IllegalArgumentException} as the provider's contract requires,
 * that still names the parameter.
 */
public final class InvalidSchedulerParameterException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The parameter's name, or {@code null} when the problem concerns several. */
    private final String parameter;

    /**
     * Wraps the scheduler's exception.
     *
     * @param scheduler the scheduler's name
     * @param cause what the validator or the scheduler's factory threw
     */
    public InvalidSchedulerParameterException(String scheduler, InvalidParameterException cause) {
        super("scheduler '" + scheduler + "': " + cause.getMessage(), cause);
        this.parameter = cause.parameter();
    }

    /**
     * Returns the offending parameter.
     *
     * @return its name, or {@code null} when the problem concerns several
     */
    public String parameter() {
        return parameter;
    }
}
