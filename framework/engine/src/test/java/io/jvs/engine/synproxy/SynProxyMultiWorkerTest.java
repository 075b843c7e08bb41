package io.jvs.engine.synproxy;

import static io.jvs.engine.synproxy.TcpSegment.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.embedded.EmbeddedEngine;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.ForwardingMethod;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SYN-proxied connections with four workers: the worker that answers a client's SYN and validates its
 * ACK (steered by the client's tuple) also owns the binding and the connection, and the real
 * server's packets reach it (symmetric steering for NAT, per-worker local ports for FULLNAT).
 */
class SynProxyMultiWorkerTest {

    @Test
    void shouldCompleteNatAndFullNatBindingsOnTheOwningWorkers() {
        EngineSettings settings = EngineSettings.defaults().withWorkers(4).withConnectionsPerWorker(1024)
                .withSynProxy(SynProxySettings.defaults().withCookieKey(SynProxyFixture.KEY));
        try (EmbeddedEngine e = new EmbeddedEngine(settings, SynProxyFixture.SCHEDULERS)) {
            e.services().apply(List.of(
                    ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), SynProxyFixture.HEADER_SCHEDULER,
                            DestinationSpec.nat("198.51.100.1", 8080)).withSynProxy(true),
                    ServiceSpec.of(ServiceKey.tcp("203.0.113.2", 80), SynProxyFixture.HEADER_SCHEDULER,
                            new DestinationSpec(IpAddress.parse("198.51.100.2"), 8080, 1, 0, 0,
                                    ForwardingMethod.FULLNAT, null)).withSynProxy(true)));
            Set<Integer> owners = new HashSet<>();
            for (int c = 1; c <= 32; c++) {
                String client = "198.51.100." + (100 + c);
                owners.add(connect(e, client, 40000 + c, "203.0.113.1", "198.51.100.1", false));
                owners.add(connect(e, client, 50000 + c, "203.0.113.2", "198.51.100.2", true));
            }
            assertTrue(owners.size() >= 3, "spread over the workers: " + owners);
            assertEquals(64, e.engine().counter(WorkerCounters.SYNPROXY_BOUND));
            int entries = 0;
            for (int w = 0; w < 4; w++) {
                entries += e.liveEntries(w).size();
            }
            assertEquals(64, entries);
        }
    }

    /** One connection from SYN to the first translated response; returns the owning worker. */
    private static int connect(EmbeddedEngine e, String client, int port, String vip, String real, boolean fullNat) {
        byte[] syn = PacketBuilder.tcp4().src(client, port).dst(vip, 80).flags(TcpFlags.SYN).seq(100).mss(1460)
                .build();
        int owner = e.workerFor(syn);
        long cookie = SynProxyFixture.decodeAll(e.send(syn)).get(0).seq();
        byte[] ack = PacketBuilder.tcp4().src(client, port).dst(vip, 80).flags(TcpFlags.ACK).seq(101)
                .ack((int) (cookie + 1)).build();
        assertEquals(owner, e.workerFor(ack));
        List<TcpSegment> out = SynProxyFixture.decodeAll(e.send(ack));
        assertEquals(1, out.size(), "SYN to the server");
        TcpSegment toServer = out.get(0);
        assertEquals(address(real), toServer.destination());
        byte[] synAck = PacketBuilder.tcp4().src(real, 8080)
                .dst(fullNat ? "192.0.2.100" : client, toServer.sourcePort()).flags(TcpFlags.SYN | TcpFlags.ACK)
                .seq(9000).ack(101).mss(1460).build();
        assertEquals(owner, e.workerFor(synAck), "the server's SYN-ACK reaches the owner");
        assertEquals(1, e.send(synAck).size(), "ACK to the server");
        byte[] data = PacketBuilder.tcp4().src(real, 8080).dst(fullNat ? "192.0.2.100" : client, toServer.sourcePort())
                .flags(TcpFlags.ACK | TcpFlags.PSH).seq(9001).ack(101).payload("hi").build();
        out = SynProxyFixture.decodeAll(e.send(data));
        assertEquals(1, out.size());
        assertEquals(cookie + 1, out.get(0).seq());
        assertEquals(address(client), out.get(0).destination());
        assertEquals(port, out.get(0).destinationPort());
        return owner;
    }
}
