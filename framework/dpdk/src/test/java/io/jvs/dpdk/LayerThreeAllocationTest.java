package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.pipeline.ForwardingSettings;
import io.jvs.engine.pipeline.Ipv6Neighbors;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.ServiceTable;
import io.jvs.engine.worker.FlowSteering;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The answers made before the engine (echo, neighbour advertisement, IPv6 learning) and the
 * software steering with its hand-off allocate nothing per frame; needs no DPDK.
 */
class LayerThreeAllocationTest {

    @Test
    void shouldAnswerLearnAndSteerWithoutAllocating() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        OwnedAddresses owned = OwnedAddresses.of(List.of(IpAddress.parse("198.51.100.201"),
                IpAddress.parse("2001:db8:c::1"), IpAddress.parse("2001:db8:c::201")));
        EchoResponder echo = new EchoResponder(EchoResponderTest.OWN, owned);
        NeighborAdvertiser advertiser = new NeighborAdvertiser(EchoResponderTest.OWN, owned);
        Ipv6Neighbors neighbors = new Ipv6Neighbors(16);
        neighbors.claim(0x20010DB8000B0000L, 0x11);
        Ipv6NeighborResolver resolver = Ipv6NeighborResolverTest.resolver(neighbors);
        EngineQueueSteering steering = new EngineQueueSteering(new FlowSteering(2, ForwardingSettings.defaults()),
                () -> ServiceTable.EMPTY, 2);
        MbufHandoff handoff = new MbufHandoff(64);
        long[] drained = new long[32];

        byte[] ping = EchoResponderTest.frame(EchoResponderTest.OWN_HEX, EchoResponderTest.CLIENT_MAC, "0800",
                EchoResponderTest.ipv4("c633640a", "c63364c9", 63, 8, EchoResponderTest.ECHO_DATA), 0);
        byte[] ns = NeighborAdvertiserTest.frame("3333ff000001", NeighborAdvertiserTest.HOST_MAC,
                NeighborAdvertiserTest.HOST, NeighborAdvertiserTest.SOLICITED_NODE, 255,
                NeighborAdvertiserTest.solicitation(NeighborAdvertiserTest.GATEWAY, "0101" + NeighborAdvertiserTest.HOST_MAC));
        byte[] na = NeighborAdvertiserTest.frame(EchoResponderTest.OWN_HEX, "020000000211",
                Ipv6NeighborResolverTest.BACKEND, Ipv6NeighborResolverTest.JVS_B, 255,
                "88 00 0000 60000000" + Ipv6NeighborResolverTest.BACKEND + "0201020000000211");
        byte[] syn = PacketBuilder.tcp4().src("198.51.100.10", 40000).dst("203.0.113.1", 80).flags(TcpFlags.SYN)
                .seq(1).build();
        Arena arena = Arena.ofAuto();
        MemorySegment pingIn = arena.allocate(ping.length).copyFrom(MemorySegment.ofArray(ping));
        MemorySegment nsIn = arena.allocate(ns.length).copyFrom(MemorySegment.ofArray(ns));
        MemorySegment naIn = arena.allocate(na.length).copyFrom(MemorySegment.ofArray(na));
        MemorySegment synIn = arena.allocate(syn.length).copyFrom(MemorySegment.ofArray(syn));
        MemorySegment work = arena.allocate(256);

        int[] done = new int[1];
        Runnable round = () -> {
            MemorySegment.copy(pingIn, 0, work, 0, ping.length);
            done[0] += echo.answer(work, 0, ping.length) ? 1 : 0;
            MemorySegment.copy(nsIn, 0, work, 0, ns.length);
            done[0] += advertiser.answer(work, 0, ns.length, 256) > 0 ? 1 : 0;
            MemorySegment.copy(naIn, 0, work, 0, na.length);
            done[0] += resolver.learn(work, 0, na.length, owned, 5) == Ipv6NeighborResolver.CONSUMED ? 1 : 0;
            int q = steering.queueFor(0, synIn, 0, syn.length);
            done[0] += q >= 0 && q < 2 && handoff.offer(64) && handoff.drain(drained, 0, 32) == 1 ? 1 : 0;
        };
        for (int i = 0; i < 50_000; i++) {
            round.run();
        }
        done[0] = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            round.run();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(400_000, done[0], "every answer made, every frame learned and steered");
        assertTrue(allocated < 10_000, allocated + " bytes allocated for 400,000 frames");
    }
}
