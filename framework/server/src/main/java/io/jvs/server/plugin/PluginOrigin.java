package io.jvs.server.plugin;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an extension came from, for messages and listings.
 *
 * @param pluginId the plugin's id ({@code Plugin-Id}), or a label for an extension registered in
 *     process
 * @param jar the plugin's jar, or {@code null} for an extension registered in process
 */
public record PluginOrigin(String pluginId, Path jar) {

    /** Checks the id. */
    public PluginOrigin {
        Objects.requireNonNull(pluginId, "pluginId");
    }

    /**
     * Names an extension registered in process rather than loaded from a jar (built-ins, tests).
     *
     * @param label what registered it
     * @return the origin, without a jar
     */
    public static PluginOrigin inProcess(String label) {
        return new PluginOrigin(label, null);
    }

    /**
     * Returns {@code plugin 'id' (path/to.jar)}, or {@code 'label' (in process)}.
     *
     * @return the text used in messages
     */
    @Override
    public String toString() {
        return jar == null ? "'" + pluginId + "' (in process)" : "plugin '" + pluginId + "' (" + jar + ")";
    }
}
