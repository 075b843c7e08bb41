package io.jvs.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.server.SourceTree;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jvs run} as a process: serves the admin endpoint, reloads on SIGHUP, stops cleanly on SIGTERM. */
class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldServeReloadOnSighupAndStopOnSigterm() throws Exception {
        Path config = dir.resolve("jvs.yaml");
        Files.writeString(config, """
                engine: {data-plane: memory, connections-per-worker: 1024}
                admin: {port: 0}
                services:
                  - {protocol: tcp, address: 203.0.113.1, port: 80, scheduler: rr,
                     destinations: [{address: 198.51.100.7, port: 8080}]}
                """);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("run.log");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                JvsCommand.class.getName(), "run", "--no-watch", "--config", config.toString(), "--plugins",
                SourceTree.plugins().toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Pattern endpoint = Pattern.compile("admin endpoint (http://\\S+)");
            String url = null;
            for (int i = 0; i < 600 && url == null && process.isAlive(); i++) {
                Matcher m = endpoint.matcher(Files.readString(log));
                if (m.find()) {
                    url = m.group(1);
                } else {
                    Thread.sleep(50);
                }
            }
            assertTrue(url != null, "no endpoint announced: " + Files.readString(log));
            HttpResponse<String> ipvs = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/proc/net/ip_vs")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ipvs.statusCode());
            assertTrue(ipvs.body().contains("TCP  CB007101:0050 rr  \n"), ipvs.body());

            Files.writeString(config, Files.readString(config) + """
                      - {protocol: udp, address: 203.0.113.2, port: 53, scheduler: rr,
                         destinations: [{address: 198.51.100.17}]}
                    """);
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
            assertEquals(0, hup.waitFor());
            String after = "";
            for (int i = 0; i < 600 && !after.contains("UDP  CB007102:0035 rr  \n"); i++) {
                Thread.sleep(50);
                after = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(url + "/proc/net/ip_vs")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            }
            assertTrue(after.contains("UDP  CB007102:0035 rr  \n"), "SIGHUP reloaded the file: " + after);

            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "jvs run stops on SIGTERM");
            String output = Files.readString(log);
            assertTrue(output.contains("jvs: stopped"), output);
            assertTrue(process.exitValue() == 0 || process.exitValue() == 143, "exit " + process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void shouldRefuseAPcapDataPlaneWithAHint() throws Exception {
        Path config = dir.resolve("pcap.yaml");
        Files.writeString(config, "engine: {data-plane: pcap}\nadmin: {port: 0}\n");
        ReplayCommandTest.Run run = ReplayCommandTest.jvs("run", "--config", config.toString(), "--plugins",
                SourceTree.plugins().toString());
        assertEquals(ExitCode.FAILURE, run.exitCode());
        assertTrue(run.err().contains("pcap replays a capture: use 'jvs replay'"), run.err());
    }

    @Test
    void shouldAcceptTheExampleRunConfiguration() throws Exception {
        try (io.jvs.server.plugin.PluginHost plugins = SourceTree.loadPlugins()) {
            io.jvs.server.config.JvsConfig config = io.jvs.server.config.JvsConfig.read(
                    SourceTree.home().resolve("examples/run.yaml"), plugins.schedulers());
            assertEquals(io.jvs.server.config.DataPlane.MEMORY, config.engine().dataPlane());
            assertEquals(2, config.services().size());
            assertEquals(9180, config.admin().port());
        }
    }
}
