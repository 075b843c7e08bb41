package io.jvs.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvs.engine.conn.TcpState;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.service.VirtualService;
import io.jvs.server.config.AdminConfig;
import io.jvs.server.config.ConfigDocument;
import io.jvs.server.config.ConfigException;
import io.jvs.server.plugin.PluginOrigin;
import io.jvs.engine.service.IpAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private KnownState state;

    @BeforeEach
    void start() throws Exception {
        state = new KnownState();
    }

    @AfterEach
    void stop() {
        state.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(state.admin.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(state.admin.url() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeProcNetIpVsInTheKernelFormat() throws Exception {
        // seq_printf formats of ip_vs_info_seq_show: "%s  %08X:%04X %s %s " + "persistent %d %08X\n" | "\n",
        // "  -> %08X:%04X      %-7s %-6d %-10d %-10d\n"
        String expected = ""
                + "IP Virtual Server version 1.2.1 (size=1024)\n"
                + "Prot LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n"
                + "TCP  CB007101:0050 rr  \n"
                + "  -> C6336407:1F90      Masq    1      0          2         \n"
                + "  -> C6336408:1F90      Masq    2      1          0         \n"
                + "UDP  CB007102:0035 rr  persistent 300000 FFFFFF00\n"
                + "  -> C6336411:0035      Route   1      0          1         \n";
        HttpResponse<String> response = get("/proc/net/ip_vs");
        assertEquals(200, response.statusCode());
        assertEquals(expected, response.body());
    }

    @Test
    void shouldPrintIpv6AndFirewallMarkServicesAsTheKernel() throws Exception {
        state.control.services().put(ServiceSpec.of(new ServiceKey(io.jvs.spi.AddressFamily.IPV6,
                io.jvs.spi.IpProtocol.TCP, IpAddress.parse("2001:db8::1"), 80, 0), "rr",
                DestinationSpec.nat("2001:db8:1::7", 8080)));
        state.control.services().put(ServiceSpec.of(ServiceKey.firewallMark(io.jvs.spi.AddressFamily.IPV4, 7), "rr",
                new DestinationSpec(IpAddress.parse("198.51.100.20"), 0, 1, 0, 0, io.jvs.spi.ForwardingMethod.DR,
                        null)));
        // "%s  [%pI6]:%04X %s " (no flags field for IPv6), "FWM  %08X %s %s", "  -> [%pI6]:%04X      %-7s ..."
        String tail = ""
                + "TCP  [2001:0db8:0000:0000:0000:0000:0000:0001]:0050 rr \n"
                + "  -> [2001:0db8:0001:0000:0000:0000:0000:0007]:1F90      Masq    1      0          0         \n"
                + "FWM  00000007 rr \n"
                + "  -> C6336414:0000      Route   1      0          0         \n";
        String body = get("/proc/net/ip_vs").body();
        assertTrue(body.endsWith(tail), body);
    }

    @Test
    void shouldServeProcNetIpVsConnInTheKernelFormat() throws Exception {
        // "%-3s %08X %04X %08X %04X %s %04X %-11s %7u%s\n" of ip_vs_conn_seq_show; read at t = 11 s,
        // packets at t = 1 s: SYN_RECV 60 s -> 50, ESTABLISHED 900 s -> 890, UDP 300 s -> 290,
        // the template (client /24, port 0) 300 s -> 290
        String expected = ""
                + "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n"
                + "TCP CB007165 9C41 CB007101 0050 C6336407 1F90 SYN_RECV         50\n"
                + "TCP CB007166 9C42 CB007101 0050 C6336408 1F90 ESTABLISHED     890\n"
                + "TCP CB007167 9C43 CB007101 0050 C6336407 1F90 SYN_RECV         50\n"
                + "UDP CB007100 0000 CB007102 0035 C6336411 0035 UDP             290\n"
                + "UDP CB007165 14E9 CB007102 0035 C6336411 0035 UDP             290\n";
        HttpResponse<String> response = get("/proc/net/ip_vs_conn");
        assertEquals(200, response.statusCode());
        assertEquals(expected, sortedRows(response.body()));
    }

    /** The kernel lists entries in hash order; the fixture lists them sorted. */
    private static String sortedRows(String text) {
        String[] lines = text.split("\n");
        java.util.List<String> rows = new java.util.ArrayList<>(java.util.List.of(lines).subList(1, lines.length));
        java.util.Collections.sort(rows);
        return lines[0] + "\n" + String.join("\n", rows) + "\n";
    }

    @Test
    void shouldServeTheStatsFilesInTheKernelFormat() throws Exception {
        // 4 connections; in: 3 SYN + 1 ACK of 40 bytes, 1 UDP datagram of 32 bytes = 5 packets, 192 (0xC0)
        // bytes; out: 1 SYN-ACK of 40 (0x28) bytes. "%8X %8X %8X %16LX %16LX"
        String stats = ""
                + "   Total Incoming Outgoing         Incoming         Outgoing\n"
                + "   Conns  Packets  Packets            Bytes            Bytes\n"
                + "       4        5        1               C0               28\n"
                + "\n"
                + " Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n"
                + "       0        0        0                0                0\n";
        assertEquals(stats, get("/proc/net/ip_vs_stats").body());
        String percpu = ""
                + "       Total Incoming Outgoing         Incoming         Outgoing\n"
                + "CPU    Conns  Packets  Packets            Bytes            Bytes\n"
                + "  0        4        5        1               C0               28\n"
                + "  ~        4        5        1               C0               28\n"
                + "\n"
                + "     Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n"
                + "           0        0        0                0                0\n";
        assertEquals(percpu, get("/proc/net/ip_vs_stats_percpu").body());
    }

    @Test
    void shouldShowRatesOfTheLastInterval() throws Exception {
        state.control.rates().sample(0);
        state.io.inject(0, io.jvs.engine.packet.PacketBuilder.udp4().src("203.0.113.104", 6000)
                .dst("203.0.113.2", 53).payload(new byte[] {1, 2, 3, 4}).build());
        state.engine.workers().getFirst().doWork(KnownState.PACKET_NANOS);
        state.control.rates().sample(RateEstimator.INTERVAL_NANOS);
        // one connection, one 32-byte packet in 2 s: 0 conns/s and 0 packets/s (rounded down), 16 bytes/s
        String rates = get("/proc/net/ip_vs_stats").body().split("\n")[5];
        assertEquals("       0        0        0               10                0", rates);
    }

    @Test
    void shouldReadAndWriteSysctlsAndRefuseInvalidValuesUnchanged() throws Exception {
        assertEquals("1\n", get("/proc/sys/net/ipv4/vs/conn_reuse_mode").body());
        HttpResponse<String> written = put("/proc/sys/net/ipv4/vs/conn_reuse_mode", "3\n");
        assertEquals(200, written.statusCode());
        assertEquals(3, state.engine.tunables().connReuseMode());
        assertEquals("3\n", get("/proc/sys/net/ipv4/vs/conn_reuse_mode").body());

        for (String bad : new String[] {"4\n", "-1", "one", "1 2", "", "99999999999"}) {
            HttpResponse<String> refused = put("/proc/sys/net/ipv4/vs/conn_reuse_mode", bad);
            assertEquals(400, refused.statusCode(), bad);
            assertTrue(refused.body().contains("write error: Invalid argument"), refused.body());
            assertEquals(3, state.engine.tunables().connReuseMode(), "unchanged after '" + bad + "'");
        }
        assertEquals(200, put("/proc/sys/net/ipv4/vs/expire_nodest_conn", " 1 \n").statusCode());
        assertTrue(state.engine.tunables().expireNodestConn());
        assertEquals(400, put("/proc/sys/net/ipv4/vs/sloppy_tcp", "2").statusCode());
        assertFalse(state.engine.tunables().sloppyTcp());
        assertEquals(400, put("/proc/sys/net/ipv4/vs/schedule_icmp", "1").statusCode());
        assertEquals(404, get("/proc/sys/net/ipv4/vs/no_such_sysctl").statusCode());
    }

    @Test
    void shouldChangeTheEngineTimeoutsThroughTheirFiles() throws Exception {
        assertEquals("900\n", get("/proc/sys/net/ipv4/vs/timeout_established").body());
        assertEquals("300\n", get("/proc/sys/net/ipv4/vs/timeout_udp").body());
        assertEquals(200, put("/proc/sys/net/ipv4/vs/timeout_established", "7200").statusCode());
        assertEquals(7_200_000_000_000L, state.control.timeouts().tcpNanos(TcpState.ESTABLISHED));
        assertEquals(120_000_000_000L, state.control.timeouts().tcpNanos(TcpState.FIN_WAIT), "others unchanged");
        assertEquals(400, put("/proc/sys/net/ipv4/vs/timeout_udp", "0").statusCode());
        assertEquals("300\n", get("/proc/sys/net/ipv4/vs/timeout_udp").body());
    }

    @Test
    void shouldServeASchedulersParameterFile() throws Exception {
        state.plugins.schedulers().register(new TunableSchedulerFactory(), PluginOrigin.inProcess("test"));
        state.control.services().put(ServiceSpec.of(ServiceKey.tcp("203.0.113.9", 80), "tunable",
                DestinationSpec.nat("198.51.100.9", 80)));
        int tunable = idOf(ServiceKey.tcp("203.0.113.9", 80));
        int rr = idOf(ServiceKey.tcp("203.0.113.1", 80));
        String file = "/proc/jvs/services/" + tunable + "/scheduler";

        String listing = get("/proc/jvs/services").body();
        assertTrue(listing.contains(tunable + " ".repeat(7 - Integer.toString(tunable).length())
                + "TCP 203.0.113.9:80"), listing);
        assertTrue(listing.lines().anyMatch(l -> l.contains("TCP 203.0.113.9:80") && l.endsWith(" yes")), listing);
        assertTrue(listing.lines().anyMatch(l -> l.contains("TCP 203.0.113.1:80") && l.endsWith(" no")), listing);
        assertEquals("offset 0\n", get(file).body());
        assertEquals(200, put(file, "offset 40\n").statusCode());
        assertEquals("offset 40\n", get(file).body());
        HttpResponse<String> refused = put(file, "offset 4000\n");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("Invalid argument"), refused.body());
        assertEquals("offset 40\n", get(file).body());
        assertEquals(404, get("/proc/jvs/services/" + rr + "/scheduler").statusCode(), "rr has no parameter file");
        assertEquals(404, get("/proc/jvs/services/999/scheduler").statusCode());
    }

    private int idOf(ServiceKey key) {
        for (VirtualService s : state.control.services().table().services()) {
            if (s.key().equals(key)) {
                return s.id();
            }
        }
        throw new AssertionError("no service " + key);
    }

    @Test
    void shouldListPluginsAndEvictions() throws Exception {
        String plugins = get("/proc/jvs/plugins").body();
        assertTrue(plugins.startsWith("Plugin "), plugins);
        assertTrue(plugins.contains("jvs-ipvs-schedulers"), plugins);
        assertTrue(plugins.contains("LOADED"), plugins);
        String evictions = get("/proc/jvs/evictions").body();
        assertTrue(evictions.contains("\nEXPIRED          0\n"), evictions);
        assertTrue(evictions.contains("\ntotal            0\n"), evictions);
    }

    @Test
    void shouldMirrorTheProcFilesAsJson() throws Exception {
        HttpResponse<String> response = get("/api/services");
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode services = new ObjectMapper().readTree(response.body());
        assertEquals(2, services.size());
        JsonNode web = services.get(0);
        assertEquals("TCP 203.0.113.1:80", web.get("name").asText());
        assertEquals("rr", web.get("scheduler").asText());
        assertEquals(2, web.get("destinations").get(0).get("inactive-connections").asInt());
        assertEquals(1, web.get("destinations").get(1).get("active-connections").asInt());
        assertEquals(3, web.get("stats").get("connections").asLong());
        JsonNode sysctl = new ObjectMapper().readTree(get("/api/sysctl").body());
        assertEquals(1, sysctl.get("conn_reuse_mode").asInt());
        JsonNode conns = new ObjectMapper().readTree(get("/api/connections").body());
        assertEquals(5, conns.size());
    }

    @Test
    void shouldAnswerUnknownPathsAndWrongMethods() throws Exception {
        assertEquals(404, get("/proc/net/nothing").statusCode());
        assertEquals(405, put("/proc/net/ip_vs", "x").statusCode());
    }

    @Test
    void shouldRequireTheTokenForWritesOnly() throws Exception {
        state.close();
        state = new KnownState(AdminConfig.DEFAULT.withPort(0).withToken("s3cret"), () -> 0L);
        String file = "/proc/sys/net/ipv4/vs/sloppy_tcp";
        assertEquals(200, get(file).statusCode(), "reads need no token");
        HttpResponse<String> refused = put(file, "1");
        assertEquals(401, refused.statusCode());
        assertFalse(state.engine.tunables().sloppyTcp());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(state.admin.url() + file))
                .header("Authorization", "Bearer guess").PUT(HttpRequest.BodyPublishers.ofString("1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> right = http.send(HttpRequest.newBuilder(URI.create(state.admin.url() + file))
                .header("Authorization", "Bearer s3cret").PUT(HttpRequest.BodyPublishers.ofString("1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, right.statusCode());
        assertTrue(state.engine.tunables().sloppyTcp());
    }

    @Test
    void shouldRefuseBodiesAboveTheLimit() throws Exception {
        state.close();
        state = new KnownState(AdminConfig.DEFAULT.withPort(0).withLimits(16, 100), () -> 0L);
        HttpResponse<String> refused = put("/proc/sys/net/ipv4/vs/sloppy_tcp", "1" + " ".repeat(40));
        assertEquals(413, refused.statusCode());
        assertFalse(state.engine.tunables().sloppyTcp());
        assertEquals(200, put("/proc/sys/net/ipv4/vs/sloppy_tcp", "1").statusCode());
    }

    @Test
    void shouldRefuseRequestsAboveTheRate() throws Exception {
        AtomicLong clock = new AtomicLong();
        state.close();
        state = new KnownState(AdminConfig.DEFAULT.withPort(0).withLimits(1024, 3), clock::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/proc/net/ip_vs").statusCode());
        }
        assertEquals(429, get("/proc/net/ip_vs").statusCode());
        clock.addAndGet(1_000_000_000L / 3 + 1);
        assertEquals(200, get("/proc/net/ip_vs").statusCode(), "a third of a second later one token is back");
        assertEquals(429, get("/proc/net/ip_vs").statusCode());
    }

    @Test
    void shouldRefuseToListenBeyondLoopbackWithoutAToken() throws Exception {
        AdminConfig open = new AdminConfig(IpAddress.parse("0.0.0.0"), 0, null, 1024, 10);
        assertThrows(IllegalArgumentException.class, () -> new AdminServer(state.control, open, () -> 0L));
        ConfigException refused = assertThrows(ConfigException.class,
                () -> ConfigDocument.parse("admin: {address: 0.0.0.0}\n", "a.yaml", Path.of("/tmp")).bind(null));
        assertTrue(refused.problems().getFirst().toString().contains("admin.address"),
                refused.problems().getFirst().toString());
    }
}
