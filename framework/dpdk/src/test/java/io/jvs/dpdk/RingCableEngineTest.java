package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.embedded.EmbeddedEngine;
import io.jvs.engine.io.PacketBatch;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.synproxy.SynProxySettings;
import java.nio.ByteBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DpdkPacketIo} over {@code net_ring} ports joined by rings ({@link RingCable}): several
 * queues with worker threads compared with the in-memory engine, and every way a packet can end
 * without being sent (full TX ring, several segments, a broken offset), each counted and freed.
 */
class RingCableEngineTest {

    static Eal eal;
    static Mempool pool;

    @BeforeAll
    static void startEal() {
        assumeTrue(DpdkLibrary.unavailableReason().isEmpty(), () -> DpdkLibrary.unavailableReason().get());
        eal = Eal.start(EalConfig.forVirtualDevices().withFilePrefix("jvs-test-" + ProcessHandle.current().pid()));
        pool = Mempool.create(eal, "cable-pool", 4095, 64, Mempool.DEFAULT_DATA_ROOM);
        eal.registerCurrentThread();
    }

    @AfterAll
    static void stopEal() {
        if (eal != null) {
            pool.close();
            eal.close();
        }
    }

    @Test
    void shouldForwardOnEveryQueueWhatTheInMemoryEngineForwardsWhenWorkersRunOnTheirOwnThreads()
            throws InterruptedException {
        int workers = 2;
        List<byte[]> frames = TrafficScenario.conversation(16, workers);
        TrafficScenario.Reference reference = TrafficScenario.reference(frames, workers);
        int expectedTotal = reference.allOutputs().size();
        List<List<byte[]>> received = new ArrayList<>();
        for (int q = 0; q < workers; q++) {
            received.add(new ArrayList<>());
        }
        try (RingCable cable = new RingCable(eal, "multi", workers, 1024, 1024, pool);
                Arena arena = Arena.ofConfined()) {
            DpdkPacketIo io = new DpdkPacketIo(eal, cable.engineSide(), 32, 3);
            try (Engine engine = new Engine(TrafficScenario.settings(workers), TrafficScenario.schedulers(), io)) {
                engine.services().apply(TrafficScenario.services());
                engine.start(() -> TrafficScenario.NOW);
                MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG, 32);
                for (int i = 0; i < frames.size(); i++) {
                    inject(cable.wireSide().queue(reference.queueOfFrame()[i]), frames.get(i), one);
                }
                long deadline = System.nanoTime() + 20_000_000_000L;
                int got = 0;
                while ((got < expectedTotal || io.totals().received() < frames.size()) && System.nanoTime() < deadline) {
                    for (int q = 0; q < workers; q++) {
                        got += drain(cable.wireSide().queue(q), one, received.get(q));
                    }
                    Thread.sleep(1);
                }
            }
            QueueCounters totals = io.totals();
            io.close();
            assertEquals(frames.size(), totals.received(), "frames the workers received");
            assertEquals(expectedTotal, totals.transmitted());
            assertEquals(frames.size() - expectedTotal, totals.dropped() + totals.kernelDropped());
            for (int q = 0; q < workers; q++) {
                assertTrue(!reference.outputsPerQueue().get(q).isEmpty(), "queue " + q + " carries traffic");
                assertFrames(reference.outputsPerQueue().get(q), received.get(q), "queue " + q);
                assertEquals(reference.outputsPerQueue().get(q).size(), io.counters(q).transmitted());
            }
        }
        assertEquals(0, pool.inUseCount(), "every mbuf went back to the pool");
    }

    @Test
    void shouldSendTheSynProxysOwnSegmentsExactlyAsTheInMemoryEngine() {
        EngineSettings settings = TrafficScenario.settings(1).withSynProxy(SynProxySettings.defaults()
                .withCookieKey(new SynProxySettings.CookieKey(0x0123456789ABCDEFL, 0x0FEDCBA987654321L)));
        List<ServiceSpec> services = List.of(ServiceSpec.of(ServiceKey.tcp("203.0.113.9", 80), "sh",
                DestinationSpec.nat(TrafficScenario.NAT_REALS[0], 8080)).withSynProxy(true));
        try (EmbeddedEngine reference = new EmbeddedEngine(settings, TrafficScenario.schedulers());
                RingCable cable = new RingCable(eal, "synproxy", 1, 64, 64, pool);
                DpdkPacketIo io = new DpdkPacketIo(eal, cable.engineSide(), pool, 32, 3);
                Engine engine = new Engine(settings, TrafficScenario.schedulers(), io);
                Arena arena = Arena.ofConfined()) {
            reference.services().apply(services);
            engine.services().apply(services);
            MemorySegment mbufs = arena.allocate(ValueLayout.JAVA_LONG, 32);
            byte[] syn = PacketBuilder.tcp4().src("198.51.100.10", 40000).dst("203.0.113.9", 80)
                    .flags(TcpFlags.SYN).seq(1000).build();

            List<byte[]> synAck = exchange(engine, cable, syn, mbufs);
            assertFrames(reference.send(syn), synAck, "jvs's SYN-ACK with the cookie");
            assertEquals(1, synAck.size());
            assertEquals(TcpFlags.SYN | TcpFlags.ACK, synAck.get(0)[14 + 20 + 13] & 0x3F);
            int cookie = ByteBuffer.wrap(synAck.get(0)).getInt(14 + 20 + 4);

            byte[] ack = PacketBuilder.tcp4().src("198.51.100.10", 40000).dst("203.0.113.9", 80)
                    .flags(TcpFlags.ACK).seq(1001).ack(cookie + 1).build();
            List<byte[]> serverSyn = exchange(engine, cable, ack, mbufs);
            assertFrames(reference.send(ack), serverSyn, "jvs's SYN to the real server");
            assertEquals(1, serverSyn.size());
            assertEquals(TcpFlags.SYN, serverSyn.get(0)[14 + 20 + 13] & 0x3F);

            byte[] serverSynAck = PacketBuilder.tcp4().src(TrafficScenario.NAT_REALS[0], 8080)
                    .dst("198.51.100.10", 40000).flags(TcpFlags.SYN | TcpFlags.ACK).seq(5000).ack(1001).build();
            assertFrames(reference.send(serverSynAck), exchange(engine, cable, serverSynAck, mbufs),
                    "jvs's ACK to the real server");
            assertEquals(3, io.counters(0).transmitted(), "three segments jvs built, none forwarded");
            assertEquals(0, io.counters(0).txDropped());
        }
        assertEquals(0, pool.inUseCount(), "every mbuf went back to the pool");
    }

    /** Sends one frame to the engine, runs the worker, returns what it sent. */
    private static List<byte[]> exchange(Engine engine, RingCable cable, byte[] frame, MemorySegment mbufs) {
        inject(cable.wireSide().queue(0), frame, mbufs);
        engine.workers().get(0).doWork(TrafficScenario.NOW);
        List<byte[]> out = new ArrayList<>();
        drain(cable.wireSide().queue(0), mbufs, out);
        return out;
    }

    @Test
    void shouldCountRetriesAndFreeWhatAFullTransmitRingRefuses() {
        try (RingCable cable = new RingCable(eal, "full", 1, 64, 16, pool);
                DpdkPacketIo io = new DpdkPacketIo(eal, cable.engineSide(), 32, 3);
                Engine engine = new Engine(TrafficScenario.settings(1), TrafficScenario.schedulers(), io);
                Arena arena = Arena.ofConfined()) {
            engine.services().apply(TrafficScenario.services());
            MemorySegment mbufs = arena.allocate(ValueLayout.JAVA_LONG, 32);
            for (int c = 0; c < 32; c++) {
                inject(cable.wireSide().queue(0), PacketBuilder.udp4().src("10.9.0." + (c + 1), 4000)
                        .dst("203.0.113.4", 5000).payload("dr").build(), mbufs);
            }
            assertEquals(32, engine.workers().get(0).doWork(TrafficScenario.NOW));
            QueueCounters counters = io.counters(0);
            assertEquals(32, counters.received());
            assertEquals(15, counters.transmitted(), "a ring of 16 slots holds 15");
            assertEquals(3, counters.txRetries());
            assertEquals(17, counters.txDropped());
            assertEquals(15, pool.inUseCount(), "only the sent mbufs are held, by the ring");
            assertEquals(15, drain(cable.wireSide().queue(0), mbufs, new ArrayList<>()));
            assertEquals(0, pool.inUseCount());
        }
    }

    @Test
    void shouldFreeMultiSegmentFramesBeforeTheEngineSeesThem() {
        try (Mempool small = Mempool.create(eal, "small-pool", 255, 0, Mbuf.HEADROOM + 256);
                RingCable cable = new RingCable(eal, "segs", 1, 64, 64, pool);
                DpdkPacketIo io = new DpdkPacketIo(eal, cable.engineSide(), 32, 3);
                Arena arena = Arena.ofConfined()) {
            byte[] big = PacketBuilder.udp4().src("10.9.1.1", 4000).dst("203.0.113.4", 5000).payload(new byte[400])
                    .build();
            long chained = small.allocateCopy(MemorySegment.ofArray(big), 0, big.length);
            assertEquals(2, Mbuf.nbSegs(chained));
            assertEquals(big.length, Mbuf.pktLen(chained));
            assertEquals(2, small.inUseCount());
            MemorySegment mbufs = arena.allocate(ValueLayout.JAVA_LONG, 32);
            mbufs.setAtIndex(ValueLayout.JAVA_LONG, 0, chained);
            byte[] plain = PacketBuilder.udp4().src("10.9.1.2", 4000).dst("203.0.113.4", 5000).build();
            mbufs.setAtIndex(ValueLayout.JAVA_LONG, 1, pool.allocateCopy(MemorySegment.ofArray(plain), 0, plain.length));
            assertEquals(2, cable.wireSide().queue(0).transmit(mbufs, 2));

            PacketBatch batch = new PacketBatch(32);
            assertEquals(1, io.receive(0, batch), "only the single-segment frame reaches the engine");
            assertArrayEquals(plain, bytes(batch, 0));
            assertEquals(1, io.counters(0).multiSegmentDropped());
            assertEquals(0, small.inUseCount(), "both segments were freed");
            io.transmit(0, batch);
            assertEquals(1, io.counters(0).dropped());
            assertEquals(0, pool.inUseCount());
        }
    }

    @Test
    void shouldWriteBackTheDataOffsetOfAPacketThatGrewAtTheFront() {
        try (RingCable cable = new RingCable(eal, "grow", 1, 64, 64, pool);
                DpdkPacketIo io = new DpdkPacketIo(eal, cable.engineSide(), 32, 3);
                Arena arena = Arena.ofConfined()) {
            MemorySegment mbufs = arena.allocate(ValueLayout.JAVA_LONG, 32);
            byte[] frame = PacketBuilder.udp4().src("10.9.2.1", 4000).dst("203.0.113.4", 5000).payload("x").build();
            inject(cable.wireSide().queue(0), frame, mbufs);
            PacketBatch batch = new PacketBatch(32);
            assertEquals(1, io.receive(0, batch));
            assertEquals(Mbuf.HEADROOM, batch.headrooms[0]);
            assertEquals(Mempool.DEFAULT_DATA_ROOM - Mbuf.HEADROOM - frame.length, batch.tailrooms[0]);
            long mbuf = batch.handles[0];
            batch.adjustFront(0, -20);
            for (int i = 0; i < 20; i++) {
                batch.segments[0].set(ValueLayout.JAVA_BYTE, batch.offsets[0] + i, (byte) (0xA0 + i));
            }
            batch.lengths[0] += 4;
            batch.verdicts[0] = PacketBatch.TRANSMIT;
            assertEquals(1, io.transmit(0, batch));
            assertEquals(Mbuf.HEADROOM - 20, Mbuf.dataOff(mbuf));
            List<byte[]> out = new ArrayList<>();
            assertEquals(1, drain(cable.wireSide().queue(0), mbufs, out));
            byte[] expected = new byte[20 + frame.length + 4];
            for (int i = 0; i < 20; i++) {
                expected[i] = (byte) (0xA0 + i);
            }
            System.arraycopy(frame, 0, expected, 20, frame.length);
            byte[] got = out.get(0);
            assertEquals(expected.length, got.length, "data_len and pkt_len follow the engine's length");
            assertArrayEquals(Arrays.copyOf(expected, 20 + frame.length), Arrays.copyOf(got, 20 + frame.length));
            assertEquals(0, pool.inUseCount());
        }
    }

    @Test
    void shouldDropAndFreeAPacketWhoseOffsetTheEngineMovedOutOfItsBuffer() {
        try (RingCable cable = new RingCable(eal, "bad", 1, 64, 64, pool);
                DpdkPacketIo io = new DpdkPacketIo(eal, cable.engineSide(), 32, 3);
                Arena arena = Arena.ofConfined()) {
            MemorySegment mbufs = arena.allocate(ValueLayout.JAVA_LONG, 32);
            inject(cable.wireSide().queue(0), PacketBuilder.udp4().src("10.9.3.1", 4000).dst("203.0.113.4", 5000)
                    .build(), mbufs);
            inject(cable.wireSide().queue(0), PacketBuilder.udp4().src("10.9.3.2", 4000).dst("203.0.113.4", 5000)
                    .build(), mbufs);
            PacketBatch batch = new PacketBatch(32);
            assertEquals(2, io.receive(0, batch));
            batch.offsets[0] -= Mbuf.HEADROOM + 1;
            batch.lengths[1] = Mempool.DEFAULT_DATA_ROOM;
            batch.verdicts[0] = PacketBatch.TRANSMIT;
            batch.verdicts[1] = PacketBatch.TRANSMIT;
            assertEquals(0, io.transmit(0, batch));
            assertEquals(2, io.counters(0).badGeometryDropped());
            assertEquals(0, pool.inUseCount());
            assertNotEquals(0, io.port().statistics().receivedPackets());
        }
    }

    @Test
    void shouldAnswerArpForItsAddressesAndIgnoreUnicastToOtherMacsWhenActingAsAHost() {
        long ownMac = 0x020000000001L;
        try (RingCable cable = new RingCable(eal, "host", 1, 64, 64, pool);
                DpdkPacketIo io = new DpdkPacketIo(eal, cable.engineSide(), 32, 3,
                        LinkLayerSettings.host(ownMac, List.of(ArpResponderTest.VIP)));
                Engine engine = new Engine(TrafficScenario.settings(1), TrafficScenario.schedulers(), io);
                Arena arena = Arena.ofConfined()) {
            engine.services().apply(TrafficScenario.services());
            MemorySegment mbufs = arena.allocate(ValueLayout.JAVA_LONG, 32);
            byte[] forUs = PacketBuilder.udp4().src("10.9.4.1", 4000).dst("203.0.113.4", 5000)
                    .dstMac("02:00:00:00:00:01").payload("dr").build();
            byte[] forSomebodyElse = PacketBuilder.udp4().src("10.9.4.2", 4000).dst("203.0.113.4", 5000)
                    .dstMac("02:00:00:00:00:77").payload("dr").build();
            inject(cable.wireSide().queue(0), ArpResponderTest.request("cb007101"), mbufs);
            inject(cable.wireSide().queue(0), ArpResponderTest.request("cb007199"), mbufs);
            inject(cable.wireSide().queue(0), forSomebodyElse, mbufs);
            inject(cable.wireSide().queue(0), forUs, mbufs);
            engine.workers().get(0).doWork(TrafficScenario.NOW);
            List<byte[]> out = new ArrayList<>();
            assertEquals(2, drain(cable.wireSide().queue(0), mbufs, out));
            byte[] reply = ArpResponderTest.request("cb007101");
            new ArpResponder(ownMac, List.of(ArpResponderTest.VIP)).answer(MemorySegment.ofArray(reply), 0, reply.length);
            assertArrayEquals(reply, out.get(0), "the ARP reply goes out first, from the receive");
            try (io.jvs.engine.embedded.EmbeddedEngine reference = new io.jvs.engine.embedded.EmbeddedEngine(
                    TrafficScenario.settings(1), TrafficScenario.schedulers())) {
                reference.services().apply(TrafficScenario.services());
                assertArrayEquals(reference.send(forUs).get(0), out.get(1));
            }
            QueueCounters counters = io.counters(0);
            assertEquals(1, counters.arpReplies());
            assertEquals(1, counters.macFiltered());
            assertEquals(2, counters.received(), "the unanswered ARP request and the frame for us");
            assertEquals(1, counters.dropped());
            assertEquals(0, pool.inUseCount());
        }
    }

    /** Sends one frame from the wire side. */
    private static void inject(EthQueue wire, byte[] frame, MemorySegment scratch) {
        long m = pool.allocateCopy(MemorySegment.ofArray(frame), 0, frame.length);
        assertNotEquals(0, m, "mempool exhausted");
        scratch.setAtIndex(ValueLayout.JAVA_LONG, 0, m);
        assertEquals(1, wire.transmit(scratch, 1), "the ring towards the engine is full");
    }

    /** Receives what is waiting on the wire side, copies it out and frees the mbufs. */
    private static int drain(EthQueue wire, MemorySegment scratch, List<byte[]> into) {
        int total = 0;
        for (int n = wire.receive(scratch, 32); n > 0; n = wire.receive(scratch, 32)) {
            for (int i = 0; i < n; i++) {
                long m = scratch.getAtIndex(ValueLayout.JAVA_LONG, i);
                into.add(Mbuf.ADDRESS_SPACE.asSlice(Mbuf.dataAddress(m), Mbuf.dataLen(m)).toArray(ValueLayout.JAVA_BYTE));
            }
            FastPath.freeBulk(scratch, n);
            total += n;
        }
        return total;
    }

    private static byte[] bytes(PacketBatch batch, int i) {
        return batch.segments[i].asSlice(batch.offsets[i], batch.lengths[i]).toArray(ValueLayout.JAVA_BYTE);
    }

    private static void assertFrames(List<byte[]> expected, List<byte[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": frame count");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), what + ": frame " + i);
        }
    }
}
