package io.jvs.server;

import io.jvs.server.plugin.PluginHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Where the tests find the source tree's samples and the real plugin jars (set by surefire). */
public final class SourceTree {

    private SourceTree() {
    }

    /** {@return the source tree's root} */
    public static Path home() {
        return Path.of(System.getProperty("jvs.test.home", "../..")).toAbsolutePath().normalize();
    }

    /** {@return examples/sample.yaml} */
    public static Path sampleConfig() {
        return home().resolve("examples/sample.yaml");
    }

    /** {@return examples/sample.pcap} */
    public static Path sampleCapture() {
        return home().resolve("examples/sample.pcap");
    }

    /** {@return the folder holding the real plugin jars (rr from jvs-ipvs-schedulers, fa from the example)} */
    public static Path plugins() {
        return Path.of(System.getProperty("jvs.test.plugins", "target/test-plugins")).toAbsolutePath();
    }

    /** {@return the folder holding jvs-http-scheduler with the IPVS and Maglev plugins it uses as inner schedulers} */
    public static Path httpPlugins() {
        return Path.of(System.getProperty("jvs.test.http.plugins", "target/test-http-plugins")).toAbsolutePath();
    }

    /** {@return a plugin host over the real plugin jars; close it after use} */
    public static PluginHost loadPlugins() {
        try {
            return PluginHost.load(plugins());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
