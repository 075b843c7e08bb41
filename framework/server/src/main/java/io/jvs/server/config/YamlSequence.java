package io.jvs.server.config;

import java.util.List;
import java.util.Objects;

/**
 * A YAML sequence (list).
 *
 * @param items the items, in file order
 * @param location where the sequence starts
 */
public record YamlSequence(List<YamlNode> items, ConfigLocation location) implements YamlNode {

    /** Copies the items. */
    public YamlSequence {
        items = List.copyOf(items);
        Objects.requireNonNull(location, "location");
    }

    @Override
    public String describe() {
        return "a list";
    }
}
