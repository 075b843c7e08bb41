package io.jvs.server.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jvs.server.SourceTree;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.plugin.PluginHost;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wireshark's dissectors, an implementation independent of jvs, read the replay's output with
 * checksum validation on and find nothing malformed and no bad checksum; and a negative control
 * shows that the same query does report a corrupted checksum, so this test can fail.
 */
class ReplayOutputTsharkTest {

    /** Checksum validation is off by default in tshark; these turn it on. */
    static final List<String> CHECKSUM_OPTIONS = List.of("-o", "ip.check_checksum:TRUE", "-o",
            "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE");

    /**
     * Malformed packets, bad checksums (ip, tcp, udp, also inside the GRE tunnel), and any expert
     * info of severity error. Warnings are not counted: the sample holds a reset connection and a
     * reused port on purpose, which tshark reports as warnings.
     */
    static final String PROBLEMS = "_ws.malformed || _ws.expert.severity >= error || ip.checksum.status == \"Bad\""
            + " || tcp.checksum.status == \"Bad\" || udp.checksum.status == \"Bad\"";

    static String tshark;

    @BeforeAll
    static void findTshark() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "tshark");
            if (Files.isExecutable(candidate)) {
                tshark = candidate.toString();
                return;
            }
        }
    }

    static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(tshark);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("tshark did not finish");
        }
        assertEquals(0, process.exitValue(), "tshark " + command);
        return new String(out, StandardCharsets.UTF_8);
    }

    static String problems(Path capture) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-r", capture.toString()));
        args.addAll(CHECKSUM_OPTIONS);
        args.addAll(List.of("-Y", PROBLEMS, "-T", "fields", "-e", "frame.number"));
        return run(args.toArray(String[]::new));
    }

    static Path replaySample(Path dir) throws Exception {
        Path out = dir.resolve("out.pcap");
        try (PluginHost plugins = SourceTree.loadPlugins()) {
            JvsConfig config = JvsConfig.read(SourceTree.sampleConfig(), plugins.schedulers());
            CaptureReplay.run(config, plugins.schedulers(), List.of(), SourceTree.sampleCapture(), out);
        }
        return out;
    }

    /** Returns the file offset of each frame's first byte in a classic pcap file. */
    static List<Integer> frameOffsets(byte[] pcap) {
        List<Integer> offsets = new ArrayList<>();
        int at = 24;
        while (at + 16 <= pcap.length) {
            int included = (pcap[at + 8] & 0xff) << 24 | (pcap[at + 9] & 0xff) << 16 | (pcap[at + 10] & 0xff) << 8
                    | (pcap[at + 11] & 0xff);
            offsets.add(at + 16);
            at += 16 + included;
        }
        return offsets;
    }

    @Test
    void shouldFindNothingMalformedAndNoBadChecksumInTheReplayOutput(@TempDir Path dir) throws Exception {
        assumeTrue(tshark != null, "tshark is not installed (scripts/test.sh installs it: apt-get install tshark);"
                + " skipping the Wireshark check of the replay output");
        Path out = replaySample(dir);

        assertEquals(45, run("-r", out.toString()).lines().count(), "tshark reads every frame");
        assertEquals("21\n22\n", run("-r", out.toString(), "-Y", "gre && ip.proto == 6", "-T", "fields", "-e",
                "frame.number"), "the tunnelled frames are dissected down to the inner TCP");
        assertEquals("", problems(out));
    }

    @Test
    void shouldReportCorruptedChecksumsWithTheSameQuery(@TempDir Path dir) throws Exception {
        assumeTrue(tshark != null, "tshark is not installed (scripts/test.sh installs it: apt-get install tshark);"
                + " skipping the negative control of the Wireshark check");
        byte[] bytes = Files.readAllBytes(replaySample(dir));
        List<Integer> frames = frameOffsets(bytes);
        int ethernet = 14;
        int ipv4 = 20;
        bytes[frames.get(0) + ethernet + ipv4 + 16] ^= 0x5a;
        bytes[frames.get(14) + ethernet + ipv4 + 6] ^= 0x5a;
        bytes[frames.get(22) + ethernet + 10] ^= 0x5a;
        Path corrupted = dir.resolve("corrupted.pcap");
        Files.write(corrupted, bytes);

        assertEquals("1\n15\n23\n", problems(corrupted), "a TCP, a UDP and an IPv4 header checksum corrupted");
    }
}
