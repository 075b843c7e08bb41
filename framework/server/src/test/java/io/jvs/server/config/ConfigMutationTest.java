package io.jvs.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jvs.server.SourceTree;
import io.jvs.server.plugin.PluginHost;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Breaks a valid configuration in one place at a time and checks that the whole file is refused
 * with a problem naming the right line, column and key. The expected position is computed from the
 * mutated text itself (where the anchor text stands), not copied from the reader.
 */
class ConfigMutationTest {

    static final String FILE = "base.yaml";

    static final String BASE = """
            engine:
              data-plane: pcap
              workers: 1
              connections-per-worker: 65536
              timeout-profile: ipvs
              forwarding:
                own-mac: "02:00:00:00:00:01"
                gateway-mac: "02:00:00:00:00:fe"
                mtu: 1500
                tunnel-source-ipv4: 192.0.2.1
                local-addresses: [192.0.2.100]
                local-ports: 1024-65535
              neighbors: {198.51.100.20: "02:00:00:00:01:20"}
            sysctl:
              conn_reuse_mode: 1
              sloppy_tcp: 0
            services:
              - protocol: tcp
                address: 203.0.113.1
                port: 80
                scheduler: rr
                destinations:
                  - {address: 198.51.100.7, port: 8080, weight: 1, forwarding: nat}
                  - {address: 198.51.100.8, port: 8080, weight: 2, forwarding: nat}
              - protocol: udp
                address: 203.0.113.2
                port: 53
                scheduler: fa
                scheduler-parameters: {fa-overflow: true}
                persistence: {timeout: 300s, netmask: 255.255.255.0}
                destinations:
                  - {address: 198.51.100.17, forwarding: nat}
                  - {address: 198.51.100.21, forwarding: tunnel, tunnel-type: gue}
              - fwmark: 7
                scheduler: rr
                destinations:
                  - {address: 198.51.100.20, forwarding: dr}
            """;

    static PluginHost plugins;

    @BeforeAll
    static void loadPlugins() {
        plugins = SourceTree.loadPlugins();
    }

    @AfterAll
    static void closePlugins() {
        plugins.close();
    }

    /**
     * One way to break the file.
     *
     * @param find text of the valid file to replace (must occur once)
     * @param replace what to put instead
     * @param path the key path the problem must name
     * @param anchor text whose first character is where the problem must point (searched in
     *     {@code replace}, else once in the whole mutated file)
     * @param fragment a piece of the expected message
     */
    record Mutation(String find, String replace, String path, String anchor, String fragment) {
        @Override
        public String toString() {
            return path + " <- " + replace.strip();
        }
    }

    static Stream<Mutation> mutations() {
        return Stream.of(
                // wrong types
                new Mutation("weight: 2,", "weight: heavy,", "services[0].destinations[1].weight", "heavy",
                        "expected an integer, got a string (\"heavy\")"),
                new Mutation("    port: 80\n", "    port: \"80\"\n", "services[0].port", "\"80\"",
                        "expected an integer, got a string (\"80\")"),
                new Mutation("workers: 1", "workers: [1]", "engine.workers", "[1]", "expected an integer, got a list"),
                new Mutation("mtu: 1500", "mtu: 1500.5", "engine.forwarding.mtu", "1500.5",
                        "expected an integer, got a number (1500.5)"),
                new Mutation("sysctl:\n  conn_reuse_mode: 1\n  sloppy_tcp: 0\n", "sysctl: [1]\n", "sysctl", "[1]",
                        "expected a mapping"),
                new Mutation("{fa-overflow: true}", "{fa-overflow: [true]}",
                        "services[1].scheduler-parameters.fa-overflow", "[true]", "expected a single value"),
                // out of range
                new Mutation("weight: 2,", "weight: 70000,", "services[0].destinations[1].weight", "70000",
                        "70000 is out of 0..65535"),
                new Mutation("weight: 2,", "weight: -1,", "services[0].destinations[1].weight", "-1",
                        "-1 is out of 0..65535"),
                new Mutation("    port: 80\n", "    port: 65536\n", "services[0].port", "65536",
                        "65536 is out of 0..65535"),
                new Mutation("conn_reuse_mode: 1", "conn_reuse_mode: 4", "sysctl.conn_reuse_mode", "4",
                        "4 is out of 0..3"),
                new Mutation("connections-per-worker: 65536", "connections-per-worker: 8",
                        "engine.connections-per-worker", "8", "8 is out of 16..134217728"),
                new Mutation("mtu: 1500", "mtu: 100", "engine.forwarding.mtu", "100", "100 is out of 576..65535"),
                new Mutation("  sloppy_tcp: 0", "  sloppy_tcp: 0\n  schedule_icmp: 1", "sysctl.schedule_icmp", "1",
                        "1 is not supported yet"),
                new Mutation("fwmark: 7", "fwmark: 0", "services[2].fwmark", "0", "0 is out of 1..2147483647"),
                new Mutation("workers: 1", "workers: 2", "engine.workers", "2", "the pcap data plane has one queue"),
                new Mutation("weight: 1, forwarding: nat}", "weight: 1, forwarding: nat, upper-threshold: 10,"
                        + " lower-threshold: 20}", "services[0].destinations[0].lower-threshold", "20",
                        "20 is above upper-threshold 10"),
                // unknown keys at each level, with hints
                new Mutation("sysctl:", "sysctls:", "sysctls", "sysctls", "unknown key; did you mean 'sysctl'?"),
                new Mutation("  workers: 1", "  worker: 1", "engine.worker", "worker",
                        "unknown key; did you mean 'workers'?"),
                new Mutation("    mtu: 1500", "    mut: 1500", "engine.forwarding.mut", "mut",
                        "unknown key; did you mean 'mtu'?"),
                new Mutation("  - protocol: tcp", "  - protocl: tcp", "services[0].protocl", "protocl",
                        "unknown key; did you mean 'protocol'?"),
                new Mutation("weight: 1, forwarding: nat}", "wieght: 1, forwarding: nat}",
                        "services[0].destinations[0].wieght", "wieght", "unknown key; did you mean 'weight'?"),
                new Mutation("  sloppy_tcp: 0", "  sloppy-tcp: 0", "sysctl.sloppy-tcp", "sloppy-tcp",
                        "unknown key; did you mean 'sloppy_tcp'?"),
                new Mutation("{timeout: 300s,", "{timeout: 300s, timout: 1s,", "services[1].persistence.timout",
                        "timout", "unknown key; did you mean 'timeout'?"),
                // words, addresses, sizes, durations
                new Mutation("data-plane: pcap", "data-plane: dpdk", "engine.dpdk.device", "data-plane: dpdk",
                        "missing: the DPDK port's device name (e.g. net_af_packet0) is required"),
                new Mutation("data-plane: pcap", "data-plane: dpdk\n  dpdk: {device: net_ring0, no-huge: maybe}",
                        "engine.dpdk.no-huge", "maybe", "expected true or false, got a string (\"maybe\")"),
                new Mutation("data-plane: pcap", "data-plane: dpdk\n  dpdk: {device: net_ring0, routes: {198.51.100.0/33:"
                        + " 198.51.100.1}}", "engine.dpdk.routes[198.51.100.0/33]", "198.51.100.0/33",
                        "prefix length 33 is out of 0..32"),
                new Mutation("data-plane: pcap", "data-plane: dpdk\n  dpdk: {device: net_ring0, worker-cpus: [5, 5]}",
                        "engine.dpdk.worker-cpus[1]", "5]", "CPU 5 is listed twice: one worker per CPU"),
                new Mutation("data-plane: pcap", "data-plane: dpdk\n  dpdk: {device: net_ring0, worker-cpus: [1, 2]}",
                        "engine.dpdk.worker-cpus", "[1, 2]",
                        "2 CPUs for 1 workers (engine.workers): give one CPU per worker"),
                new Mutation("data-plane: pcap", "data-plane: dpdk\n  dpdk: {device: net_ring0, worker-cpus: [1024]}",
                        "engine.dpdk.worker-cpus[0]", "1024", "1024 is out of 0..1023"),
                new Mutation("data-plane: pcap", "data-plane: pacp", "engine.data-plane", "pacp",
                        "'pacp' is not one of proxy, pcap, memory, dpdk; did you mean 'pcap'?"),
                new Mutation("timeout-profile: ipvs", "timeout-profile: linux", "engine.timeout-profile", "linux",
                        "'linux' is not one of ipvs, dpvs"),
                new Mutation("connections-per-worker: 65536", "connections-per-worker: 64KB",
                        "engine.connections-per-worker", "64KB", "'64KB' is not a count"),
                new Mutation("own-mac: \"02:00:00:00:00:01\"", "own-mac: \"02:00:00:00:01\"",
                        "engine.forwarding.own-mac", "\"02:00:00:00:01\"", "is not a MAC address"),
                new Mutation("tunnel-source-ipv4: 192.0.2.1", "tunnel-source-ipv4: 192.0.2.300",
                        "engine.forwarding.tunnel-source-ipv4", "192.0.2.300",
                        "'192.0.2.300' is not an IPv4 or IPv6 address literal"),
                new Mutation("tunnel-source-ipv4: 192.0.2.1", "tunnel-source-ipv4: \"2001:db8::1\"",
                        "engine.forwarding.tunnel-source-ipv4", "\"2001:db8::1\"", "is not an IPv4 address"),
                new Mutation("local-ports: 1024-65535", "local-ports: 65535-1024", "engine.forwarding.local-ports",
                        "65535-1024", "is not a port range within 1-65535"),
                new Mutation("{198.51.100.20:", "{198.51.100.x:", "engine.neighbors[198.51.100.x]", "198.51.100.x",
                        "is not an IPv4 or IPv6 address literal"),
                new Mutation("address: 203.0.113.1", "address: 203.0.113.256", "services[0].address",
                        "203.0.113.256", "'203.0.113.256' is not an IPv4 or IPv6 address literal"),
                new Mutation("address: 203.0.113.2", "address: dns.example", "services[1].address", "dns.example",
                        "host names are not resolved"),
                new Mutation("timeout: 300s", "timeout: 300", "services[1].persistence.timeout", "300",
                        "'300' has no unit: write e.g. 300s"),
                new Mutation("timeout: 300s", "timeout: 5 minutes", "services[1].persistence.timeout", "5 minutes",
                        "'5 minutes' is not a duration"),
                new Mutation("timeout: 300s", "timeout: 1500ms", "services[1].persistence.timeout", "1500ms",
                        "1500ms is not a whole number of seconds"),
                new Mutation("netmask: 255.255.255.0", "netmask: 255.0.255.0", "services[1].persistence.netmask",
                        "255.0.255.0", "'255.0.255.0' is not a netmask"),
                // duplicates
                new Mutation("      - {address: 198.51.100.20, forwarding: dr}\n",
                        "      - {address: 198.51.100.20, forwarding: dr}\n"
                                + "  - {protocol: tcp, address: 203.0.113.1, port: 80, scheduler: rr}\n",
                        "services[3]", "{protocol: tcp", "duplicate service TCP 203.0.113.1:80 (first at line 18)"),
                new Mutation("198.51.100.8, port: 8080", "198.51.100.7, port: 8080", "services[0].destinations[1]",
                        "{address: 198.51.100.7, port: 8080, weight: 2",
                        "destination 198.51.100.7:8080 is listed twice (first at line 23)"),
                new Mutation("  workers: 1\n", "  workers: 1\n  workers: 2\n", "engine.workers", "workers: 2",
                        "duplicate key (first given at line 3)"),
                // schedulers and their parameters
                new Mutation("    port: 80\n    scheduler: rr", "    port: 80\n    scheduler: rrr",
                        "services[0].scheduler", "rrr", "unknown scheduler 'rrr'; known schedulers: "),
                new Mutation("scheduler: fa", "scheduler: FA", "services[1].scheduler", "FA",
                        "'FA' is not a scheduler name"),
                new Mutation("{fa-overflow: true}", "{fa-overflow: maybe}",
                        "services[1].scheduler-parameters.fa-overflow", "maybe", "must be true or false, got 'maybe'"),
                new Mutation("{fa-overflow: true}", "{fa-overflo: true}",
                        "services[1].scheduler-parameters.fa-overflo", "fa-overflo",
                        "unknown parameter of scheduler 'fa'; did you mean 'fa-overflow'?; it takes: fa-overflow"),
                new Mutation("    port: 80\n    scheduler: rr", "    port: 80\n    scheduler: rr\n"
                        + "    scheduler-parameters: {rr-fast: true}", "services[0].scheduler-parameters.rr-fast",
                        "rr-fast", "unknown parameter of scheduler 'rr'; it takes: no parameters"),
                // service shapes and forwarding rules
                new Mutation("  - fwmark: 7\n", "  - fwmark: 7\n    address: 203.0.113.9\n", "services[2].address",
                        "203.0.113.9", "a firewall-mark service has no address; remove address or fwmark"),
                new Mutation("    address: 203.0.113.1\n", "    address: 203.0.113.1\n    family: ipv4\n",
                        "services[0].family", "ipv4", "only a firewall-mark service names its family"),
                new Mutation("  - protocol: udp\n    address: 203.0.113.2", "  - address: 203.0.113.2",
                        "services[1].protocol", "address: 203.0.113.2", "missing: the protocol"),
                new Mutation("{address: 198.51.100.17, forwarding: nat}", "{forwarding: nat}",
                        "services[1].destinations[0].address", "{forwarding: nat}",
                        "missing: the real server's address is required"),
                new Mutation("    port: 80\n    scheduler: rr", "    port: 0\n    scheduler: rr", "services[0].port",
                        "0", "port 0 (all ports) needs persistence"),
                new Mutation("{address: 198.51.100.17, forwarding: nat}",
                        "{address: 198.51.100.17, forwarding: nat, tunnel-type: gre}",
                        "services[1].destinations[0].tunnel-type", "gre", "only a tunnel destination has a tunnel type"),
                new Mutation("forwarding: dr}", "forwarding: direct}", "services[2].destinations[0].forwarding",
                        "direct", "'direct' is not one of nat, dr, tunnel, fullnat"),
                new Mutation("{address: 198.51.100.7, port: 8080, weight: 1, forwarding: nat}",
                        "{address: \"2001:db8::7\", port: 8080, weight: 1, forwarding: nat}",
                        "services[0].destinations[0].forwarding", "nat}",
                        "nat forwarding cannot reach an IPv6 destination from an IPv4 service; use fullnat or tunnel"),
                new Mutation("{address: 198.51.100.21, forwarding: tunnel,", "{address: 198.51.100.21, port: 5353,"
                        + " forwarding: tunnel,", "services[1].destinations[1].port", "5353",
                        "tunnel forwarding does not change the port"),
                new Mutation("    tunnel-source-ipv4: 192.0.2.1\n", "", "services[1].destinations[1].forwarding",
                        "tunnel,", "tunnel forwarding to an IPv4 destination needs engine.forwarding.tunnel-source-ipv4"),
                new Mutation("{address: 198.51.100.17, forwarding: nat}", "{address: \"2001:db8::17\","
                        + " forwarding: fullnat}", "services[1].destinations[0].forwarding", "fullnat",
                        "fullnat forwarding to an IPv6 destination needs an IPv6 address in"
                                + " engine.forwarding.local-addresses"));
    }

    @Test
    void shouldAcceptTheBaseFile() throws Exception {
        JvsConfig config = ConfigDocument.parse(BASE, FILE, Path.of("/tmp")).bind(plugins.schedulers());
        assertEquals(3, config.services().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void shouldRefuseTheWholeFileNamingLineColumnAndKey(Mutation m) {
        int at = BASE.indexOf(m.find());
        assertTrue(at >= 0 && BASE.indexOf(m.find(), at + 1) < 0, "the text to replace must occur once: " + m.find());
        String mutated = BASE.substring(0, at) + m.replace() + BASE.substring(at + m.find().length());
        int anchorAt = m.replace().contains(m.anchor()) ? at + m.replace().indexOf(m.anchor()) : mutated.indexOf(m.anchor());
        assertTrue(anchorAt >= 0, "anchor not found: " + m.anchor());
        int line = 1 + (int) mutated.substring(0, anchorAt).chars().filter(c -> c == '\n').count();
        int column = anchorAt - mutated.lastIndexOf('\n', anchorAt - 1);

        ConfigException refused = assertThrows(ConfigException.class,
                () -> ConfigDocument.parse(mutated, FILE, Path.of("/tmp")).bind(plugins.schedulers()));

        String expectedPrefix = FILE + ":" + line + ":" + column + ": " + m.path() + ": ";
        for (ConfigProblem p : refused.problems()) {
            if (p.toString().startsWith(expectedPrefix) && p.message().contains(m.fragment())) {
                assertTrue(refused.getMessage().contains(p.toString()));
                return;
            }
        }
        fail("expected a problem starting with '" + expectedPrefix + "' containing '" + m.fragment() + "', got:\n"
                + refused.getMessage());
    }

    @Test
    void shouldReportEveryProblemOfAFileInFileOrder() {
        String broken = BASE.replace("mtu: 1500", "mtu: 100")
                .replace("weight: 2,", "weight: 70000,")
                .replace("scheduler: fa", "scheduler: wrrx")
                .replace("fwmark: 7", "fwmark: -7");

        ConfigException refused = assertThrows(ConfigException.class,
                () -> ConfigDocument.parse(broken, FILE, Path.of("/tmp")).bind(plugins.schedulers()));

        List<String> paths = refused.problems().stream().map(ConfigProblem::path).toList();
        assertEquals(List.of("engine.forwarding.mtu", "services[0].destinations[1].weight", "services[1].scheduler",
                "services[2].fwmark"), paths);
        assertEquals(List.of(9, 24, 28, 34), refused.problems().stream().map(p -> p.location().line()).toList());
    }

    @Test
    void shouldLocateAYamlSyntaxError() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> ConfigDocument.parse("engine:\n  workers: 1\n    mtu: 2\n", FILE, Path.of("/tmp")));

        ConfigProblem problem = refused.problems().getFirst();
        assertEquals(FILE, problem.location().file());
        assertEquals(3, problem.location().line());
        assertTrue(problem.message().startsWith("invalid YAML: "), problem.message());
    }

    @Test
    void shouldRefuseASecondDocument() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> ConfigDocument.parse("services: []\n---\nservices: []\n", FILE, Path.of("/tmp")));

        assertTrue(refused.getMessage().contains("a second YAML document"), refused.getMessage());
    }
}
