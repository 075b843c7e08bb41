package io.jvs.server.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration file: where, which key, and what.
 *
 * @param location where in the file (the offending value, or the key for an unknown key, or the
 *     enclosing mapping for a missing key)
 * @param path the key path, e.g. {@code services[0].destinations[1].weight}; empty for the file as
 *     a whole
 * @param message what is wrong and what is allowed
 */
public record ConfigProblem(ConfigLocation location, String path, String message) {

    /** Checks the values. */
    public ConfigProblem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Returns the line an operator reads:
     * {@code sample.yaml:14:9: services[0].destinations[1].weight: 70000 is out of 0..65535}.
     *
     * @return the line
     */
    @Override
    public String toString() {
        return location + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
