package io.jvs.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.server.LoopbackHttp;
import io.jvs.server.SourceTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code jvs demo} in this process: the demo servers behind the proxy, on free ports. */
class DemoCommandTest {

    private String previousHome;

    @BeforeEach
    void pointAtTheSourceTree() {
        previousHome = System.getProperty("jvs.home");
        System.setProperty("jvs.home", SourceTree.home().toString());
    }

    @AfterEach
    void restore() {
        QuickstartDemo.running().forEach(QuickstartDemo::close);
        if (previousHome == null) {
            System.clearProperty("jvs.home");
        } else {
            System.setProperty("jvs.home", previousHome);
        }
    }

    @Test
    void shouldBalanceRealHttpRequestsOverTheThreeBackendsInTurnAndStopCleanly() throws Exception {
        int port = LoopbackHttp.freePort();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> JvsCommand.execute(
                new PrintWriter(out, true), new PrintWriter(err, true), "demo", "--port", Integer.toString(port),
                "--backend-port", "0", "--admin-port", "0", "--plugins", SourceTree.plugins().toString()));
        QuickstartDemo demo = awaitDemo(exit, err);
        List<Integer> backendPorts = demo.backends().addresses().stream().map(InetSocketAddress::getPort).toList();
        assertEquals(3, backendPorts.size());

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(LoopbackHttp.get(port).strip());
        }

        assertEquals(List.of("backend-1", "backend-2", "backend-3"), answers.subList(0, 3).stream().sorted().toList(),
                "each backend answers once in the first round: " + answers);
        assertEquals(answers.subList(0, 3), answers.subList(3, 6), "round robin repeats the order: " + answers);
        assertEquals(6, demo.backends().requests());
        String printed = out.toString();
        assertTrue(printed.contains("curl http://127.0.0.1:" + port + "/"), printed);
        assertTrue(printed.contains("-L -n"), printed);
        assertTrue(printed.contains("running 1 services on the proxy data plane"), printed);

        demo.close();

        assertEquals(ExitCode.OK, exit.get(30, TimeUnit.SECONDS), err.toString());
        assertFalse(LoopbackHttp.accepts(port), "the proxy stopped listening");
        for (int p : backendPorts) {
            assertFalse(LoopbackHttp.accepts(p), "the demo server on " + p + " stopped");
        }
        assertTrue(QuickstartDemo.running().isEmpty());
    }

    @Test
    void shouldStillReplayTheSamplesWithReplay(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path pcap = dir.resolve("demo.pcap");
        ReplayCommandTest.Run run = ReplayCommandTest.jvs("demo", "--replay", "--out", pcap.toString(), "--plugins",
                SourceTree.plugins().toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(ReplayCommandTest.EXPECTED_ROWS, ReplayCommandTest.tableRows(run.out()));
        assertTrue(run.out().contains("look at it: tshark -r " + pcap), run.out());
    }

    @Test
    void shouldReplaceOnlyTheServiceAndDestinationPortsOfTheQuickstartFile() throws Exception {
        String yaml = java.nio.file.Files.readString(SourceTree.home().resolve("examples/quickstart.yaml"));

        String changed = QuickstartDemo.withPorts(yaml, 18080, List.of(18081, 18090, 18099));

        assertTrue(changed.contains("\n  port: 9180"), "the admin port stays: " + changed);
        assertTrue(changed.contains("    port: 18080\n"), changed);
        assertTrue(changed.contains("{address: 127.0.0.1, port: 18081}"), changed);
        assertTrue(changed.contains("{address: 127.0.0.1, port: 18090}"), changed);
        assertTrue(changed.contains("{address: 127.0.0.1, port: 18099}"), changed);
        assertFalse(changed.contains(" 8080\n"), changed);
        assertFalse(changed.contains("port: 8081}"), changed);
    }

    @Test
    void shouldDescribeTheQuickstartAsOneRoundRobinServiceOnTheProxy() throws Exception {
        try (io.jvs.server.plugin.PluginHost plugins = SourceTree.loadPlugins()) {
            io.jvs.server.config.JvsConfig config = io.jvs.server.config.JvsConfig.read(
                    SourceTree.home().resolve("examples/quickstart.yaml"), plugins.schedulers());

            assertEquals(io.jvs.server.config.DataPlane.PROXY, config.engine().dataPlane());
            assertEquals(9180, config.admin().port());
            assertEquals(1, config.services().size());
            io.jvs.server.config.ServiceConfig service = config.services().getFirst();
            assertEquals("127.0.0.1", service.address().toString());
            assertEquals(8080, service.port());
            assertEquals("rr", service.scheduler());
            assertEquals(List.of(8081, 8082, 8083),
                    service.destinations().stream().map(d -> d.port()).toList());
        }
    }

    private static QuickstartDemo awaitDemo(CompletableFuture<Integer> exit, StringWriter err) throws Exception {
        for (int i = 0; i < 600; i++) {
            List<QuickstartDemo> running = QuickstartDemo.running();
            if (!running.isEmpty()) {
                return running.getFirst();
            }
            if (exit.isDone()) {
                throw new AssertionError("jvs demo ended with " + exit.get() + ": " + err);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("jvs demo did not start: " + err);
    }
}
