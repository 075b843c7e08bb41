package io.jvs.server.runtime;

import io.jvs.engine.Engine;
import io.jvs.engine.io.PacketIo;
import io.jvs.server.admin.AdminServer;
import io.jvs.server.admin.ControlPlane;
import io.jvs.server.config.AdminConfig;
import io.jvs.server.config.ConfigDocument;
import io.jvs.server.config.ConfigException;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.engine.EngineFactory;
import io.jvs.server.engine.ServerPaths;
import io.jvs.server.metrics.EngineMetrics;
import io.jvs.server.metrics.JmxMetrics;
import io.jvs.server.plugin.PluginHost;
import io.jvs.server.reload.ConfigReloader;
import io.jvs.server.reload.DirectoryWatcher;
import io.jvs.server.reload.PluginDropIn;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A running jvs: plugins loaded, the configuration checked, the data plane that
 * {@code engine.data-plane} names opened, the engine's worker threads started, the admin endpoint
 * listening, the rate estimator sampling, and (optionally) the configuration file watched for
 * changes. {@link #close()} stops everything in reverse order.
 */
public final class ServerRuntime implements AutoCloseable {

    /** How {@link #start} is asked to run. */
    public record Options(Path configFile, Path pluginsOverride, Integer adminPortOverride, boolean watchConfig) {

        /**
         * Options for a configuration file, nothing overridden, the file watched.
         *
         * @param configFile the file
         * @return the options
         */
        public static Options of(Path configFile) {
            return new Options(configFile, null, null, true);
        }
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final PluginHost plugins;
    private final Engine engine;
    private final ControlPlane control;
    private final AdminServer admin;
    private final ConfigReloader reloader;
    private final JvsConfig config;

    private ServerRuntime(PluginHost plugins, JvsConfig config, Engine engine, ControlPlane control, AdminServer admin,
            ConfigReloader reloader) {
        this.plugins = plugins;
        this.config = config;
        this.engine = engine;
        this.control = control;
        this.admin = admin;
        this.reloader = reloader;
    }

    /**
     * Starts jvs.
     *
     * @param options what to run
     * @param log where status lines go
     * @return the running server
     * @throws IOException when a file cannot be read or the admin address cannot be bound
     * @throws ConfigException when the configuration is refused; nothing runs
     */
    public static ServerRuntime start(Options options, PrintWriter log) throws IOException, ConfigException {
        ConfigDocument document = ConfigDocument.read(options.configFile());
        Path directory = options.pluginsOverride() != null ? options.pluginsOverride()
                : document.pluginsDirectory(ServerPaths.defaultPluginsDirectory());
        PluginHost plugins = PluginHost.load(directory.toAbsolutePath().normalize());
        List<AutoCloseable> opened = new ArrayList<>();
        opened.add(plugins);
        try {
            JvsConfig config = document.bind(plugins.schedulers());
            AdminConfig adminConfig = options.adminPortOverride() == null ? config.admin()
                    : config.admin().withPort(options.adminPortOverride());
            DataPlaneLauncher launcher = DataPlaneLaunchers.of(config.engine().dataPlane());
            PacketIo io = launcher.open(config);
            opened.add(io::close);
            Engine engine = EngineFactory.create(config, launcher.engineSettings(config), io, plugins.schedulers(),
                    plugins.evictionListeners());
            LongSupplier clock = System::nanoTime;
            engine.start(clock);
            opened.add(engine);
            ControlPlane control = new ControlPlane(engine, clock);
            opened.add(launcher.attach(config, engine, control));
            control.setPlugins(plugins::reports);
            ConfigReloader reloader = new ConfigReloader(options.configFile(), engine, plugins::schedulers, config);
            control.setReload(() -> reloader.reload().summary());
            AdminServer admin = new AdminServer(control, adminConfig, clock);
            ControlRoutes.install(admin, control);
            admin.start();
            opened.add(admin);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jvs-rates");
                t.setDaemon(true);
                return t;
            });
            opened.add(sampler::shutdownNow);
            JmxMetrics jmx = new JmxMetrics(new EngineMetrics(control));
            opened.add(jmx);
            sampler.scheduleAtFixedRate(() -> {
                try {
                    control.rates().sample(clock.getAsLong());
                    jmx.refresh();
                } catch (RuntimeException e) {
                    System.getLogger(ServerRuntime.class.getName()).log(System.Logger.Level.WARNING,
                            "sampling metrics failed: " + e, e);
                }
            }, 0, 2, TimeUnit.SECONDS);
            ServerRuntime runtime = new ServerRuntime(plugins, config, engine, control, admin, reloader);
            if (options.watchConfig()) {
                Path file = options.configFile().toAbsolutePath().normalize();
                opened.add(new DirectoryWatcher(file.getParent(), file::equals, changed -> {
                    try {
                        log.println("jvs: " + file.getFileName() + " changed; " + reloader.reload().summary());
                    } catch (ConfigException e) {
                        log.println("jvs: " + file.getFileName() + " changed but is refused (" + e.problems().size()
                                + " problems); nothing changed:");
                        e.problems().forEach(p -> log.println("  " + p));
                    } catch (IOException e) {
                        log.println("jvs: " + file.getFileName() + " changed but cannot be read: " + e.getMessage());
                    }
                    log.flush();
                }));
            }
            PluginDropIn dropIn = new PluginDropIn(plugins, engine);
            opened.add(new DirectoryWatcher(plugins.directory(), PluginDropIn::isJar, jars -> {
                for (String line : dropIn.apply(jars)) {
                    log.println("jvs: plugins: " + line);
                }
                log.flush();
            }));
            runtime.resources.addAll(opened);
            log.println("jvs: running " + config.services().size() + " services on the "
                    + config.engine().dataPlane().configName() + " data plane with " + config.engine().workers()
                    + (config.engine().workers() == 1 ? " worker" : " workers") + "; admin endpoint " + admin.url());
            log.flush();
            return runtime;
        } catch (IOException | ConfigException | RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** Returns the engine. @return the engine */
    public Engine engine() {
        return engine;
    }

    /** Returns the control plane. @return the control plane */
    public ControlPlane control() {
        return control;
    }

    /** Returns the admin endpoint. @return the endpoint */
    public AdminServer admin() {
        return admin;
    }

    /** Returns the reloader. @return the reloader */
    public ConfigReloader reloader() {
        return reloader;
    }

    /** Returns the plugin host. @return the host */
    public PluginHost plugins() {
        return plugins;
    }

    /** Returns the configuration it started with. @return the configuration */
    public JvsConfig config() {
        return config;
    }

    /** Stops the watcher, the admin endpoint, the engine, the data plane and the plugins. */
    @Override
    public void close() {
        closeAll(resources);
        resources.clear();
    }

    private static void closeAll(List<AutoCloseable> list) {
        for (int i = list.size() - 1; i >= 0; i--) {
            try {
                list.get(i).close();
            } catch (Exception e) {
                System.getLogger(ServerRuntime.class.getName()).log(System.Logger.Level.WARNING,
                        "closing " + list.get(i) + " failed: " + e, e);
            }
        }
    }
}
