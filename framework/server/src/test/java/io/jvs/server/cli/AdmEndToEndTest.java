package io.jvs.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.service.ServiceSpec;
import io.jvs.server.SourceTree;
import io.jvs.server.runtime.ServerRuntime;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jvs adm}, {@code jvs proc}, {@code jvs reload}, {@code jvs plugins} against a jvs running in this process. */
class AdmEndToEndTest {

    static final String CONFIG = """
            engine: {data-plane: memory, connections-per-worker: 4096}
            plugins: {directory: %s}
            services:
              - {protocol: tcp, address: 203.0.113.1, port: 80, scheduler: rr,
                 destinations: [{address: 198.51.100.7, port: 8080}]}
            """;

    @TempDir
    Path dir;
    private ServerRuntime server;
    private Path config;

    @BeforeEach
    void start() throws Exception {
        config = dir.resolve("jvs.yaml");
        Files.writeString(config, CONFIG.formatted(SourceTree.plugins()));
        StringWriter log = new StringWriter();
        server = ServerRuntime.start(new ServerRuntime.Options(config, null, 0, false), new PrintWriter(log));
    }

    @AfterEach
    void stop() {
        server.close();
        AdmCommand.input = System.in;
    }

    private ReplayCommandTest.Run adm(String... args) {
        List<String> all = new ArrayList<>(List.of("adm", "--admin", server.admin().url()));
        all.addAll(List.of(args));
        return ReplayCommandTest.jvs(all.toArray(String[]::new));
    }

    private ReplayCommandTest.Run ok(String... args) {
        ReplayCommandTest.Run run = adm(args);
        assertEquals(0, run.exitCode(), String.join(" ", args) + " -> " + run.err());
        return run;
    }

    private List<ServiceSpec> running() {
        return server.engine().services().specs();
    }

    @Test
    void shouldAddEditAndDeleteServicesAndServersAndListThemAsIpvsadm() {
        ok("-A", "-t", "203.0.113.5:443", "-s", "wlc", "-p", "60", "-M", "255.255.255.0");
        ok("-a", "-t", "203.0.113.5:443", "-r", "198.51.100.9", "-w", "3");
        ok("-a", "-t", "203.0.113.5:443", "-r", "198.51.100.10:8443", "-m", "-w", "2", "-x", "100", "-y", "50");
        ok("-A", "-u", "203.0.113.2:53", "-s", "rr");
        ok("-a", "-u", "203.0.113.2:53", "-r", "198.51.100.17:53", "-m");
        ok("-e", "-t", "203.0.113.1:80", "-r", "198.51.100.7:8080", "-m", "-w", "5");
        ok("-E", "-t", "203.0.113.1:80", "-s", "wrr");
        ok("-d", "-u", "203.0.113.2:53", "-r", "198.51.100.17:53");

        // ipvsadm.c: "%s %s" + " persistent %u" + " mask %s"; "  -> %-28s %-7s %-6d %-10u %-10u\n"; sorted
        String expected = ""
                + "IP Virtual Server version 1.2.1 (size=4096)\n"
                + "Prot LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
                + "TCP  203.0.113.1:80 wrr\n"
                + "  -> 198.51.100.7:8080            Masq    5      0          0         \n"
                + "TCP  203.0.113.5:443 wlc persistent 60 mask 255.255.255.0\n"
                + "  -> 198.51.100.9:443             Route   3      0          0         \n"
                + "  -> 198.51.100.10:8443           Masq    2      0          0         \n"
                + "UDP  203.0.113.2:53 rr\n";
        assertEquals(expected, ok("-L", "-n").out());
        assertEquals(expected, ok("-Ln").out(), "clustered short options");

        ok("-D", "-u", "203.0.113.2:53");
        assertEquals(2, running().size());
        String thresholds = ok("-L", "-n", "--thresholds", "-t", "203.0.113.5:443").out();
        assertEquals(""
                + "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn \n"
                + "  -> RemoteAddress:Port\n"
                + "TCP  203.0.113.5:443 wlc persistent 60 mask 255.255.255.0\n"
                + "  -> 198.51.100.9:443             0          0          0          0         \n"
                + "  -> 198.51.100.10:8443           100        50         0          0         \n", thresholds);
    }

    @Test
    void shouldSaveClearAndRestoreToTheSameState() {
        ok("-A", "-t", "203.0.113.5:443", "-s", "sh", "-p", "120");
        ok("-a", "-t", "203.0.113.5:443", "-r", "198.51.100.9", "-i", "--tun-type", "gue", "-w", "4");
        ok("-A", "-f", "7", "-s", "rr");
        ok("-a", "-f", "7", "-r", "198.51.100.20", "-g");
        List<ServiceSpec> before = running();
        String saved = ok("-S", "-n").out();
        assertEquals(""
                + "-A -t 203.0.113.1:80 -s rr\n"
                + "-a -t 203.0.113.1:80 -r 198.51.100.7:8080 -m -w 1\n"
                + "-A -t 203.0.113.5:443 -s sh -p 120\n"
                + "-a -t 203.0.113.5:443 -r 198.51.100.9:443 -i -w 4 --tun-type gue\n"
                + "-A -f 7 -s rr\n"
                + "-a -f 7 -r 198.51.100.20:0 -g -w 1\n", saved);

        ok("-C");
        assertEquals(List.of(), running());
        assertEquals("IP Virtual Server version 1.2.1 (size=4096)\n"
                + "Prot LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n", ok("-L", "-n").out());

        AdmCommand.input = new ByteArrayInputStream(saved.getBytes(StandardCharsets.UTF_8));
        ok("-R");
        assertEquals(sortedByKey(before), sortedByKey(running()));
        assertEquals(saved, ok("-S", "-n").out());
    }

    private static List<String> sortedByKey(List<ServiceSpec> specs) {
        return specs.stream().map(ServiceSpec::toString).sorted().toList();
    }

    @Test
    void shouldRefuseInvalidCommandsWithIpvsadmErrorsAndChangeNothing() {
        List<ServiceSpec> before = running();
        String[][] refusals = {
            {"1", "Service already exists", "-A", "-t", "203.0.113.1:80", "-s", "rr"},
            {"1", "No such service", "-D", "-t", "203.0.113.9:80"},
            {"1", "No such service", "-E", "-t", "203.0.113.9:80", "-s", "rr"},
            {"1", "Service not defined", "-a", "-t", "203.0.113.9:80", "-r", "198.51.100.1"},
            {"1", "Destination already exists", "-a", "-t", "203.0.113.1:80", "-r", "198.51.100.7:8080", "-m"},
            {"1", "No such destination", "-d", "-t", "203.0.113.1:80", "-r", "198.51.100.99"},
            {"1", "No such destination", "-e", "-t", "203.0.113.1:80", "-r", "198.51.100.99:8080", "-m"},
            {"1", "Scheduler or persistence engine not found", "-A", "-t", "203.0.113.9:80", "-s", "nosuch"},
            {"2", "illegal weight", "-a", "-t", "203.0.113.1:80", "-r", "198.51.100.8", "-w", "70000"},
            {"2", "illegal virtual service IP address", "-A", "-t", "203.0.113:80"},
            {"2", "only one command", "-A", "-D", "-t", "203.0.113.1:80"},
            {"2", "unknown option", "-A", "--frobnicate"},
            {"2", "Zero port specified for non-persistent service", "-A", "-t", "203.0.113.9:0"},
        };
        for (String[] r : refusals) {
            ReplayCommandTest.Run run = adm(java.util.Arrays.copyOfRange(r, 2, r.length));
            assertEquals(Integer.parseInt(r[0]), run.exitCode(), String.join(" ", r) + " -> " + run.err());
            assertTrue(run.err().contains(r[1]), r[1] + " not in: " + run.err());
            assertEquals(before, running(), "nothing changed by " + String.join(" ", r));
        }
        AdmCommand.input = new ByteArrayInputStream(("-A -t 203.0.113.9:80 -s rr\n"
                + "-a -t 203.0.113.9:80 -r 198.51.100.1 -m\n"
                + "-a -t 203.0.113.99:80 -r 198.51.100.1 -m\n").getBytes(StandardCharsets.UTF_8));
        ReplayCommandTest.Run restore = adm("-R");
        assertEquals(1, restore.exitCode());
        assertTrue(restore.err().contains("line 3: Service not defined"), restore.err());
        assertEquals(before, running(), "a restore applies all its lines or none");
    }

    @Test
    void shouldListStatsConnectionsAndTimeouts() {
        assertEquals("Timeout (tcp tcpfin udp): 900 120 300\n", ok("-L", "--timeout").out());
        ok("--set", "3600", "0", "60");
        assertEquals("Timeout (tcp tcpfin udp): 3600 120 60\n", ok("-L", "--timeout").out());
        assertEquals("3600\n", ReplayCommandTest.jvs("proc", "--admin", server.admin().url(), "cat",
                "/proc/sys/net/ipv4/vs/timeout_established").out());
        assertEquals(""
                + "IP Virtual Server version 1.2.1 (size=4096)\n"
                + "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n"
                + "  -> RemoteAddress:Port\n"
                + "TCP  203.0.113.1:80                      0        0        0        0        0\n"
                + "  -> 198.51.100.7:8080                   0        0        0        0        0\n",
                ok("-L", "-n", "--stats").out());
        assertEquals(""
                + "IP Virtual Server version 1.2.1 (size=4096)\n"
                + "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n"
                + "  -> RemoteAddress:Port\n"
                + "TCP  203.0.113.1:80                      0        0        0        0        0\n"
                + "  -> 198.51.100.7:8080                   0        0        0        0        0\n",
                ok("-L", "-n", "--rate").out());
        assertEquals("IPVS connection entries\n"
                + "pro expire state       source             virtual            destination\n", ok("-lcn").out());
        ok("-Z");
    }

    @Test
    void shouldReadAndWriteProcFilesAndReloadAndListPlugins() throws Exception {
        ReplayCommandTest.Run written = ReplayCommandTest.jvs("proc", "--admin", server.admin().url(), "write",
                "/proc/sys/net/ipv4/vs/expire_nodest_conn", "1");
        assertEquals(0, written.exitCode(), written.err());
        assertTrue(server.engine().tunables().expireNodestConn());
        ReplayCommandTest.Run refused = ReplayCommandTest.jvs("proc", "--admin", server.admin().url(), "write",
                "/proc/sys/net/ipv4/vs/expire_nodest_conn", "7");
        assertEquals(ExitCode.FAILURE, refused.exitCode());
        assertTrue(refused.err().contains("Invalid argument"), refused.err());

        Files.writeString(config, CONFIG.formatted(SourceTree.plugins()) + """
                  - {protocol: udp, address: 203.0.113.2, port: 53, scheduler: rr,
                     destinations: [{address: 198.51.100.17}]}
                """);
        ReplayCommandTest.Run reload = ReplayCommandTest.jvs("reload", "--admin", server.admin().url());
        assertEquals(0, reload.exitCode(), reload.err());
        assertEquals("reloaded: 1 added, 0 changed, 0 removed, 1 unchanged\n", reload.out());
        assertEquals(2, running().size());

        Files.writeString(config, CONFIG.formatted(SourceTree.plugins()).replace("scheduler: rr", "scheduler: nosuch"));
        ReplayCommandTest.Run bad = ReplayCommandTest.jvs("reload", "--admin", server.admin().url());
        assertEquals(ExitCode.BAD_CONFIG, bad.exitCode());
        assertTrue(bad.err().contains("unknown scheduler 'nosuch'"), bad.err());
        assertEquals(2, running().size(), "a refused file changes nothing");

        ReplayCommandTest.Run plugins = ReplayCommandTest.jvs("plugins", "--admin", server.admin().url());
        assertTrue(plugins.out().contains("jvs-ipvs-schedulers"), plugins.out());
    }
}
