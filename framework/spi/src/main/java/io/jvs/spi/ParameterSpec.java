package io.jvs.spi;

import java.util.List;
import java.util.Objects;

/**
 * Declares one parameter of a scheduler: its name, type, default, range and meaning.
 *
 * @param name the name used in configuration, lower case with {@code -} ({@code sh-port}, {@code table-size})
 * @param type how the value is parsed and checked
 * @param defaultValue the value used when a service sets none, as text; {@code null} makes the
 *     parameter required
 * @param min the smallest allowed value of an {@link ParameterType#INTEGER}; ignored otherwise
 * @param max the largest allowed value of an {@link ParameterType#INTEGER}; ignored otherwise
 * @param choices the allowed values of a {@link ParameterType#CHOICE}; empty otherwise
 * @param description what it does and what its default trades off, one or two sentences
 */
public record ParameterSpec(String name, ParameterType type, String defaultValue, long min, long max,
        List<String> choices, String description) {

    /** Checks the declaration itself. */
    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
        if (!name.matches("[a-z][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("parameter name must be lower case letters, digits and '-': " + name);
        }
        if (type == ParameterType.INTEGER && min > max) {
            throw new IllegalArgumentException("parameter " + name + ": min > max");
        }
        if (type == ParameterType.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("parameter " + name + ": a choice needs choices");
        }
    }

    /**
     * Declares a boolean flag, default {@code false}, as IPVS scheduler flags.
     *
     * @param name the flag's name, e.g. {@code sh-port}
     * @param description what it does
     * @return the specification
     */
    public static ParameterSpec flag(String name, String description) {
        return new ParameterSpec(name, ParameterType.BOOLEAN, "false", 0, 0, List.of(), description);
    }

    /**
     * Declares an integer parameter.
     *
     * @param name the name
     * @param defaultValue the default
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param description what it does and what its default trades off
     * @return the specification
     */
    public static ParameterSpec integer(String name, long defaultValue, long min, long max, String description) {
        return new ParameterSpec(name, ParameterType.INTEGER, Long.toString(defaultValue), min, max, List.of(),
                description);
    }

    /**
     * Declares a parameter that takes one of a few words.
     *
     * @param name the name
     * @param defaultValue the default, one of {@code choices}
     * @param choices the allowed words
     * @param description what it does and what its default trades off
     * @return the specification
     */
    public static ParameterSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new ParameterSpec(name, ParameterType.CHOICE, defaultValue, 0, 0, choices, description);
    }

    /**
     * Declares a free-text parameter.
     *
     * @param name the name
     * @param defaultValue the default, or {@code null} when required
     * @param description what it does
     * @return the specification
     */
    public static ParameterSpec text(String name, String defaultValue, String description) {
        return new ParameterSpec(name, ParameterType.STRING, defaultValue, 0, 0, List.of(), description);
    }
}
