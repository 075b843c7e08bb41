package io.jvs.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A YAML mapping with the location of each key.
 *
 * @param entries the entries by key, in file order
 * @param location where the mapping starts
 */
public record YamlMapping(Map<String, Entry> entries, ConfigLocation location) implements YamlNode {

    /**
     * One key and its value.
     *
     * @param key the key
     * @param keyLocation where the key stands
     * @param value the value
     */
    public record Entry(String key, ConfigLocation keyLocation, YamlNode value) {

        /** Checks the values. */
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(keyLocation, "keyLocation");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Copies the entries, keeping their order. */
    public YamlMapping {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        Objects.requireNonNull(location, "location");
    }

    /**
     * Returns an empty mapping, standing for an absent section.
     *
     * @param location where the section would be
     * @return the mapping
     */
    public static YamlMapping empty(ConfigLocation location) {
        return new YamlMapping(Map.of(), location);
    }

    /**
     * Returns the value of a key.
     *
     * @param key the key
     * @return the value, or {@code null} when the key is absent
     */
    public YamlNode get(String key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    @Override
    public String describe() {
        return "a mapping";
    }
}
