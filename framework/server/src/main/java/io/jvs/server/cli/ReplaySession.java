package io.jvs.server.cli;

import io.jvs.server.config.ConfigDocument;
import io.jvs.server.config.ConfigException;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.engine.ServerPaths;
import io.jvs.server.plugin.PluginHost;
import io.jvs.server.plugin.PluginReport;
import io.jvs.server.plugin.PluginStatus;
import io.jvs.server.replay.CaptureReplay;
import io.jvs.server.replay.DecisionTable;
import io.jvs.server.replay.ReplayResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One replay as the CLI runs it: read the configuration, load the plugins it needs, check the whole
 * file against them, replay the capture, and print the decision table. Shared by {@code jvs replay}
 * and {@code jvs demo}.
 */
final class ReplaySession {

    private ReplaySession() {
    }

    /**
     * Runs a replay and prints its report.
     *
     * @param configFile the configuration file
     * @param in the capture to read
     * @param out the capture to write
     * @param pluginsOverride the plugins directory from the command line, or {@code null}
     * @param print where the report goes
     * @param err where warnings go
     * @return the result, for callers that look further
     * @throws IOException when a file cannot be read or written
     * @throws ConfigException when the configuration is refused
     */
    static ReplayResult run(Path configFile, Path in, Path out, Path pluginsOverride, PrintWriter print,
            PrintWriter err) throws IOException, ConfigException {
        ConfigDocument document = ConfigDocument.read(configFile);
        Path directory = pluginsOverride != null ? pluginsOverride
                : document.pluginsDirectory(ServerPaths.defaultPluginsDirectory());
        try (PluginHost plugins = loadPlugins(directory)) {
            for (PluginReport report : plugins.reports()) {
                if (report.status() != PluginStatus.LOADED) {
                    err.println("jvs: warning: plugin " + report);
                }
            }
            JvsConfig config = document.bind(plugins.schedulers());
            print.println("replaying " + in + " through " + configFile + " (" + config.services().size()
                    + (config.services().size() == 1 ? " service" : " services") + ")");
            print.println("schedulers from " + shown(directory) + ": " + schedulerList(plugins));
            if (config.engine().workers() != 1) {
                print.println("note: a replay runs one worker; engine.workers (" + config.engine().workers()
                        + ") applies to live data planes");
            }
            print.println();
            ReplayResult result = CaptureReplay.run(config, plugins.schedulers(), plugins.evictionListeners(), in,
                    out);
            print.print(DecisionTable.format(result));
            print.println("output: " + out + " (" + result.framesWritten() + " frames)");
            print.flush();
            return result;
        }
    }

    /**
     * Shortens a path for display: relative to the working directory when it lies below it.
     *
     * @param path the path
     * @return the shorter path, or {@code path} itself
     */
    static Path shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(here) && !absolute.equals(here) ? here.relativize(absolute) : path;
    }

    private static PluginHost loadPlugins(Path directory) throws IOException {
        try {
            return PluginHost.load(directory);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(directory.toString(), null, "the plugins directory: build jvs with"
                    + " 'mvn install' (bin/jvs does), or name one with plugins.directory or --plugins");
        }
    }

    private static String schedulerList(PluginHost plugins) {
        List<String> names = new ArrayList<>();
        for (PluginReport report : plugins.reports()) {
            for (String name : report.schedulers()) {
                names.add(name + " (" + report.pluginId() + ")");
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
