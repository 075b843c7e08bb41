package io.jvs.server.plugin;

import io.jvs.plugincheck.PluginJarCheck;
import io.jvs.spi.EvictionListener;
import io.jvs.spi.SchedulerFactory;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads every plugin jar of a directory with PF4J and puts their extensions to use: scheduler
 * factories into a {@link SchedulerRegistry}, eviction listeners into a list. PF4J gives each jar
 * its own class loader; nothing of PF4J ({@code PluginWrapper}, {@code PluginManager}) is handed
 * to plugins or callers.
 *
 * <p><b>Isolation:</b> one bad jar never stops the others. Each jar is checked
 * ({@link PluginJarCheck}: readable, PF4J manifest, {@code META-INF/extensions.idx}, no bundled
 * framework classes), its {@code Plugin-Requires} compared with the server's SPI version, then
 * every extension class it lists is loaded and instantiated on its own. Whatever fails (corrupt
 * jar, duplicate plugin id, missing class, constructor, static initializer or {@code name()}
 * throwing, duplicate scheduler name) is recorded in that jar's {@link PluginReport}; a jar none
 * of whose extensions could be used is unloaded again.
 *
 * <p>Jars are loaded in file-name order, so that "the first" of two schedulers with the same name
 * is well defined: the one from the jar whose name sorts first.
 *
 * <p><b>Thread safety:</b> {@link #load} and {@link #close} run on the control plane; the
 * accessors return immutable lists and may be called from any thread.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Path directory;
    private final String spiVersion;
    private final SchedulerRegistry schedulers;
    private final PluginManager manager;
    private final List<PluginReport> reports = new ArrayList<>();
    private final List<EvictionListener> evictionListeners = new ArrayList<>();
    private final Map<String, Path> jarsById = new HashMap<>();
    private final Map<Path, String> notes = new HashMap<>();

    private PluginHost(Path directory, String spiVersion, SchedulerRegistry schedulers) {
        this.directory = directory;
        this.spiVersion = spiVersion;
        this.schedulers = schedulers;
        this.manager = new JarPluginManager(directory);
        this.manager.setSystemVersion(spiVersion);
    }

    /**
     * Loads every {@code *.jar} of a directory into a new registry, with this server's SPI version.
     *
     * @param directory the plugins directory
     * @return the host, with a report per jar
     * @throws IOException when the directory does not exist or cannot be listed
     */
    public static PluginHost load(Path directory) throws IOException {
        return load(directory, new SchedulerRegistry(), SpiVersion.current());
    }

    /**
     * Loads every {@code *.jar} of a directory, registering scheduler factories into
     * {@code schedulers}.
     *
     * @param directory the plugins directory
     * @param schedulers the registry to fill (it may already hold in-process schedulers, which then
     *     win over plugins with the same name)
     * @param spiVersion the SPI version plugins must accept in their {@code Plugin-Requires}, as
     *     {@code MAJOR.MINOR.PATCH}; normally {@link SpiVersion#current()}
     * @return the host, with a report per jar
     * @throws IOException when the directory does not exist or cannot be listed
     */
    public static PluginHost load(Path directory, SchedulerRegistry schedulers, String spiVersion)
            throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "not a plugins directory");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(directory)) {
            jars = files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
                    .sorted()
                    .toList();
        }
        PluginHost host = new PluginHost(directory, SpiVersion.withoutQualifier(spiVersion), schedulers);
        for (Path jar : jars) {
            PluginReport report = host.loadJar(jar);
            host.reports.add(report);
            if (report.status() == PluginStatus.LOADED) {
                LOG.info("plugin {}", report);
            } else {
                LOG.warn("plugin {}", report);
            }
        }
        return host;
    }

    private PluginReport loadJar(Path jar) {
        JarReport report = new JarReport(jar);
        report.problems.addAll(PluginJarCheck.problems(jar));
        List<String> classNames = List.of();
        String requires = "";
        if (report.problems.isEmpty()) {
            try {
                Attributes manifest = readManifest(jar);
                report.pluginId = manifest.getValue(PluginJarCheck.PLUGIN_ID).strip();
                report.version = manifest.getValue(PluginJarCheck.PLUGIN_VERSION).strip();
                requires = manifest.getValue("Plugin-Requires") == null ? "" : manifest.getValue("Plugin-Requires");
                classNames = PluginJarCheck.extensionClassNames(jar);
            } catch (IOException | RuntimeException e) {
                report.problems.add("cannot read the jar: " + e);
            }
        }
        if (!report.problems.isEmpty()) {
            return report.failed();
        }
        Path firstJar = jarsById.get(report.pluginId);
        if (firstJar != null) {
            report.problems.add("plugin id '" + report.pluginId + "' is already loaded from " + firstJar
                    + "; this jar is ignored");
            return report.failed();
        }
        String requiresProblem = checkRequires(requires.strip());
        if (requiresProblem != null) {
            report.problems.add(requiresProblem);
            return report.failed();
        }
        String loadedId = loadAndStart(jar, report);
        if (loadedId == null) {
            return report.failed();
        }
        jarsById.put(loadedId, jar);
        ClassLoader loader = manager.getPluginClassLoader(loadedId);
        PluginOrigin origin = new PluginOrigin(loadedId, jar);
        int used = 0;
        for (String className : classNames) {
            used += useExtension(className, loader, origin, report) ? 1 : 0;
        }
        if (used == 0) {
            manager.unloadPlugin(loadedId);
            jarsById.remove(loadedId);
            if (report.problems.isEmpty()) {
                report.problems.add("it has no extension jvs can use");
            }
            return report.failed();
        }
        return report.build(report.problems.isEmpty() ? PluginStatus.LOADED : PluginStatus.PARTIAL);
    }

    private static Attributes readManifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            return manifest.getMainAttributes();
        }
    }

    /** Returns why the plugin's Plugin-Requires excludes this server, or {@code null} when it accepts it. */
    private String checkRequires(String requires) {
        if (requires.isEmpty() || requires.equals("*")) {
            return null;
        }
        String expression = requires.matches("\\d+\\.\\d+\\.\\d+") ? ">=" + requires : requires;
        try {
            if (manager.getVersionManager().checkVersionConstraint(spiVersion, expression)) {
                return null;
            }
            return "it requires jvs-spi '" + requires + "' (Plugin-Requires) and this server provides " + spiVersion;
        } catch (RuntimeException e) {
            return "its Plugin-Requires '" + requires + "' is not a valid version expression: " + e;
        }
    }

    /** Loads the jar with PF4J and starts it; returns its id, or {@code null} after recording why not. */
    private String loadAndStart(Path jar, JarReport report) {
        String loadedId;
        try {
            loadedId = manager.loadPlugin(jar);
        } catch (RuntimeException | LinkageError e) {
            report.problems.add("PF4J could not load it: " + e);
            return null;
        }
        if (loadedId == null) {
            report.problems.add("PF4J could not load it (see the log)");
            return null;
        }
        PluginWrapper wrapper = manager.getPlugin(loadedId);
        if (wrapper.getPluginState() == PluginState.DISABLED) {
            report.problems.add("it is disabled (disabled.txt or enabled.txt in " + directory + ")");
            manager.unloadPlugin(loadedId);
            return null;
        }
        Throwable startFailure = null;
        try {
            manager.startPlugin(loadedId);
        } catch (RuntimeException | LinkageError e) {
            startFailure = e;
        }
        if (wrapper.getPluginState() != PluginState.STARTED) {
            Throwable cause = startFailure != null ? startFailure : wrapper.getFailedException();
            report.problems.add("it failed to start (Plugin-Class '" + wrapper.getDescriptor().getPluginClass()
                    + "'): " + (cause == null ? "state " + wrapper.getPluginState() + ", see the log" : describe(cause)));
            try {
                manager.unloadPlugin(loadedId);
            } catch (RuntimeException e) {
                LOG.warn("could not unload plugin {} after its failed start", loadedId, e);
            }
            return null;
        }
        return loadedId;
    }

    /** Loads, instantiates and registers one extension; returns whether it is now in use. */
    private boolean useExtension(String className, ClassLoader loader, PluginOrigin origin, JarReport report) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Class<?> type;
            try {
                type = Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                report.problems.add("extension " + className + " cannot be loaded: " + describe(e));
                return false;
            }
            boolean isScheduler = SchedulerFactory.class.isAssignableFrom(type);
            boolean isListener = EvictionListener.class.isAssignableFrom(type);
            if (!isScheduler && !isListener) {
                report.problems.add("extension " + className + " implements no jvs extension point"
                        + (implementsForeignCopy(type) ? " of this server: the jar carries its own copy of"
                                + " io.jvs.spi; declare jvs-spi with scope provided" : "; ignored"));
                return false;
            }
            Object extension;
            try {
                extension = type.getDeclaredConstructor().newInstance();
            } catch (NoSuchMethodException e) {
                report.problems.add("extension " + className + " needs a public no-argument constructor");
                return false;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                report.problems.add("extension " + className + " cannot be created: " + describe(e));
                return false;
            }
            boolean used = false;
            if (isScheduler) {
                try {
                    RegisteredScheduler registered = schedulers.register((SchedulerFactory) extension, origin);
                    report.schedulers.add(registered.name());
                    used = true;
                } catch (SchedulerRegistrationException e) {
                    report.problems.add(e.getMessage());
                }
            }
            if (isListener) {
                evictionListeners.add((EvictionListener) extension);
                report.evictionListeners.add(className);
                used = true;
            }
            return used;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static boolean implementsForeignCopy(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> implemented : c.getInterfaces()) {
                String name = implemented.getName();
                if (name.equals(SchedulerFactory.class.getName()) || name.equals(EvictionListener.class.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Unwraps reflection and initializer wrappers and names the plugin's own exception. */
    private static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof InvocationTargetException || cause instanceof ExceptionInInitializerError)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String where = error instanceof ExceptionInInitializerError ? "its static initializer threw "
                : error instanceof InvocationTargetException ? "its constructor threw " : "";
        if (cause instanceof NoClassDefFoundError || cause instanceof ClassNotFoundException) {
            return where + cause + " (a class it needs is neither in the jar nor provided by the server)";
        }
        return where + cause;
    }

    /**
     * Returns what became of each jar, in load order.
     *
     * @return one report per jar found
     */
    public synchronized List<PluginReport> reports() {
        List<PluginReport> out = new ArrayList<>(reports.size());
        for (PluginReport r : reports) {
            String note = notes.get(r.jar());
            out.add(note == null ? r : r.withNote(note));
        }
        return List.copyOf(out);
    }

    /**
     * Attaches a note to a jar's report, for what needs the operator's attention although the plugin
     * runs (a jar removed from the directory while services use it). {@link #reports()} shows it
     * among the problems, and so does {@code /proc/jvs/plugins}, until the jar is loaded again or
     * unloaded.
     *
     * @param jar the jar
     * @param note one line
     */
    public synchronized void setNote(Path jar, String note) {
        notes.put(jar, Objects.requireNonNull(note, "note"));
    }

    /**
     * Loads one more jar of the directory while the server runs (a drop-in): its schedulers become
     * usable at once. The jar goes through every check of {@link #load}.
     *
     * @param jar the jar
     * @return its report (also added to {@link #reports()})
     */
    public synchronized PluginReport addJar(Path jar) {
        notes.remove(jar);
        PluginReport report = loadJar(jar);
        reports.add(report);
        if (report.status() == PluginStatus.LOADED) {
            LOG.info("plugin {}", report);
        } else {
            LOG.warn("plugin {}", report);
        }
        return report;
    }

    /**
     * Tells whether a jar is loaded (its plugin started and in use).
     *
     * @param jar the jar
     * @return {@code true} when a loaded plugin came from it
     */
    public synchronized boolean isLoaded(Path jar) {
        return jarsById.containsValue(jar);
    }

    /**
     * Returns the schedulers a loaded jar registered.
     *
     * @param jar the jar
     * @return the names, empty when the jar is not loaded
     */
    public synchronized List<String> schedulersOf(Path jar) {
        for (PluginReport r : reports) {
            if (r.jar().equals(jar) && r.status() != PluginStatus.FAILED) {
                return r.schedulers();
            }
        }
        return List.of();
    }

    /**
     * Unloads a jar loaded earlier: unregisters its schedulers and eviction listeners, stops and
     * unloads its plugin, and forgets its report. The caller checks first that no service uses its
     * schedulers; schedulers already created from it must no longer be used.
     *
     * @param jar the jar
     * @return {@code true} when a plugin was unloaded
     */
    public synchronized boolean removeJar(Path jar) {
        notes.remove(jar);
        String id = null;
        for (Map.Entry<String, Path> e : jarsById.entrySet()) {
            if (e.getValue().equals(jar)) {
                id = e.getKey();
            }
        }
        reports.removeIf(r -> r.jar().equals(jar));
        if (id == null) {
            return false;
        }
        for (RegisteredScheduler registered : schedulers.all()) {
            if (id.equals(registered.origin().pluginId())) {
                schedulers.unregister(registered.name());
            }
        }
        ClassLoader loader = manager.getPluginClassLoader(id);
        evictionListeners.removeIf(l -> l.getClass().getClassLoader() == loader);
        manager.stopPlugin(id);
        manager.unloadPlugin(id);
        jarsById.remove(id);
        LOG.info("plugin {} unloaded ({})", id, jar);
        return true;
    }

    /**
     * Returns the registry the plugins' scheduler factories were registered in.
     *
     * @return the registry
     */
    public SchedulerRegistry schedulers() {
        return schedulers;
    }

    /**
     * Returns the eviction listeners contributed by plugins, in load order.
     *
     * @return an unmodifiable list
     */
    public synchronized List<EvictionListener> evictionListeners() {
        return List.copyOf(evictionListeners);
    }

    /**
     * Returns the plugins directory.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the SPI version plugins were checked against.
     *
     * @return {@code MAJOR.MINOR.PATCH}
     */
    public String spiVersion() {
        return spiVersion;
    }

    /**
     * Stops and unloads every plugin and closes their class loaders. Schedulers created from them
     * must no longer be used; call this when the server stops.
     */
    @Override
    public void close() {
        manager.stopPlugins();
        manager.unloadPlugins();
    }

    /** The report of one jar while it is being loaded. */
    private static final class JarReport {
        final Path jar;
        String pluginId;
        String version = "";
        final List<String> schedulers = new ArrayList<>();
        final List<String> evictionListeners = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        JarReport(Path jar) {
            this.jar = jar;
            this.pluginId = jar.getFileName().toString();
        }

        PluginReport failed() {
            return new PluginReport(pluginId, version, jar, PluginStatus.FAILED, List.of(), List.of(), problems);
        }

        PluginReport build(PluginStatus status) {
            return new PluginReport(pluginId, version, jar, status, schedulers, evictionListeners, problems);
        }
    }
}
