package io.jvs.server.config;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.server.plugin.SchedulerRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A whole jvs configuration, validated and immutable: the source of truth at start, and what the
 * control plane will diff and apply on reload. Read it with {@link #read(Path, SchedulerRegistry)}
 * (or {@link ConfigDocument} when the plugins must be loaded between parsing and checking).
 *
 * <pre>
 * engine:   { data-plane, workers, connections-per-worker, timeout-profile, timeouts, batch-size,
 *             command-queue-capacity, forwarding: {...}, neighbors: {...} }      restart to change
 * sysctl:   { expire_nodest_conn, expire_quiescent_template, conn_reuse_mode,
 *             sloppy_tcp, schedule_icmp }                                        live
 * plugins:  { directory }                                                        restart to change
 * admin:    { address, port, token, max-request-bytes, requests-per-second }    restart to change
 * services: [ {protocol, address, port | fwmark, family; scheduler, scheduler-parameters,
 *              persistence, destinations: [...]} ]                                live
 * </pre>
 *
 * @param engine the packet engine's fixed settings
 * @param sysctl the IPVS sysctls
 * @param plugins where the plugins are
 * @param services the virtual services, in file order
 * @param source the document it was read from, to locate messages about it; {@code null} for a
 *     configuration built in code
 * @param admin the admin endpoint
 */
public record JvsConfig(EngineConfig engine, SysctlConfig sysctl, PluginsConfig plugins, List<ServiceConfig> services,
        ConfigDocument source, AdminConfig admin) {

    /** Key of {@link #engine}. */
    public static final String ENGINE = "engine";
    /** Key of {@link #sysctl}. */
    public static final String SYSCTL = "sysctl";
    /** Key of {@link #plugins}. */
    public static final String PLUGINS = "plugins";
    /** Key of {@link #admin}. */
    public static final String ADMIN = "admin";
    /** Key of {@link #services}. */
    public static final String SERVICES = "services";
    /** The top-level keys. */
    public static final List<String> KEYS = List.of(ENGINE, SYSCTL, PLUGINS, ADMIN, SERVICES);

    /** Checks and copies the values. */
    public JvsConfig {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(sysctl, "sysctl");
        Objects.requireNonNull(plugins, "plugins");
        services = List.copyOf(services);
        Objects.requireNonNull(admin, "admin");
    }

    /**
     * A configuration with the default admin section.
     *
     * @param engine the packet engine's fixed settings
     * @param sysctl the IPVS sysctls
     * @param plugins where the plugins are
     * @param services the virtual services
     * @param source the document it was read from, or {@code null}
     */
    public JvsConfig(EngineConfig engine, SysctlConfig sysctl, PluginsConfig plugins, List<ServiceConfig> services,
            ConfigDocument source) {
        this(engine, sysctl, plugins, services, source, AdminConfig.DEFAULT);
    }

    /**
     * Reads and validates a configuration file.
     *
     * @param file the YAML file
     * @param schedulers the schedulers services may name, or {@code null} to skip the scheduler checks
     * @return the configuration
     * @throws IOException when the file cannot be read
     * @throws ConfigException when anything in it is invalid; every problem is listed
     */
    public static JvsConfig read(Path file, SchedulerRegistry schedulers) throws IOException, ConfigException {
        return ConfigDocument.read(file).bind(schedulers);
    }

    /**
     * Maps the services to the engine's specs, for {@code engine.services().apply(...)}.
     *
     * @return the specs, in file order
     */
    public List<ServiceSpec> toServiceSpecs() {
        List<ServiceSpec> specs = new ArrayList<>();
        for (ServiceConfig s : services) {
            specs.add(s.toSpec());
        }
        return specs;
    }

    /**
     * Maps the engine section to the engine's settings.
     *
     * @return the settings
     */
    public EngineSettings toEngineSettings() {
        return engine.toEngineSettings();
    }
}
