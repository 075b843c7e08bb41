package io.jvs.spi;

/** The type of a scheduler parameter, which decides how its text value is parsed and checked. */
public enum ParameterType {
    /** A 64-bit integer within [{@link ParameterSpec#min()}, {@link ParameterSpec#max()}]. */
    INTEGER,
    /** {@code true} or {@code false}; IPVS scheduler flags such as {@code sh-port} are booleans. */
    BOOLEAN,
    /** Free text. */
    STRING,
    /** One of {@link ParameterSpec#choices()}. */
    CHOICE
}
