package io.jvs.server.cli;

import static io.jvs.server.cli.ReplayCommandTest.jvs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.io.PcapReader;
import io.jvs.engine.io.PcapWriter;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.IpAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GLB second chance end to end: {@code jvs replay} with the real {@code glb} plugin jar
 * (jvs-rendezvous-scheduler) loaded from a plugins directory and {@code tunnel-type: glb-gue} destinations. Every forwarded SYN is GLB's GUE
 * to one proxy with the row's other proxy as the next hop; two configurations that list the
 * proxies in different orders forward every packet identically (directors agree without talking).
 */
class GlbGueReplayTest {

    private static final List<String> PROXIES = List.of("198.51.100.7", "198.51.100.8", "198.51.100.9");
    private static final int CLIENTS = 96;

    private static String config(List<String> order) {
        StringBuilder destinations = new StringBuilder();
        for (String p : order) {
            destinations.append("      - {address: ").append(p).append(", forwarding: tunnel, tunnel-type: glb-gue}\n");
        }
        return """
                engine:
                  data-plane: pcap
                  workers: 1
                  connections-per-worker: 4Ki
                  forwarding:
                    tunnel-source-ipv4: 192.0.2.1
                services:
                  - protocol: tcp
                    address: 203.0.113.1
                    port: 80
                    scheduler: glb
                    scheduler-parameters: {glb-table-bits: 12}
                    destinations:
                """ + destinations;
    }

    /** One SYN from each of {@link #CLIENTS} clients (src-ip hashing: the client address picks the row). */
    private static Path capture(Path dir) throws Exception {
        Path in = dir.resolve("in.pcap");
        try (PcapWriter w = new PcapWriter(in)) {
            for (int c = 0; c < CLIENTS; c++) {
                w.write(c * 1000L, PacketBuilder.tcp4().src("192.0.2." + (10 + c), 40000 + c).dst("203.0.113.1", 80)
                        .flags(TcpFlags.SYN).seq(1).srcMac("02:00:00:00:0c:01").dstMac("02:00:00:00:00:01").build());
            }
        }
        return in;
    }

    private static List<byte[]> replay(Path dir, String name, List<String> order, Path in) throws Exception {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, config(order));
        Path out = dir.resolve(name + ".pcap");
        ReplayCommandTest.Run run = jvs("replay", "--config", config.toString(), "--in", in.toString(), "--out",
                out.toString(), "--plugins", System.getProperty("jvs.test.dropin.plugins"));
        assertEquals(0, run.exitCode(), run.err() + run.out());
        List<byte[]> frames = new ArrayList<>();
        try (PcapReader r = new PcapReader(out)) {
            for (PcapReader.Frame f; (f = r.next()) != null; ) {
                frames.add(f.data());
            }
        }
        return frames;
    }

    private static String ip(int word) {
        return IpAddress.ipv4(word).toString();
    }

    @Test
    void shouldSendEveryPacketToItsRowsFirstProxyWithTheSecondAsNextHop(@TempDir Path dir) throws Exception {
        Path in = capture(dir);
        List<byte[]> frames = replay(dir, "a", PROXIES, in);

        assertEquals(CLIENTS, frames.size());
        Map<String, Integer> primaries = new HashMap<>();
        for (byte[] frame : frames) {
            ByteBuffer f = ByteBuffer.wrap(frame);
            assertEquals(17, frame[14 + 9], "UDP");
            String outer = ip(f.getInt(14 + 16));
            assertEquals(19523, f.getShort(14 + 20 + 2) & 0xFFFF, "GLB's GUE port by default");
            int gue = 14 + 20 + 8;
            assertEquals(2, frame[gue] & 0xFF, "Hlen: the private data word and one hop");
            assertEquals(4, frame[gue + 1], "inner IPv4");
            assertEquals(0, frame[gue + 6], "next hop index");
            assertEquals(1, frame[gue + 7], "hop count: the secondary");
            String next = ip(f.getInt(gue + 8));
            assertTrue(PROXIES.contains(outer) && PROXIES.contains(next), outer + " -> " + next);
            assertNotEquals(outer, next, "a row holds each proxy at most once");
            primaries.merge(outer, 1, Integer::sum);
        }
        assertEquals(Set.copyOf(PROXIES), primaries.keySet(), "every proxy is primary for some clients: " + primaries);
    }

    @Test
    void shouldForwardIdenticallyWhateverTheOrderOfTheDestinations(@TempDir Path dir) throws Exception {
        Path in = capture(dir);
        List<byte[]> a = replay(dir, "a", PROXIES, in);
        List<byte[]> b = replay(dir, "b", List.of(PROXIES.get(2), PROXIES.get(0), PROXIES.get(1)), in);

        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(ByteBuffer.wrap(a.get(i)), ByteBuffer.wrap(b.get(i)), "frame " + i);
        }
    }
}
