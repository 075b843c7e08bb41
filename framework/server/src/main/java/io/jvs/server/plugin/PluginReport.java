package io.jvs.server.plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What became of one plugin jar: one line of the plugin listing an operator reads when a scheduler
 * is missing.
 *
 * @param pluginId the {@code Plugin-Id} from the jar's manifest, or the jar's file name when the
 *     manifest cannot be read
 * @param version the {@code Plugin-Version}, or {@code ""} when unknown
 * @param jar the jar's path
 * @param status loaded, partly loaded, or failed
 * @param schedulers the names of the schedulers it registered
 * @param evictionListeners the class names of the eviction listeners it contributed
 * @param problems what went wrong, one message each; on a {@link PluginStatus#LOADED} plugin only a note
 *     that needs the operator's attention (see {@link PluginHost#setNote})
 */
public record PluginReport(String pluginId, String version, Path jar, PluginStatus status, List<String> schedulers,
        List<String> evictionListeners, List<String> problems) {

    /** Checks and copies the values. */
    public PluginReport {
        Objects.requireNonNull(pluginId, "pluginId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(status, "status");
        schedulers = List.copyOf(schedulers);
        evictionListeners = List.copyOf(evictionListeners);
        problems = List.copyOf(problems);
    }

    /**
     * Returns this report with one more line among its problems; the status stays.
     *
     * @param note the line
     * @return the new report
     */
    public PluginReport withNote(String note) {
        List<String> more = new ArrayList<>(problems);
        more.add(note);
        return new PluginReport(pluginId, version, jar, status, schedulers, evictionListeners, more);
    }

    /**
     * Returns the problems as one message.
     *
     * @return the problems joined with {@code "; "}, or {@code ""} when there is none
     */
    public String message() {
        return String.join("; ", problems);
    }

    /**
     * Returns one line for logs and listings: {@code jvs-ipvs-schedulers 0.1.0 LOADED [rr] plugins/x.jar}.
     *
     * @return the line
     */
    @Override
    public String toString() {
        return pluginId + " " + version + " " + status + " " + schedulers
                + (evictionListeners.isEmpty() ? "" : " listeners=" + evictionListeners) + " " + jar
                + (problems.isEmpty() ? "" : ": " + message());
    }
}
