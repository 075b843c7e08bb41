package io.jvs.server.config;

import java.util.Objects;

/**
 * A position in a configuration file, as editors and compilers print it.
 *
 * @param file the file as the user named it ({@code examples/sample.yaml})
 * @param line the line, from 1
 * @param column the column, from 1
 */
public record ConfigLocation(String file, int line, int column) {

    /** Checks the values. */
    public ConfigLocation {
        Objects.requireNonNull(file, "file");
    }

    /**
     * Returns {@code file:line:column}.
     *
     * @return the text that prefixes every configuration message
     */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
