package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jvs.engine.io.PacketBatch;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The binding on its own: EAL, mempool, null/ring ports, bursts, statistics, link, clean-up. */
class VirtualPortTest {

    static Eal eal;
    static Mempool pool;

    @BeforeAll
    static void startEal() {
        assumeTrue(DpdkLibrary.unavailableReason().isEmpty(), () -> DpdkLibrary.unavailableReason().get());
        eal = Eal.start(EalConfig.forVirtualDevices("net_null0,size=64", "net_ring0", "net_null1,size=64")
                .withFilePrefix("jvs-test-" + ProcessHandle.current().pid()));
        pool = Mempool.create(eal, "test-pool", 1023, 32, Mempool.DEFAULT_DATA_ROOM);
    }

    @AfterAll
    static void stopEal() {
        if (eal != null) {
            pool.close();
            List<Path> dirs = eal.runtimeDirectories();
            eal.close();
            for (Path d : dirs) {
                assertTrue(!Files.exists(d), "runtime directory removed: " + d);
            }
        }
    }

    @Test
    void shouldReceiveGeneratedPacketsFromANullPortAndCountThem() {
        try (EthPort port = EthPort.open(eal, "net_null0", PortConfig.of(1), pool);
                Arena arena = Arena.ofConfined()) {
            assertEquals("net_null", port.driver());
            assertTrue(port.link().up(), "net_null's link is up");
            MemorySegment mbufs = arena.allocate(ValueLayout.JAVA_LONG, 32);
            eal.registerCurrentThread();
            int n = port.queue(0).receive(mbufs, 32);
            assertEquals(32, n);
            for (int i = 0; i < n; i++) {
                long m = mbufs.getAtIndex(ValueLayout.JAVA_LONG, i);
                assertEquals(64, Mbuf.dataLen(m));
                assertEquals(64, Mbuf.pktLen(m));
                assertEquals(pool.address(), Mbuf.pool(m));
            }
            assertEquals(32, pool.inUseCount());
            int sent = port.queue(0).transmit(mbufs, n);
            assertEquals(32, sent, "net_null takes everything");
            assertEquals(0, pool.inUseCount());
            PortStatistics stats = port.statistics();
            assertEquals(32, stats.receivedPackets());
            assertEquals(32, stats.transmittedPackets());
        }
    }

    @Test
    void shouldLoopFramesThroughARingPortUnchanged() {
        try (EthPort port = EthPort.open(eal, "net_ring0", PortConfig.of(1), pool);
                Arena arena = Arena.ofConfined()) {
            MemorySegment mbufs = arena.allocate(ValueLayout.JAVA_LONG, 32);
            byte[][] frames = new byte[5][];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = new byte[60 + i * 100];
                for (int b = 0; b < frames[i].length; b++) {
                    frames[i][b] = (byte) (i * 31 + b);
                }
                long m = pool.allocateCopy(MemorySegment.ofArray(frames[i]), 0, frames[i].length);
                assertNotEquals(0, m);
                mbufs.setAtIndex(ValueLayout.JAVA_LONG, i, m);
            }
            assertEquals(5, port.queue(0).transmit(mbufs, 5));
            assertEquals(5, pool.inUseCount(), "the ring holds the mbufs");
            int n = port.queue(0).receive(mbufs, 32);
            assertEquals(5, n);
            for (int i = 0; i < n; i++) {
                long m = mbufs.getAtIndex(ValueLayout.JAVA_LONG, i);
                byte[] got = Mbuf.ADDRESS_SPACE.asSlice(Mbuf.dataAddress(m), Mbuf.dataLen(m)).toArray(ValueLayout.JAVA_BYTE);
                assertArrayEquals(frames[i], got, "frame " + i);
            }
            FastPath.freeBulk(mbufs, n);
            assertEquals(0, pool.inUseCount());
            assertEquals(pool.size(), pool.availableCount());
            assertEquals(5, port.statistics().transmittedPackets());
        }
    }

    @Test
    void shouldRefuseASecondEalInTheSameProcess() {
        DpdkException e = assertThrows(DpdkException.class, () -> Eal.start(EalConfig.forVirtualDevices()));
        assertTrue(e.getMessage().contains("once per process"), e.getMessage());
    }

    @Test
    void shouldNameTheMissingVdevArgumentForAnUnknownDevice() {
        DpdkException e = assertThrows(DpdkException.class,
                () -> EthPort.open(eal, "net_pcap7", PortConfig.of(1), pool));
        assertTrue(e.getMessage().contains("--vdev=net_pcap7"), e.getMessage());
    }

    @Test
    void shouldExplainWhyDpdkRefusedAMempoolWithRteErrno() {
        DpdkException e = assertThrows(DpdkException.class,
                () -> Mempool.create(eal, "too-much-cache", 1023, 4096, Mempool.DEFAULT_DATA_ROOM));
        assertTrue(e.getMessage().contains("Invalid argument (rte_errno 22)"), e.getMessage());
    }

    @Test
    void shouldReceiveAndTransmitBurstsWithoutAllocating() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (EthPort port = EthPort.open(eal, "net_null1", PortConfig.of(1), pool)) {
            DpdkPacketIo io = new DpdkPacketIo(eal, port, 32, 3);
            PacketBatch batch = new PacketBatch(32);
            for (int i = 0; i < 200_000; i++) {
                passThrough(io, batch);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            long packets = 0;
            for (int i = 0; i < 100_000; i++) {
                packets += passThrough(io, batch);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(3_200_000, packets);
            assertTrue(allocated < 10_000, allocated + " bytes allocated for " + packets + " packets");
            assertEquals(0, pool.inUseCount());
            io.close();
        }
    }

    private static int passThrough(DpdkPacketIo io, PacketBatch batch) {
        int n = io.receive(0, batch);
        for (int i = 0; i < n; i++) {
            batch.verdicts[i] = (i & 1) == 0 ? PacketBatch.TRANSMIT : PacketBatch.DROP;
        }
        io.transmit(0, batch);
        return n;
    }
}
