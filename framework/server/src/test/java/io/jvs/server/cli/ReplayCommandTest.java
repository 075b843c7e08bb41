package io.jvs.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.io.PcapReader;
import io.jvs.server.SourceTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jvs replay} of the sample capture, end to end in this process. */
class ReplayCommandTest {

    /** What the scenario of {@link io.jvs.server.replay.SampleCaptureGenerator} must produce, by creation time. */
    static final List<List<String>> EXPECTED_ROWS = List.of(
            row("tcp", "203.0.113.101:40001", "203.0.113.1:80", "198.51.100.7:8080", "nat",
                    "evicted RESCHEDULED (TIME_WAIT)"),
            row("tcp", "203.0.113.102:40002", "203.0.113.1:80", "198.51.100.8:8080", "nat", "evicted CLOSED (CLOSE)"),
            row("tcp", "203.0.113.103:40003", "203.0.113.1:80", "198.51.100.9:8080", "nat",
                    "evicted EXPIRED (SYN_RECV)"),
            row("udp", "203.0.113.101:5353", "203.0.113.2:53", "198.51.100.17:53", "nat", "live UDP"),
            row("udp", "203.0.113.104:5354", "203.0.113.2:53", "198.51.100.17:53", "nat", "live UDP"),
            row("tcp", "203.0.113.105:40010", "203.0.113.3:443", "198.51.100.20:443", "dr", "live ESTABLISHED"),
            row("tcp", "203.0.113.106:40011", "203.0.113.3:443", "198.51.100.21:443", "tunnel", "live ESTABLISHED"),
            row("tcp", "203.0.113.101:40020", "203.0.113.4:22", "198.51.100.30:22", "nat", "live ESTABLISHED"),
            row("tcp", "203.0.113.101:40021", "203.0.113.4:22", "198.51.100.30:22", "nat", "live ESTABLISHED"),
            row("tcp", "198.51.100.200:40022", "203.0.113.4:22", "198.51.100.31:22", "nat", "live ESTABLISHED"),
            row("tcp", "203.0.113.102:40023", "203.0.113.4:22", "198.51.100.30:22", "nat", "live ESTABLISHED"),
            row("tcp", "[2001:db8:c::1]:40030", "[2001:db8::1]:80", "[2001:db8:1::7]:8080", "nat", "live ESTABLISHED"),
            row("tcp", "203.0.113.101:40001", "203.0.113.1:80", "198.51.100.7:8080", "nat", "live ESTABLISHED"));

    private static List<String> row(String... cells) {
        return List.of(cells);
    }

    /** The output of one command run. */
    record Run(int exitCode, String out, String err) {
    }

    static Run jvs(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = JvsCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Reads the decision table back into cells: the lines after the header, up to the blank line. */
    static List<List<String>> tableRows(String out) {
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("PROTO ")) {
                inTable = true;
            } else if (inTable && line.isBlank()) {
                break;
            } else if (inTable) {
                rows.add(List.of(line.split(" {2,}")));
            }
        }
        return rows;
    }

    @Test
    void shouldPrintTheDecisionOfEveryConnectionAndTheTotals(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.pcap");

        Run run = jvs("replay", "--config", SourceTree.sampleConfig().toString(), "--in",
                SourceTree.sampleCapture().toString(), "--out", out.toString(), "--plugins",
                SourceTree.plugins().toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(EXPECTED_ROWS, tableRows(run.out()), run.out());
        assertTrue(run.out().contains("\npackets: 49 in, 45 out, 4 dropped (no-service 1, tcp-not-syn 1,"
                + " parse-bad-ipv4-header-checksum 1, parse-truncated-l4 1)\n"), run.out());
        assertTrue(run.out().contains("\nconnections: 13 (10 live, 3 evicted: EXPIRED 1, CLOSED 1, RESCHEDULED 1);"
                + " persistence templates: 2 live, 2 hits\n"), run.out());
        assertTrue(run.out().contains("schedulers from target/test-plugins: fa (jvs-example-scheduler),"), run.out());
        assertTrue(run.out().contains(" rr (jvs-ipvs-schedulers),"), run.out());
        assertEquals(45, countFrames(out));
        assertTrue(run.out().contains("output: " + out + " (45 frames)"), run.out());
    }

    static int countFrames(Path capture) throws Exception {
        int n = 0;
        try (PcapReader reader = new PcapReader(capture)) {
            while (reader.next() != null) {
                n++;
            }
        }
        return n;
    }

    @Test
    void shouldRefuseABadConfigurationWithExitCodeTwoAndLocatedProblems(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(config, """
                services:
                  - protocol: tcp
                    address: 203.0.113.1
                    port: 80
                    scheduler: wrrx
                    destinations:
                      - {address: 198.51.100.7, weight: 70000}
                """);

        Run run = jvs("replay", "--config", config.toString(), "--in", SourceTree.sampleCapture().toString(),
                "--out", dir.resolve("out.pcap").toString(), "--plugins", SourceTree.plugins().toString());

        assertEquals(ExitCode.BAD_CONFIG, run.exitCode());
        List<String> lines = run.err().lines().toList();
        assertEquals(3, lines.size(), run.err());
        assertEquals("jvs: the configuration is refused (2 problems); nothing was run:", lines.get(0));
        assertTrue(lines.get(1).startsWith("  %s:5:16: services[0].scheduler: unknown scheduler 'wrrx'; known schedulers: "
                .formatted(config)), lines.get(1));
        assertTrue(lines.get(1).contains(" wrr") && lines.get(1).endsWith("; did you mean 'wrr'?"), lines.get(1));
        assertEquals("  %s:7:41: services[0].destinations[0].weight: 70000 is out of 0..65535".formatted(config),
                lines.get(2));
        assertEquals("", run.out());
    }

    @Test
    void shouldExitWithThreeWhenTheCaptureIsMissing(@TempDir Path dir) {
        Path missing = dir.resolve("missing.pcap");

        Run run = jvs("replay", "--config", SourceTree.sampleConfig().toString(), "--in", missing.toString(),
                "--out", dir.resolve("out.pcap").toString(), "--plugins", SourceTree.plugins().toString());

        assertEquals(ExitCode.IO_ERROR, run.exitCode());
        assertEquals("jvs: " + missing + ": no such file or directory\n", run.err());
    }

    @Test
    void shouldRefuseToOverwriteTheInputCapture(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("in.pcap");
        java.nio.file.Files.copy(SourceTree.sampleCapture(), capture);

        Run run = jvs("replay", "--config", SourceTree.sampleConfig().toString(), "--in", capture.toString(),
                "--out", dir.resolve(".").resolve("in.pcap").toString(), "--plugins", SourceTree.plugins().toString());

        assertEquals(ExitCode.IO_ERROR, run.exitCode());
        assertTrue(run.err().contains("the output capture is the input capture"), run.err());
        assertEquals(49, countFrames(capture), "the input is intact");
    }

    @Test
    void shouldExitWithThreeWhenThePluginsDirectoryIsMissing(@TempDir Path dir) {
        Path missing = dir.resolve("no-plugins");

        Run run = jvs("replay", "--config", SourceTree.sampleConfig().toString(), "--in",
                SourceTree.sampleCapture().toString(), "--out", dir.resolve("out.pcap").toString(), "--plugins",
                missing.toString());

        assertEquals(ExitCode.IO_ERROR, run.exitCode());
        assertTrue(run.err().startsWith("jvs: " + missing + ": no such file or directory (the plugins directory"),
                run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void shouldExitWithTwoOnAMissingOptionAndNameIt() {
        Run run = jvs("replay", "--config", "x.yaml");

        assertEquals(ExitCode.BAD_CONFIG, run.exitCode());
        assertTrue(run.err().startsWith("jvs: Missing required options: '--in=IN.pcap', '--out=OUT.pcap'\n"),
                run.err());
        assertTrue(run.err().contains("see 'jvs replay --help'"), run.err());
    }

    @Test
    void shouldPrintAStackTraceOnlyWithVerbose(@TempDir Path dir) {
        String[] args = {"replay", "--config", SourceTree.sampleConfig().toString(), "--in",
            dir.resolve("missing.pcap").toString(), "--out", dir.resolve("out.pcap").toString(), "--plugins",
            SourceTree.plugins().toString()};
        Run quiet = jvs(args);
        List<String> verboseArgs = new ArrayList<>(List.of(args));
        verboseArgs.add("--verbose");
        Run verbose = jvs(verboseArgs.toArray(String[]::new));

        assertEquals(1, quiet.err().lines().count(), quiet.err());
        assertTrue(verbose.err().contains("java.nio.file.NoSuchFileException"), verbose.err());
        assertTrue(verbose.err().contains("\tat "), verbose.err());
    }
}
