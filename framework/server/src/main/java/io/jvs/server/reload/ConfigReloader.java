package io.jvs.server.reload;

import io.jvs.engine.Engine;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.server.config.ConfigDocument;
import io.jvs.server.config.ConfigException;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.engine.EngineFactory;
import io.jvs.server.plugin.SchedulerRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reloads a configuration file into a running engine: the whole file is checked against the loaded
 * schedulers, then its services are applied with {@code ServiceManager.apply} (atomic: all or
 * nothing; untouched services keep their objects, scheduler state and connections) and its sysctls
 * set. Sections that need a restart ({@code engine}, {@code plugins}, {@code admin}) are compared
 * with the running ones and reported when they differ, not applied.
 *
 * <p><b>Thread safety:</b> {@link #reload()} is synchronised.
 */
public final class ConfigReloader {

    /** What one reload did. */
    public record Outcome(int added, int changed, int removed, int unchanged, List<String> needsRestart) {

        /**
         * Returns one line for operators.
         *
         * @return e.g. {@code "reloaded: 1 added, 2 changed, 0 removed, 7 unchanged"}
         */
        public String summary() {
            return "reloaded: " + added + " added, " + changed + " changed, " + removed + " removed, " + unchanged
                    + " unchanged" + (needsRestart.isEmpty() ? ""
                            : "; not applied until a restart: " + String.join(", ", needsRestart));
        }
    }

    private final Path file;
    private final Engine engine;
    private final Supplier<SchedulerRegistry> schedulers;
    private JvsConfig running;
    private long reloads;

    /**
     * Creates a reloader.
     *
     * @param file the configuration file
     * @param engine the running engine
     * @param schedulers the scheduler registry the file is checked against (read at each reload, so
     *     that drop-in plugins count)
     * @param running the configuration the engine was started with
     */
    public ConfigReloader(Path file, Engine engine, Supplier<SchedulerRegistry> schedulers, JvsConfig running) {
        this.file = Objects.requireNonNull(file, "file");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.schedulers = Objects.requireNonNull(schedulers, "schedulers");
        this.running = Objects.requireNonNull(running, "running");
    }

    /**
     * Reads, checks and applies the file.
     *
     * @return what changed
     * @throws IOException when the file cannot be read
     * @throws ConfigException when the file, or the engine, refuses it; nothing changed
     */
    public synchronized Outcome reload() throws IOException, ConfigException {
        JvsConfig next = ConfigDocument.read(file).bind(schedulers.get());
        List<ServiceSpec> desired = next.toServiceSpecs();
        synchronized (engine.services()) {
            return apply(next, desired);
        }
    }

    private Outcome apply(JvsConfig next, List<ServiceSpec> desired) throws ConfigException {
        Map<ServiceKey, ServiceSpec> before = new HashMap<>();
        for (ServiceSpec s : engine.services().specs()) {
            before.put(s.key(), s);
        }
        int added = 0;
        int changed = 0;
        int unchanged = 0;
        for (ServiceSpec s : desired) {
            ServiceSpec old = before.remove(s.key());
            if (old == null) {
                added++;
            } else if (old.equals(s)) {
                unchanged++;
            } else {
                changed++;
            }
        }
        try {
            engine.services().apply(desired);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(EngineFactory.locate(next, e)));
        }
        next.sysctl().applyTo(engine.tunables());
        List<String> restart = new ArrayList<>();
        if (!next.engine().equals(running.engine())) {
            restart.add(JvsConfig.ENGINE);
        }
        if (!Objects.equals(next.plugins(), running.plugins())) {
            restart.add(JvsConfig.PLUGINS);
        }
        if (!next.admin().equals(running.admin())) {
            restart.add(JvsConfig.ADMIN);
        }
        running = new JvsConfig(running.engine(), next.sysctl(), running.plugins(), next.services(), next.source(),
                running.admin());
        reloads++;
        return new Outcome(added, changed, before.size(), unchanged, restart);
    }

    /** Returns how many reloads succeeded. @return the count */
    public synchronized long reloads() {
        return reloads;
    }

    /** Returns the configuration now applied. @return the configuration */
    public synchronized JvsConfig running() {
        return running;
    }
}
