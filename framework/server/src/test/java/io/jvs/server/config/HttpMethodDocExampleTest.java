package io.jvs.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.Engine;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.service.VirtualService;
import io.jvs.server.SourceTree;
import io.jvs.server.engine.EngineFactory;
import io.jvs.server.plugin.PluginHost;
import io.jvs.spi.DestinationView;
import io.jvs.testkit.FakePacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The read/write split of {@code docs/schedulers.md} (section {@code http-method}) is a valid
 * configuration: it binds, the engine creates the classifier from the real plugin jars, and the
 * service classifies as the page says.
 */
class HttpMethodDocExampleTest {

    @Test
    void shouldAcceptTheReadWriteSplitOfTheSchedulersPage() throws Exception {
        String page = Files.readString(SourceTree.home().resolve("docs/schedulers.md"));
        int section = page.indexOf("\n## http-method");
        assertTrue(section > 0, "no http-method section in docs/schedulers.md");
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(block.find(section), "no yaml block in the http-method section");
        try (PluginHost plugins = PluginHost.load(SourceTree.httpPlugins())) {
            JvsConfig config = ConfigDocument.parse("engine: {data-plane: memory}\n" + block.group(1),
                    "schedulers.md", SourceTree.home()).bind(plugins.schedulers());
            try (Engine engine = EngineFactory.create(config, new InMemoryPacketIo(config.engine().workers(), 64, 32),
                    plugins.schedulers(), plugins.evictionListeners())) {
                VirtualService service = engine.services().table().services().getFirst();
                assertEquals("http-method", service.spec().scheduler());
                assertEquals("10.0.0.1:8080", choose(service, "GET /items/7 HTTP/1.1"));
                assertEquals("10.0.0.2:8080", choose(service, "GET /items/7 HTTP/1.1"));
                assertEquals("10.0.0.3:8080", choose(service, "PUT /items/7 HTTP/1.1"));
                assertEquals("10.0.0.4:8080", choose(service, "HEAD /static/app.js HTTP/1.1"));
                assertEquals(null, choose(service, "SSH-2.0-OpenSSH_9.6"), "non-http: reset");
                int file = page.indexOf("**The parameter file**", section);
                Matcher shown = Pattern.compile("```\n(.*?)```", Pattern.DOTALL).matcher(page);
                assertTrue(file > 0 && shown.find(file), "no parameter file example");
                assertEquals(shown.group(1), service.scheduler().parameterText(),
                        "the page shows the parameter file after these five connections");
            }
        }
    }

    private static String choose(VirtualService service, String line) {
        FakePacket packet = FakePacket.tcp("192.0.2.9", 40000, "203.0.113.1", 80)
                .payload((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        DestinationView d = service.scheduler().schedule(service, packet, 0);
        return d == null ? null : d.key();
    }
}
