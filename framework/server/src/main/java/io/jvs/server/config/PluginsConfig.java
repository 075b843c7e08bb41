package io.jvs.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code plugins} section.
 *
 * @param directory the plugins directory, resolved against the configuration file's folder; or
 *     {@code null} when the file names none and the server's default applies (the {@code plugins}
 *     folder next to the server's jar: {@code framework/server/target/plugins} in a source tree)
 */
public record PluginsConfig(Path directory) {

    /** Key of {@link #directory}. */
    public static final String DIRECTORY = "directory";

    /** The keys of this section. */
    public static final List<String> KEYS = List.of(DIRECTORY);

    /** No directory named: the server's default. */
    public static final PluginsConfig DEFAULT = new PluginsConfig(null);

    /**
     * Reads the {@code plugins} section.
     *
     * @param in the section's mapping
     * @param baseDirectory the folder a relative directory is resolved against
     * @return the section
     */
    static PluginsConfig read(MappingReader in, Path baseDirectory) {
        String text = in.text(DIRECTORY, null, "a directory path");
        if (text == null) {
            return DEFAULT;
        }
        try {
            return new PluginsConfig(baseDirectory.resolve(text).normalize());
        } catch (InvalidPathException e) {
            in.problem(DIRECTORY, "'" + text + "' is not a valid path: " + e.getReason());
            return DEFAULT;
        }
    }
}
