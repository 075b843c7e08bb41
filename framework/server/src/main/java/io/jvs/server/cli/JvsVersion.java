package io.jvs.server.cli;

import io.jvs.server.plugin.SpiVersion;
import picocli.CommandLine;

/** What {@code jvs version} and {@code jvs --version} print. */
public final class JvsVersion implements CommandLine.IVersionProvider {

    /** Creates the provider (picocli instantiates it). */
    public JvsVersion() {
    }

    /**
     * Returns the version line.
     *
     * @return {@code jvs 0.1.0-SNAPSHOT (scheduler SPI 0.1.0, Java 25.0.1)}
     */
    public static String line() {
        return "jvs " + SpiVersion.artifactVersion() + " (scheduler SPI " + SpiVersion.current() + ", Java "
                + Runtime.version() + ")";
    }

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }
}
