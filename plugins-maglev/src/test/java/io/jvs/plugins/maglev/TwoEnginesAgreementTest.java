package io.jvs.plugins.maglev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.embedded.EmbeddedEngine;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.Worker;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Two whole packet engines whose service lists the same destinations in different orders send
 * each of {@value #FLOWS} random UDP flows to the same destination: the cross-instance agreement
 * Maglev exists for, end to end (parse, service lookup, {@code mh}, connection insert, NAT rewrite).
 */
class TwoEnginesAgreementTest {

    static final int FLOWS = 1_000_000;
    static final int DESTINATIONS = 20;

    private static SchedulerProvider mh() {
        MaglevSchedulerFactory factory = new MaglevSchedulerFactory();
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
                return name.equals("mh");
            }
        };
    }

    /** Runs the flows through one engine and returns each flow's destination address (as an int). */
    private static int[] decisions(List<DestinationSpec> destinations) {
        ServiceSpec service = new ServiceSpec(ServiceKey.udp("203.0.113.1", 53), "mh", Map.of(), null, destinations);
        int[] chosen = new int[FLOWS];
        try (EmbeddedEngine engine = new EmbeddedEngine(
                EngineSettings.defaults().withConnectionsPerWorker(1 << 16), mh())) {
            engine.services().apply(List.of(service));
            InMemoryPacketIo io = (InMemoryPacketIo) engine.engine().io();
            int[] next = {0};
            // UDP in IPv4 in Ethernet: the rewritten destination address is at byte 30.
            io.setTransmitSink((queue, segment, offset, length, toKernel) ->
                    chosen[next[0]++] = segment.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(
                            java.nio.ByteOrder.BIG_ENDIAN), offset + 30));
            Worker worker = engine.engine().workers().get(0);
            SplittableRandom random = new SplittableRandom(0x6D61676CL);
            long now = engine.nowNanos();
            for (int sent = 0; sent < FLOWS; ) {
                for (int i = 0; i < 32; i++, sent++) {
                    int client = 0x0A000000 | random.nextInt(1 << 24);
                    String address = (client >>> 24) + "." + (client >>> 16 & 255) + "." + (client >>> 8 & 255) + "."
                            + (client & 255);
                    io.inject(0, PacketBuilder.udp4().src(address, 1024 + random.nextInt(60000))
                            .dst("203.0.113.1", 53).build());
                }
                now += 1_000_000;
                while (worker.doWork(now) > 0) {
                    // drain
                }
                if ((sent & 0xFFFF) == 0) {
                    engine.engine().services().apply(List.of()); // bound the table: flush the flows so far
                    engine.runUntilIdle();
                    engine.engine().services().apply(List.of(service));
                }
            }
            assertEquals(FLOWS, next[0], "every flow forwarded");
        }
        return chosen;
    }

    @Test
    void shouldSendEveryFlowToTheSameDestinationInBothEngines() {
        List<DestinationSpec> ordered = new ArrayList<>();
        for (int d = 1; d <= DESTINATIONS; d++) {
            ordered.add(DestinationSpec.nat("198.51.100." + d, 5353).withWeight(1 + d % 3));
        }
        List<DestinationSpec> shuffled = new ArrayList<>(ordered);
        Collections.shuffle(shuffled, new Random(7));
        int[] a = decisions(ordered);
        int[] b = decisions(shuffled);
        int differing = 0;
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int i = 0; i < FLOWS; i++) {
            if (a[i] != b[i]) {
                differing++;
            }
            used.add(a[i]);
        }
        assertEquals(0, differing, "flows sent to different destinations by the two engines");
        assertEquals(DESTINATIONS, used.size(), "every destination receives flows");
    }
}
