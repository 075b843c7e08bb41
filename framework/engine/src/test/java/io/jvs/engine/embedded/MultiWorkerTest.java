package io.jvs.engine.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.spi.ForwardingMethod;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Symmetric steering: both directions of every flow reach the worker that owns its entry. */
class MultiWorkerTest {

    @Test
    void shouldSteerBothDirectionsOfNatAndFullNatFlowsToTheOwningWorker() {
        EngineSettings settings = EngineSettings.defaults().withWorkers(4).withConnectionsPerWorker(1024);
        try (EmbeddedEngine e = new EmbeddedEngine(settings, new TestSchedulerProvider())) {
            e.services().apply(List.of(
                    ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), "rr", DestinationSpec.nat("198.51.100.1", 8080)),
                    ServiceSpec.of(ServiceKey.tcp("203.0.113.2", 80), "rr", new DestinationSpec(
                            IpAddress.parse("198.51.100.2"), 8080, 1, 0, 0, ForwardingMethod.FULLNAT, null))));
            Set<Integer> workersUsed = new HashSet<>();
            for (int c = 1; c <= 64; c++) {
                String client = "198.51.100." + (100 + c);
                byte[] syn = PacketBuilder.tcp4().src(client, 40000 + c).dst("203.0.113.1", 80).flags(TcpFlags.SYN).build();
                int owner = e.workerFor(syn);
                workersUsed.add(owner);
                assertEquals(1, e.send(syn).size());
                byte[] reply = PacketBuilder.tcp4().src("198.51.100.1", 8080).dst(client, 40000 + c)
                        .flags(TcpFlags.SYN | TcpFlags.ACK).build();
                assertEquals(owner, e.workerFor(reply), "NAT reply of " + client);
                assertEquals(1, e.send(reply).size());

                byte[] fullSyn = PacketBuilder.tcp4().src(client, 50000 + c).dst("203.0.113.2", 80).flags(TcpFlags.SYN)
                        .build();
                int fullOwner = e.workerFor(fullSyn);
                List<byte[]> out = e.send(fullSyn);
                assertEquals(1, out.size());
                int localPort = (out.get(0)[34] & 0xff) << 8 | (out.get(0)[35] & 0xff);
                byte[] fullReply = PacketBuilder.tcp4().src("198.51.100.2", 8080).dst("192.0.2.100", localPort)
                        .flags(TcpFlags.SYN | TcpFlags.ACK).build();
                assertEquals(fullOwner, e.workerFor(fullReply), "FULLNAT reply to local port " + localPort);
                assertEquals(1, e.send(fullReply).size());
            }
            assertTrue(workersUsed.size() >= 3, "64 clients spread over the workers: " + workersUsed);
            int entries = 0;
            for (int w = 0; w < 4; w++) {
                entries += e.liveEntries(w).size();
            }
            assertEquals(128, entries);
        }
    }
}
