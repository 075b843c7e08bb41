package io.jvs.engine.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.spi.AddressFamily;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hands every frame the forwarding fixtures produce to Wireshark's dissectors (tshark, with the
 * IPv4, TCP and UDP checksum checks switched on; ICMP and ICMPv6 checksums are always checked) and
 * requires no malformed packet and no expert message of severity warning or above. Two corrupted
 * frames at the end of the capture must be reported, so that a wrong incantation cannot pass
 * silently.
 *
 * <p>IP reassembly is off: the fixtures' fragments are test fragments, not slices of one datagram.
 * Wireshark verifies the transport checksum of a packet quoted in an ICMPv6 error even when the
 * quote is cut short (as a "packet too big" quote of a 1481-byte packet is), so for those frames a
 * bad-checksum error is accepted, but only with the ICMPv6 checksum itself verified good. tshark
 * has no GUE dissector: GUE packets are checked as UDP (outer headers and UDP checksum).
 */
class TsharkConformanceTest {
    static final Path TSHARK = Path.of("/usr/bin/tshark");
    static final long SEVERITY_WARNING = 0x0060_0000L;
    static final long SEVERITY_ERROR = 0x0080_0000L;
    static final String AGGREGATOR = "|";

    @TempDir
    Path directory;

    @Test
    void shouldSatisfyWiresharkOnEveryForwardedFrame() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(TSHARK), "tshark is not installed at " + TSHARK + ": test skipped");
        List<byte[]> frames = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        Stream.of(AddressRewriterTest.all(), TunnelEncapsulatorTest.all(), IcmpTooBigResponderTest.all(),
                        IcmpErrorTranslatorTest.all())
                .flatMap(s -> s)
                .filter(fixture -> fixture.expectedResult() == ForwardResult.OK)
                .forEach(fixture -> {
                    frames.add(fixture.output());
                    descriptions.add(fixture.description());
                });
        int checked = frames.size();
        byte[] badTcp = frames.get(0).clone();
        badTcp[14 + 20 + 16] ^= 0x01;
        byte[] badIpHeader = frames.get(0).clone();
        badIpHeader[14 + 10] ^= 0x01;
        frames.add(badTcp);
        frames.add(badIpHeader);
        Path capture = directory.resolve("forwarded.pcap");
        ClassicPcap.write(capture, frames);

        List<String> lines = tshark(capture);
        assertEquals(frames.size(), lines.size(), "tshark read every frame:\n" + String.join("\n", lines));
        List<String> problems = new ArrayList<>();
        for (String line : lines) {
            String[] columns = line.split("\t", -1);
            int number = Integer.parseInt(columns[0]);
            String[] severities = columns[1].isEmpty() ? new String[0] : columns[1].split("\\" + AGGREGATOR, -1);
            String[] messages = columns[2].split("\\" + AGGREGATOR, -1);
            boolean malformed = !columns[3].isEmpty();
            if (number > checked) {
                boolean reported = false;
                for (int i = 0; i < severities.length; i++) {
                    reported |= Long.parseLong(severities[i]) >= SEVERITY_ERROR && messages[i].startsWith("Bad checksum");
                }
                assertTrue(reported, "tshark reports the corrupted control frame " + number + ": " + line);
                continue;
            }
            String description = descriptions.get(number - 1);
            boolean cutQuote = hasCutShortQuote(frames.get(number - 1));
            if (malformed) {
                problems.add(number + " (" + description + "): malformed");
            }
            if (cutQuote && !firstOccurrence(columns[4]).equals("1") && !firstOccurrence(columns[5]).equals("1")) {
                problems.add(number + " (" + description + "): ICMP checksum not verified good");
            }
            for (int i = 0; i < severities.length; i++) {
                boolean quoteChecksum = cutQuote && messages[i].startsWith("Bad checksum");
                if (Long.parseLong(severities[i]) >= SEVERITY_WARNING && !quoteChecksum) {
                    problems.add(number + " (" + description + "): " + messages[i]);
                }
            }
        }
        assertEquals(List.of(), problems, "tshark findings on " + checked + " frames");
        assertTrue(checked >= 100, "the capture holds the fixtures' outputs: " + checked);
    }

    private List<String> tshark(Path capture) throws IOException, InterruptedException {
        Path errors = directory.resolve("tshark.err");
        Process process = new ProcessBuilder(TSHARK.toString(), "-n", "-r", capture.toString(),
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-o", "tcp.analyze_sequence_numbers:FALSE",
                "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=" + AGGREGATOR,
                "-e", "frame.number", "-e", "_ws.expert.severity", "-e", "_ws.expert.message", "-e", "_ws.malformed",
                "-e", "icmp.checksum.status", "-e", "icmpv6.checksum.status")
                .redirectError(errors.toFile())
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("tshark did not finish within 60 s");
        }
        assertEquals(0, process.exitValue(), "tshark failed: " + Files.readString(errors));
        return new String(output, StandardCharsets.UTF_8).lines().toList();
    }

    private static String firstOccurrence(String column) {
        int end = column.indexOf(AGGREGATOR);
        return end < 0 ? column : column.substring(0, end);
    }

    /** True for an ICMP error whose quoted datagram is longer than the quote. */
    private static boolean hasCutShortQuote(byte[] frame) {
        MemorySegment segment = MemorySegment.ofArray(frame);
        ParsedPacket packet = new ParsedPacket();
        if (PacketParser.parse(segment, 0, frame.length, packet) != ParseResult.OK || !packet.hasEmbeddedPacket()) {
            return false;
        }
        long quote = packet.embeddedL3Offset();
        int quotedLength = packet.embeddedFamily() == AddressFamily.IPV4
                ? BigEndian.getUnsignedShort(segment, quote + 2)
                : 40 + BigEndian.getUnsignedShort(segment, quote + 4);
        return quotedLength > packet.ipEndOffset() - quote;
    }
}
