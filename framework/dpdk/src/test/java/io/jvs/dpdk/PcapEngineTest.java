package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jvs.engine.Engine;
import io.jvs.engine.io.PcapReader;
import io.jvs.engine.io.PcapWriter;
import io.jvs.engine.worker.Worker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: a capture in through DPDK's {@code net_pcap} driver, the engine, a capture out; the
 * frames out are byte for byte those the in-memory engine sends for the same input.
 */
class PcapEngineTest {

    @TempDir
    static Path dir;
    static List<byte[]> frames;
    static Eal eal;

    @BeforeAll
    static void startEal() throws IOException {
        assumeTrue(DpdkLibrary.unavailableReason().isEmpty(), () -> DpdkLibrary.unavailableReason().get());
        frames = TrafficScenario.conversation(24, 1);
        try (PcapWriter w = new PcapWriter(dir.resolve("in.pcap"))) {
            long t = 1_700_000_000_000_000_000L;
            for (byte[] f : frames) {
                w.write(t += 1000, f);
            }
        }
        eal = Eal.start(EalConfig.forVirtualDevices("net_pcap0,rx_pcap=" + dir.resolve("in.pcap") + ",tx_pcap="
                + dir.resolve("out.pcap")).withFilePrefix("jvs-test-" + ProcessHandle.current().pid()));
    }

    @AfterAll
    static void stopEal() {
        if (eal != null) {
            eal.close();
        }
    }

    @Test
    void shouldWriteTheFramesTheInMemoryEngineSendsForTheSameCapture() throws IOException {
        TrafficScenario.Reference reference = TrafficScenario.reference(frames, 1);
        List<byte[]> expected = reference.allOutputs();
        QueueCounters counters;
        PortStatistics stats;
        int inUse;
        try (DpdkPacketIo io = DpdkPacketIo.open(eal, "net_pcap0", PortConfig.of(1));
                Engine engine = new Engine(TrafficScenario.settings(1), TrafficScenario.schedulers(), io)) {
            assertEquals("net_pcap", io.port().driver());
            engine.services().apply(TrafficScenario.services());
            Worker worker = engine.workers().get(0);
            for (int idle = 0, cycles = 0; idle < 3 && cycles < 100_000; cycles++) {
                boolean allIn = io.statistics().receivedPackets() == frames.size();
                idle = worker.doWork(TrafficScenario.NOW) == 0 && allIn ? idle + 1 : 0;
            }
            counters = io.totals();
            stats = io.statistics();
            inUse = io.pool().inUseCount();
        }
        assertEquals(frames.size(), stats.receivedPackets(), "net_pcap read the whole capture");
        assertEquals(frames.size(), counters.received());
        assertEquals(expected.size(), counters.transmitted());
        assertEquals(frames.size() - expected.size(), counters.dropped() + counters.kernelDropped(),
                "what is not sent is freed");
        assertEquals(0, counters.txDropped() + counters.multiSegmentDropped() + counters.badGeometryDropped());
        assertEquals(0, inUse, "every mbuf went back to the pool");

        List<byte[]> written = new ArrayList<>();
        try (PcapReader r = new PcapReader(dir.resolve("out.pcap"))) {
            for (PcapReader.Frame f = r.next(); f != null; f = r.next()) {
                written.add(f.data());
            }
        }
        assertEquals(expected.size(), written.size(), "frames in out.pcap");
        assertTrue(expected.size() > frames.size() / 2, "most frames are forwarded: " + expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), written.get(i), "frame " + i + " of out.pcap");
        }
    }
}
