package io.jvs.server.engine;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where a jvs installation keeps its files. In a source tree ({@code bin/jvs} sets the
 * {@code jvs.home} system property, or the {@code JVS_HOME} environment variable names it) the
 * standard plugins are in {@code framework/server/target/plugins}, next to the runnable jar; in any
 * other layout, in the {@code plugins} folder next to the jar.
 */
public final class ServerPaths {

    /** System property naming the jvs home (the source tree's root). */
    public static final String HOME_PROPERTY = "jvs.home";
    /** Environment variable naming the jvs home, used when the property is not set. */
    public static final String HOME_VARIABLE = "JVS_HOME";
    /** Where the build puts the standard plugins, relative to the jvs home. */
    public static final String SOURCE_TREE_PLUGINS = "framework/server/target/plugins";

    private ServerPaths() {
    }

    /**
     * Returns the jvs home.
     *
     * @return the folder named by {@value #HOME_PROPERTY} or {@value #HOME_VARIABLE}, or {@code null}
     */
    public static Path home() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            home = System.getenv(HOME_VARIABLE);
        }
        return home == null || home.isBlank() ? null : Path.of(home).toAbsolutePath().normalize();
    }

    /**
     * Returns the plugins directory to use when neither the command line nor the configuration names
     * one: {@code $JVS_HOME/framework/server/target/plugins}, else {@code plugins} next to the jar,
     * else {@code plugins} in the working directory.
     *
     * @return the directory (it may not exist)
     */
    public static Path defaultPluginsDirectory() {
        Path home = home();
        if (home != null && Files.isDirectory(home.resolve(SOURCE_TREE_PLUGINS))) {
            return home.resolve(SOURCE_TREE_PLUGINS);
        }
        Path jarFolder = jarFolder();
        if (jarFolder != null) {
            return jarFolder.resolve("plugins");
        }
        return home != null ? home.resolve(SOURCE_TREE_PLUGINS) : Path.of("plugins").toAbsolutePath();
    }

    /** Returns the folder of the jar this class was loaded from, or {@code null} when not from a jar. */
    private static Path jarFolder() {
        CodeSource source = ServerPaths.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? location.getParent() : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
