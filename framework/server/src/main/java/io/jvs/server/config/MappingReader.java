package io.jvs.server.config;

import io.jvs.engine.service.IpAddress;
import java.time.Duration;
import java.util.List;

/**
 * Reads the keys of one YAML mapping (a section of the configuration), refusing keys it does not
 * know with a "did you mean" hint. Typed getters return the key's default when the key is absent or
 * null, and also after recording a problem with its value, so that reading goes on and every
 * problem is found.
 */
final class MappingReader {

    private final YamlMapping mapping;
    private final String path;
    private final ValueReader values;

    /**
     * Reads a mapping whose keys must be among {@code keys}.
     *
     * @param node the node, which must be a mapping; {@code null} for an absent section
     * @param fallback where an absent section would stand
     * @param path the mapping's path
     * @param values the value reader (and its problem list)
     * @param keys the keys allowed
     */
    MappingReader(YamlNode node, ConfigLocation fallback, String path, ValueReader values, List<String> keys) {
        this.path = path;
        this.values = values;
        YamlMapping m = null;
        if (node != null && !isNull(node)) {
            m = values.mapping(node, path);
        }
        this.mapping = m != null ? m : YamlMapping.empty(node != null ? node.location() : fallback);
        for (YamlMapping.Entry entry : mapping.entries().values()) {
            if (!keys.contains(entry.key())) {
                values.problems().add(entry.keyLocation(), KeyPath.child(path, entry.key()), "unknown key"
                        + KeySuggestion.hint(entry.key(), keys) + " (allowed here: " + String.join(", ", keys) + ")");
            }
        }
    }

    private static boolean isNull(YamlNode node) {
        return node instanceof YamlScalar s && s.isNull();
    }

    /**
     * Returns the value reader.
     *
     * @return the reader
     */
    ValueReader values() {
        return values;
    }

    /**
     * Returns where the mapping stands.
     *
     * @return the location
     */
    ConfigLocation location() {
        return mapping.location();
    }

    /**
     * Returns the mapping's path.
     *
     * @return the path
     */
    String path() {
        return path;
    }

    /**
     * Returns a key's value.
     *
     * @param key the key
     * @return the value, or {@code null} when the key is absent or its value is YAML's null
     */
    YamlNode get(String key) {
        YamlNode node = mapping.get(key);
        return node == null || isNull(node) ? null : node;
    }

    /**
     * Tells whether a key is given with a value.
     *
     * @param key the key
     * @return {@code true} when {@link #get} returns a node
     */
    boolean has(String key) {
        return get(key) != null;
    }

    /**
     * Returns a key's path.
     *
     * @param key the key
     * @return {@code path.key}
     */
    String path(String key) {
        return KeyPath.child(path, key);
    }

    /**
     * Returns where a key's value stands, or the mapping when the key is absent.
     *
     * @param key the key
     * @return the location
     */
    ConfigLocation location(String key) {
        YamlNode node = mapping.get(key);
        return node == null ? mapping.location() : node.location();
    }

    /**
     * Records a problem about a key.
     *
     * @param key the key
     * @param message what is wrong
     */
    void problem(String key, String message) {
        values.problems().add(location(key), path(key), message);
    }

    /**
     * Records a problem when a required key is absent.
     *
     * @param key the key
     * @param what what it is, for the message
     * @return {@code true} when the key is present
     */
    boolean require(String key, String what) {
        if (has(key)) {
            return true;
        }
        values.problems().add(mapping.location(), path(key), "missing: " + what + " is required");
        return false;
    }

    /**
     * Reads an integer within bounds.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent or invalid
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value, or {@code defaultValue}
     */
    int integer(String key, int defaultValue, int min, int max) {
        YamlNode node = get(key);
        Long value = node == null ? null : values.integer(node, path(key), min, max);
        return value == null ? defaultValue : value.intValue();
    }

    /**
     * Reads a boolean.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent or invalid
     * @return the value, or {@code defaultValue}
     */
    boolean bool(String key, boolean defaultValue) {
        YamlNode node = get(key);
        Boolean value = node == null ? null : values.bool(node, path(key));
        return value == null ? defaultValue : value;
    }

    /**
     * Reads a count ({@link CountText}) within bounds.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent or invalid
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value, or {@code defaultValue}
     */
    long count(String key, long defaultValue, long min, long max) {
        YamlNode node = get(key);
        Long value = node == null ? null : values.count(node, path(key), min, max);
        return value == null ? defaultValue : value;
    }

    /**
     * Reads one of a fixed set of words.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent or invalid
     * @param choices the words allowed
     * @return the value, or {@code defaultValue}
     */
    String word(String key, String defaultValue, List<String> choices) {
        YamlNode node = get(key);
        String value = node == null ? null : values.word(node, path(key), choices);
        return value == null ? defaultValue : value;
    }

    /**
     * Reads a boolean.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent or invalid
     * @return the value, or {@code defaultValue}
     */
    boolean flag(String key, boolean defaultValue) {
        YamlNode node = get(key);
        Boolean value = node == null ? null : values.flag(node, path(key));
        return value == null ? defaultValue : value;
    }

    /**
     * Reads a non-blank text.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent or invalid
     * @param what what the text is, for the message
     * @return the value, or {@code defaultValue}
     */
    String text(String key, String defaultValue, String what) {
        YamlNode node = get(key);
        String value = node == null ? null : values.text(node, path(key), what);
        return value == null ? defaultValue : value;
    }

    /**
     * Reads an IP address literal.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent or invalid
     * @return the value, or {@code defaultValue}
     */
    IpAddress address(String key, IpAddress defaultValue) {
        YamlNode node = get(key);
        IpAddress value = node == null ? null : values.address(node, path(key));
        return value == null ? defaultValue : value;
    }

    /**
     * Reads a MAC address.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent or invalid
     * @return the value, or {@code defaultValue}
     */
    long mac(String key, long defaultValue) {
        YamlNode node = get(key);
        Long value = node == null ? null : values.mac(node, path(key));
        return value == null ? defaultValue : value;
    }

    /**
     * Reads a duration ({@link DurationText}) within bounds.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent or invalid
     * @param min the shortest allowed
     * @param max the longest allowed
     * @return the value, or {@code defaultValue}
     */
    Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        YamlNode node = get(key);
        Duration value = node == null ? null : values.duration(node, path(key), min, max);
        return value == null ? defaultValue : value;
    }

    /**
     * Opens a nested section.
     *
     * @param key the key
     * @param keys the keys allowed in it
     * @return a reader; over an empty mapping when the key is absent or not a mapping
     */
    MappingReader section(String key, List<String> keys) {
        return new MappingReader(get(key), location(key), path(key), values, keys);
    }
}
