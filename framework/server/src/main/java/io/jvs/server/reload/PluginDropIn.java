package io.jvs.server.reload;

import io.jvs.engine.Engine;
import io.jvs.engine.service.VirtualService;
import io.jvs.server.plugin.PluginHost;
import io.jvs.server.plugin.PluginReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Drop-in plugin jars: what to do when jars of the plugins directory appear, change or disappear
 * while jvs runs.
 *
 * <ul>
 * <li>A new jar is loaded with every check of the plugin host (its {@code Plugin-Requires} must
 *     accept this server's jvs-spi version); its schedulers are usable at once by {@code jvs adm},
 *     a reload or the API.</li>
 * <li>A removed jar is unloaded when no service uses one of its schedulers, directly or as an inner
 *     scheduler of its own (see {@link io.jvs.server.plugin.SchedulerRegistry#innerSchedulersOf});
 *     otherwise the removal is
 *     refused with a message naming the services, and the plugin stays loaded (put the jar back, or
 *     move the services to another scheduler first). The refusal is also noted on the plugin's
 *     report ({@link PluginHost#setNote}), so {@code /proc/jvs/plugins} shows it.</li>
 * <li>A changed jar is a removal followed by an addition, under the same rule.</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> {@link #apply} is synchronised.
 */
public final class PluginDropIn {

    private final PluginHost plugins;
    private final Engine engine;

    /**
     * Creates the handler.
     *
     * @param plugins the running plugin host
     * @param engine the engine whose services may use the plugins' schedulers
     */
    public PluginDropIn(PluginHost plugins, Engine engine) {
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Tells whether a path is a plugin jar of the directory.
     *
     * @param path a changed path
     * @return {@code true} for {@code *.jar}
     */
    public static boolean isJar(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    /**
     * Handles changed jars.
     *
     * @param changed the jars that appeared, changed or disappeared
     * @return one line per jar saying what was done or refused
     */
    public synchronized List<String> apply(Set<Path> changed) {
        List<String> out = new ArrayList<>();
        for (Path jar : changed) {
            boolean present = Files.isRegularFile(jar);
            boolean loaded = plugins.isLoaded(jar);
            if (loaded) {
                List<String> users = usersOf(plugins.schedulersOf(jar));
                if (!users.isEmpty()) {
                    String why = (present ? "changed" : "removed") + ", but its schedulers " + plugins.schedulersOf(jar)
                            + " are used by " + String.join(", ", users) + "; the plugin stays loaded";
                    out.add(jar.getFileName() + ": " + why);
                    plugins.setNote(jar, "jar " + why + " (move the services to another scheduler, or put the jar"
                            + " back)");
                    continue;
                }
                plugins.removeJar(jar);
                engine.evictions().setListeners(plugins.evictionListeners());
                if (!present) {
                    out.add(jar.getFileName() + ": removed; plugin unloaded");
                    continue;
                }
            } else if (!present) {
                plugins.removeJar(jar);
                out.add(jar.getFileName() + ": removed");
                continue;
            } else {
                plugins.removeJar(jar);
            }
            PluginReport report = plugins.addJar(jar);
            engine.evictions().setListeners(plugins.evictionListeners());
            out.add(jar.getFileName() + ": " + report.status() + " " + report.schedulers()
                    + (report.problems().isEmpty() ? "" : ": " + report.message()));
        }
        return out;
    }

    /**
     * Names the services whose scheduler is one of {@code schedulers}, or uses one of them as an
     * inner scheduler ({@code http-method}'s pools, for instance).
     */
    private List<String> usersOf(List<String> schedulers) {
        List<String> users = new ArrayList<>();
        for (VirtualService s : engine.services().table().services()) {
            if (schedulers.contains(s.spec().scheduler())) {
                users.add(s.key().name() + " (" + s.spec().scheduler() + ")");
                continue;
            }
            List<String> inner = s.scheduler() == null ? List.of()
                    : plugins.schedulers().innerSchedulersOf(s.scheduler());
            List<String> used = inner.stream().filter(schedulers::contains).toList();
            if (!used.isEmpty()) {
                users.add(s.key().name() + " (" + s.spec().scheduler() + ", inner " + String.join(", ", used) + ")");
            }
        }
        return users;
    }
}
