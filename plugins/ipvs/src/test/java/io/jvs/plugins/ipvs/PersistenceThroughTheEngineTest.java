package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.embedded.EmbeddedEngine;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.Persistence;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerFactory;
import io.jvs.spi.ServiceView;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Persistence templates and their netmask work with every IPVS scheduler, through the whole packet
 * engine: every client of one /24 network meets the same destination while its template lives,
 * whatever the scheduler would have chosen, and clients of many networks still spread.
 */
class PersistenceThroughTheEngineTest {

    /**
     * Schedulers whose choice varies here, where every connection is a half-open SYN (inactive):
     * fo, ovf, nq and sed pick the same best destination while nothing is active, and dh, lblc and
     * lblcr hash the virtual address, which is the same for every client.
     */
    private static final Set<String> SPREAD_WITHOUT_ACTIVE_CONNECTIONS = Set.of("rr", "wrr", "lc", "wlc", "sh", "twos");

    static Stream<Named<SchedulerFactory>> factories() throws Exception {
        return SchedulerConformanceTest.factories();
    }

    private static SchedulerProvider provider(SchedulerFactory factory) {
        return new SchedulerProvider() {
            @Override
            public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
                try {
                    return factory.create(FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters())));
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

    private static String destinationOf(List<byte[]> out) {
        assertEquals(1, out.size(), "one frame forwarded");
        ParsedPacket p = new ParsedPacket();
        assertEquals(ParseResult.OK, PacketParser.parse(MemorySegment.ofArray(out.get(0)), 0, out.get(0).length, p));
        return IpAddress.ipv4(p.destinationAddressWord(0)).toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factories")
    void shouldKeepANetworkOnOneDestinationWithEveryScheduler(SchedulerFactory factory) {
        ServiceSpec service = ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), factory.name(),
                DestinationSpec.nat("198.51.100.1", 8080), DestinationSpec.nat("198.51.100.2", 8080),
                DestinationSpec.nat("198.51.100.3", 8080), DestinationSpec.nat("198.51.100.4", 8080))
                .withPersistence(new Persistence(300, 24));
        try (EmbeddedEngine engine = new EmbeddedEngine(EngineSettings.defaults().withConnectionsPerWorker(4096),
                provider(factory))) {
            engine.services().apply(List.of(service));
            Set<String> used = new HashSet<>();
            for (int network = 0; network < 32; network++) {
                String first = null;
                for (int host = 1; host <= 8; host++) {
                    String client = "10." + network + ".0." + host;
                    String d = destinationOf(engine.send(PacketBuilder.tcp4().src(client, 1000 + host)
                            .dst("203.0.113.1", 80).flags(TcpFlags.SYN).build()));
                    if (first == null) {
                        first = d;
                    }
                    assertEquals(first, d, factory.name() + ": client " + client + " follows its network's template");
                }
                used.add(first);
            }
            if (SPREAD_WITHOUT_ACTIVE_CONNECTIONS.contains(factory.name())) {
                assertTrue(used.size() >= 2, factory.name() + " spreads networks over destinations: " + used);
            }
        }
    }
}
