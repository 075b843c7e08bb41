package io.jvs.server.config;

/**
 * A node of a YAML document that remembers where it stands in the file, so that every message about
 * a configuration value can name its line and column. Built by {@link YamlTreeReader}; immutable.
 */
public sealed interface YamlNode permits YamlMapping, YamlSequence, YamlScalar {

    /**
     * Returns where the node starts in the file.
     *
     * @return the location of its first character
     */
    ConfigLocation location();

    /**
     * Names what kind of value this is, for messages: {@code a mapping}, {@code a list},
     * {@code an integer (80)}, {@code a string ("80")}.
     *
     * @return the description
     */
    String describe();
}
