package io.jvs.spi;

import java.util.Map;

/**
 * The validated parameters of one service's scheduler: every declared parameter has a value (set or
 * default) of the declared type. Immutable.
 */
public interface SchedulerParameters {

    /**
     * Returns an integer parameter.
     *
     * @param name a declared {@link ParameterType#INTEGER} parameter
     * @return its value, within the declared range
     * @throws IllegalArgumentException when no such integer parameter is declared
     */
    long getLong(String name);

    /**
     * Returns an integer parameter that fits an {@code int}.
     *
     * @param name a declared {@link ParameterType#INTEGER} parameter
     * @return its value
     * @throws IllegalArgumentException when no such parameter is declared or the value does not fit
     */
    default int getInt(String name) {
        return Math.toIntExact(getLong(name));
    }

    /**
     * Returns a boolean parameter (a scheduler flag).
     *
     * @param name a declared {@link ParameterType#BOOLEAN} parameter
     * @return its value
     * @throws IllegalArgumentException when no such boolean parameter is declared
     */
    boolean getBoolean(String name);

    /**
     * Returns a text or choice parameter.
     *
     * @param name a declared {@link ParameterType#STRING} or {@link ParameterType#CHOICE} parameter
     * @return its value, {@code null} only for an optional text parameter left unset
     * @throws IllegalArgumentException when no such parameter is declared
     */
    String getString(String name);

    /**
     * Returns every parameter as text, in declaration order, as it would be written to configuration.
     *
     * @return an unmodifiable map
     */
    Map<String, String> asText();
}
