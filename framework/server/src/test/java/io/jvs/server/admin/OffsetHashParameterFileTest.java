package io.jvs.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.Engine;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.service.VirtualService;
import io.jvs.server.config.AdminConfig;
import io.jvs.server.config.ConfigDocument;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.engine.EngineFactory;
import io.jvs.server.plugin.PluginHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offh parameter file through real HTTP: the plugin loaded from its jar, a UDP service on the
 * in-memory data plane, and datagrams through the real packet path showing which bytes decide.
 *
 * <pre>
 * payload  0      4                     12
 *          | head |  session id (8 B)    |
 * S set:   same head, session ids differing only in bytes 8..11
 * H set:   heads differing, one session id
 * default  offset:0;offlen:8  -> key = bytes 0..7: S meets one destination, H spreads
 * PUT      offset:4 offlen:8  -> key = bytes 4..11: S spreads, H meets one destination
 * </pre>
 */
class OffsetHashParameterFileTest {

    private static final int DESTINATIONS = 8;
    private static final int FLOWS = 16;
    private static final long NOW_NANOS = 1_000_000_000L;

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private PluginHost plugins;
    private InMemoryPacketIo io;
    private Engine engine;
    private AdminServer admin;
    private String file;
    private int nextClientPort = 10_000;

    @BeforeEach
    void start() throws Exception {
        Path jars = Files.createDirectory(dir.resolve("plugins"));
        Files.copy(Path.of(System.getProperty("jvs.test.dropin.plugins")).resolve("jvs-offsethash-scheduler.jar"),
                jars.resolve("jvs-offsethash-scheduler.jar"));
        plugins = PluginHost.load(jars);
        StringBuilder yaml = new StringBuilder("""
                engine: {data-plane: memory, connections-per-worker: 1024}
                services:
                  - protocol: udp
                    address: 203.0.113.5
                    port: 4000
                    scheduler: offh
                    destinations:
                """);
        for (int d = 1; d <= DESTINATIONS; d++) {
            yaml.append("      - {address: 198.51.100.").append(d).append(", port: 4000}\n");
        }
        JvsConfig config = ConfigDocument.parse(yaml.toString(), "offh.yaml", dir).bind(plugins.schedulers());
        io = new InMemoryPacketIo(1, 64, 32);
        engine = EngineFactory.create(config, io, plugins.schedulers(), plugins.evictionListeners());
        ControlPlane control = new ControlPlane(engine, () -> NOW_NANOS);
        control.setPlugins(plugins::reports);
        admin = new AdminServer(control, AdminConfig.DEFAULT.withPort(0), () -> 0L);
        admin.start();
        VirtualService service = control.services().table().services().getFirst();
        file = "/proc/jvs/services/" + service.id() + "/scheduler";
    }

    @AfterEach
    void stop() {
        admin.close();
        engine.close();
        io.close();
        plugins.close();
    }

    private HttpResponse<String> request(String method, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(admin.url() + file));
        builder = body == null ? builder.GET() : builder.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] payload(int head, long session) {
        byte[] p = new byte[12];
        for (int i = 0; i < 4; i++) {
            p[i] = (byte) (head >>> (24 - 8 * i));
        }
        for (int i = 0; i < 8; i++) {
            p[4 + i] = (byte) (session >>> (56 - 8 * i));
        }
        return p;
    }

    /** Sends a datagram of a new flow (a client port never used before) and returns its destination's last octet. */
    private int destinationOf(byte[] payload) {
        io.inject(0, PacketBuilder.udp4().src("192.0.2.10", nextClientPort++).dst("203.0.113.5", 4000)
                .payload(payload).build());
        engine.workers().getFirst().doWork(NOW_NANOS);
        List<byte[]> out = io.drainTransmitted(0);
        assertEquals(1, out.size(), "one datagram forwarded");
        byte[] frame = out.getFirst();
        assertEquals(0x0800, ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF), "an IPv4 frame");
        int ipv4 = 14;
        assertEquals("198.51.100.", (frame[ipv4 + 16] & 0xFF) + "." + (frame[ipv4 + 17] & 0xFF) + "."
                + (frame[ipv4 + 18] & 0xFF) + ".", "NAT to a destination");
        return frame[ipv4 + 19] & 0xFF;
    }

    /** S: one head, sessions differing only in their last four bytes (payload bytes 8..11). */
    private Set<Integer> destinationsOfSessionsDifferingInBytes8To11() {
        Set<Integer> seen = new LinkedHashSet<>();
        for (int i = 0; i < FLOWS; i++) {
            seen.add(destinationOf(payload(0x0A0B0C0D, 0x1122334400000000L | i * 0x01010101L)));
        }
        return seen;
    }

    /** H: heads (payload bytes 0..3) differing, one session id in bytes 4..11. */
    private List<Integer> destinationsOfHeadsDifferingInBytes0To3() {
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < FLOWS; i++) {
            seen.add(destinationOf(payload(0x01000000 * (i + 1) + i, 0x5566778899AABBCCL)));
        }
        return seen;
    }

    @Test
    void shouldReadTheDefaultsAndChangeTheNextDecisionsOnAValidWrite() throws Exception {
        HttpResponse<String> initial = request("GET", null);
        assertEquals(200, initial.statusCode());
        assertEquals("offset:0;offlen:8", initial.body());
        assertEquals(1, destinationsOfSessionsDifferingInBytes8To11().size(), "bytes 8..11 are outside the key");
        assertTrue(new LinkedHashSet<>(destinationsOfHeadsDifferingInBytes0To3()).size() > 1,
                "bytes 0..3 are in the key");

        HttpResponse<String> written = request("PUT", "offset:4 offlen:8\n");
        assertEquals(200, written.statusCode(), written.body());
        assertEquals("offset:4;offlen:8", written.body());
        assertEquals("offset:4;offlen:8", request("GET", null).body());

        assertTrue(destinationsOfSessionsDifferingInBytes8To11().size() > 1, "bytes 8..11 are now in the key");
        List<Integer> heads = destinationsOfHeadsDifferingInBytes0To3();
        assertEquals(1, new LinkedHashSet<>(heads).size(), "equal bytes 4..11 meet one destination: " + heads);
    }

    @Test
    void shouldRefuseInvalidWritesWithEinvalAndChangeNothing() throws Exception {
        assertEquals(200, request("PUT", "offset:4;offlen:8").statusCode());
        int destination = destinationsOfHeadsDifferingInBytes0To3().getFirst();

        for (String[] row : new String[][] {
            {"offset:4 offlen:0", "offlen"},
            {"offlen:65", "EINVAL"},
            {"offset:4 offlen:65", "offlen"},
            {"offset:1473 offlen:8", "offset"},
            {"garbage", "EINVAL"},
        }) {
            HttpResponse<String> refused = request("PUT", row[0]);
            assertEquals(400, refused.statusCode(), row[0] + ": " + refused.body());
            assertTrue(refused.body().contains("EINVAL"), row[0] + ": " + refused.body());
            assertTrue(refused.body().contains(row[1]), row[0] + ": " + refused.body());
            assertEquals("offset:4;offlen:8", request("GET", null).body(), row[0] + " changed nothing");
            List<Integer> heads = destinationsOfHeadsDifferingInBytes0To3();
            assertEquals(Set.of(destination), new LinkedHashSet<>(heads), row[0] + ": decisions unchanged");
        }
    }
}
