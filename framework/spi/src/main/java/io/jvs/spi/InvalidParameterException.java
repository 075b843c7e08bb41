package io.jvs.spi;

/**
 * Thrown when a scheduler parameter, or a write to a scheduler's parameter file, is invalid. The
 * message names the parameter and says what is allowed; nothing was applied.
 */
public class InvalidParameterException extends Exception {

    private final String parameter;

    /**
     * Creates the exception.
     *
     * @param parameter the parameter's name, or {@code null} when the error concerns several
     * @param message what is wrong and what is allowed
     */
    public InvalidParameterException(String parameter, String message) {
        super(parameter == null ? message : parameter + ": " + message);
        this.parameter = parameter;
    }

    /**
     * Returns the offending parameter's name.
     *
     * @return the name, or {@code null} when the error concerns several
     */
    public String parameter() {
        return parameter;
    }
}
