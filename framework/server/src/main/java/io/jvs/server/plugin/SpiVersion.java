package io.jvs.server.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the scheduler SPI this server provides, compared with each plugin's
 * {@code Plugin-Requires} manifest entry (a semver expression such as {@code >=0.1.0 & <0.2.0}).
 */
public final class SpiVersion {

    private static final String RESOURCE = "jvs-spi.properties";

    private SpiVersion() {
    }

    /**
     * Returns the SPI version this server was built with, without a Maven qualifier:
     * {@code 0.1.0-SNAPSHOT} is reported as {@code 0.1.0}, so that snapshot builds satisfy
     * {@code >=0.1.0}.
     *
     * @return a {@code MAJOR.MINOR.PATCH} version
     * @throws IllegalStateException when the build did not write the version resource
     */
    public static String current() {
        return withoutQualifier(artifactVersion());
    }

    /**
     * Returns the Maven version of the jvs artifacts this server was built with, qualifier included
     * ({@code 0.1.0-SNAPSHOT}): the version a plugin project names for {@code jvs-plugin-parent}.
     *
     * @return the version
     * @throws IllegalStateException when the build did not write the version resource
     */
    public static String artifactVersion() {
        Properties properties = new Properties();
        try (InputStream in = SpiVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE + " next to " + SpiVersion.class);
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("spi.version", "");
    }

    /**
     * Drops a Maven qualifier such as {@code -SNAPSHOT} from a version.
     *
     * @param version e.g. {@code 0.1.0-SNAPSHOT}
     * @return e.g. {@code 0.1.0}
     * @throws IllegalArgumentException when the version does not start with {@code MAJOR.MINOR.PATCH}
     */
    public static String withoutQualifier(String version) {
        String core = version.split("-", 2)[0];
        if (!core.matches("\\d+\\.\\d+\\.\\d+")) {
            throw new IllegalArgumentException("not a MAJOR.MINOR.PATCH version: '" + version + "'");
        }
        return core;
    }
}
