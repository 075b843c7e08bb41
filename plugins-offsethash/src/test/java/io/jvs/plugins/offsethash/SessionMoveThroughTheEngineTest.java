package io.jvs.plugins.offsethash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.conn.TimeoutProfile;
import io.jvs.engine.embedded.EmbeddedEngine;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.EvictionListener;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;

/**
 * The stale-entry problem of a 5-tuple connection cache, solved by offh's session keys, through the
 * whole packet engine ({@link EmbeddedEngine}); UDP entries live an hour, so nothing here relies on
 * expiry. Evictions are observed by a listener plugin extension ({@link RecordingEvictionListener})
 * that a PF4J plugin manager finds in the test classes' extension index.
 */
class SessionMoveThroughTheEngineTest {

    private static final long HOUR_NANOS = 3_600_000_000_000L;
    private static final String VIP = "203.0.113.5";
    private static final int PORT = 4000;
    private static final String A_T1 = "198.51.100.10";
    private static final String A_T2 = "198.51.100.20";

    private final OffsetHashSchedulerFactory factory = new OffsetHashSchedulerFactory();
    private final List<FakeSchedulerContext> contexts = new ArrayList<>();
    private final List<Scheduler> created = new ArrayList<>();
    private RecordingEvictionListener listener;

    @TempDir
    Path emptyPluginsDir;

    @BeforeEach
    void findTheListenerPlugin() throws Exception {
        PluginManager plugins = new DefaultPluginManager(Files.createDirectories(emptyPluginsDir.resolve("plugins")));
        List<EvictionListener> found = plugins.getExtensions(EvictionListener.class);
        assertEquals(1, found.size(), "the listener extension is indexed: " + found);
        listener = (RecordingEvictionListener) found.get(0);
    }

    /** The server's job, done for one factory: text parameters typed by their declarations. */
    private SchedulerProvider provider() {
        return new SchedulerProvider() {
            @Override
            public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
                Map<String, Object> typed = new HashMap<>();
                for (ParameterSpec spec : factory.parameters()) {
                    String text = parameters.get(spec.name());
                    if (text != null) {
                        typed.put(spec.name(), switch (spec.type()) {
                            case INTEGER -> Long.parseLong(text);
                            case BOOLEAN -> Boolean.parseBoolean(text);
                            case STRING, CHOICE -> text;
                        });
                    }
                }
                FakeSchedulerContext context = FakeSchedulerContext.of(service,
                        FakeParameters.defaults(factory.parameters(), typed));
                try {
                    Scheduler scheduler = factory.create(context);
                    contexts.add(context);
                    created.add(scheduler);
                    return scheduler;
                } catch (InvalidParameterException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }

            @Override
            public boolean exists(String name) {
                return name.equals(factory.name());
            }
        };
    }

    private EmbeddedEngine engine(Map<String, String> parameters) {
        EmbeddedEngine engine = new EmbeddedEngine(EngineSettings.defaults().withConnectionsPerWorker(4096)
                .withTimeouts(TimeoutProfile.ipvs().withUdp(HOUR_NANOS)), provider());
        engine.engine().evictions().setListeners(List.of(listener));
        engine.services().apply(List.of(ServiceSpec.of(ServiceKey.udp(VIP, PORT), "offh",
                DestinationSpec.nat("10.0.0.1", PORT), DestinationSpec.nat("10.0.0.2", PORT),
                DestinationSpec.nat("10.0.0.3", PORT)).withSchedulerParameters(parameters)));
        return engine;
    }

    /** A datagram of 24 bytes: a 4-byte header, the session id at offset 4 (8 bytes), then 12 bytes of data. */
    private static byte[] payload(long session, int sequence) {
        return ByteBuffer.allocate(24).putInt(0xC0DE0000 | sequence).putLong(session).putInt(sequence).putLong(~session)
                .array();
    }

    private static byte[] datagram(String client, int port, byte[] payload) {
        return PacketBuilder.udp4().src(client, port).dst(VIP, PORT).payload(payload).build();
    }

    private static String destinationOf(List<byte[]> out) {
        assertEquals(1, out.size(), "one frame forwarded");
        ParsedPacket p = new ParsedPacket();
        assertEquals(ParseResult.OK, PacketParser.parse(MemorySegment.ofArray(out.get(0)), 0, out.get(0).length, p));
        int a = p.destinationAddressWord(0);
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255) + ":" + p.destinationPort();
    }

    /** The destination offh chooses for a session, asked directly (not through the engine). */
    private String choiceOf(ServiceView service, long session) {
        return created.get(0).schedule(service, FakePacket.udp("192.0.2.1", 1, VIP, PORT).payload(payload(session, 0)), 0)
                .key();
    }

    @Test
    void shouldKeepAMovingClientOnItsDestinationAndNeverSendTheNextTupleOwnerThere() {
        try (EmbeddedEngine e = engine(Map.of("offset", "4", "offlen", "8"))) {
            ServiceView service = e.services().table().find(AddressFamily.IPV4, IpProtocol.UDP, FakePacket.ipv4Word(VIP), 0, 0, 0, PORT, 0);
            long s1 = 0x5E55_1000_0000_0001L;
            long s2 = s1 + 1;
            while (choiceOf(service, s2).equals(choiceOf(service, s1))) {
                s2++;
            }

            // (a) client A at T1 with session S1
            String dS1 = destinationOf(e.send(datagram(A_T1, 5000, payload(s1, 1))));
            assertEquals(choiceOf(service, s1), dS1);
            assertEquals(List.of(), listener.events());

            // (b) A moves to T2 with S1: same destination, and T1's entry is evicted at once (no expiry)
            String moved = destinationOf(e.send(datagram(A_T2, 6000, payload(s1, 2))));
            assertEquals(dS1, moved);
            assertEquals(List.of("REPLACED " + A_T1 + ":5000->" + dS1), listener.events());
            assertEquals(1, e.liveEntries(0).size());

            // (c) client B takes over T1 with S2: its own destination, never A's
            String dS2 = destinationOf(e.send(datagram(A_T1, 5000, payload(s2, 1))));
            assertNotEquals(dS1, dS2, "B must not be sent to A's destination");
            assertEquals(choiceOf(service, s2), dS2);
            assertEquals(1, listener.events().size(), "taking over an evicted tuple evicts nothing");
            assertEquals(2, e.liveEntries(0).size());

            // and both keep going where they belong
            assertEquals(dS1, destinationOf(e.send(datagram(A_T2, 6000, payload(s1, 3)))));
            assertEquals(dS2, destinationOf(e.send(datagram(A_T1, 5000, payload(s2, 2)))));
            assertEquals(1, listener.events().size());
        }
    }

    @Test
    void shouldRescheduleLiveSessionsWhenTheParameterFileMovesTheSessionId() throws InvalidParameterException {
        try (EmbeddedEngine e = engine(Map.of("offset", "4", "offlen", "8"))) {
            String d = destinationOf(e.send(datagram(A_T1, 5000, payload(42, 1))));
            Scheduler offh = created.get(0);
            offh.writeParameterText("offset:0 offlen:4");
            assertEquals("offset:0;offlen:4", offh.parameterText());
            destinationOf(e.send(datagram(A_T1, 5000, payload(42, 2))));
            assertEquals(List.of("RESCHEDULED " + A_T1 + ":5000->" + d), listener.events(),
                    "the key of the live entry changed with the position");
        }
    }

    @Test
    void shouldDropAShortFirstDatagramWhenTheServiceAsksAndCountIt() {
        try (EmbeddedEngine e = engine(Map.of("offset", "4", "offlen", "8", "short-payload", "drop"))) {
            assertEquals(List.of(), e.send(datagram(A_T1, 5000, new byte[11])));
            assertEquals(1, contexts.get(0).metrics().count("short-payload-drops"));
            destinationOf(e.send(datagram(A_T1, 5000, new byte[12])));
        }
    }

    @Test
    void shouldRefuseATcpServiceInThePacketEngine() {
        try (EmbeddedEngine e = new EmbeddedEngine(EngineSettings.defaults().withConnectionsPerWorker(1024), provider())) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> e.services().apply(List.of(ServiceSpec.of(ServiceKey.tcp(VIP, 80), "offh",
                            DestinationSpec.nat("10.0.0.1", 80)))));
            assertTrue(refused.getMessage().contains("offh cannot serve the tcp service TCP " + VIP + ":80"),
                    refused.getMessage());
            assertEquals(List.of(), e.services().specs());
        }
    }
}
