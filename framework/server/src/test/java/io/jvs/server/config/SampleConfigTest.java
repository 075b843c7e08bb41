package io.jvs.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.conn.TcpState;
import io.jvs.engine.packet.MacAddress;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.Persistence;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.server.SourceTree;
import io.jvs.server.plugin.PluginHost;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.TunnelType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleConfigTest {

    static PluginHost plugins;

    @BeforeAll
    static void loadPlugins() {
        plugins = SourceTree.loadPlugins();
    }

    @AfterAll
    static void closePlugins() {
        plugins.close();
    }

    private static DestinationSpec dest(String address, int port, ForwardingMethod method, TunnelType tunnel) {
        return new DestinationSpec(IpAddress.parse(address), port, 1, 0, 0, method, tunnel);
    }

    @Test
    void shouldMapTheSampleToTheEngineSpecs() throws Exception {
        JvsConfig config = JvsConfig.read(SourceTree.sampleConfig(), plugins.schedulers());

        List<ServiceSpec> expected = List.of(
                new ServiceSpec(ServiceKey.tcp("203.0.113.1", 80), "rr", Map.of(), null, List.of(
                        dest("198.51.100.7", 8080, ForwardingMethod.NAT, null),
                        dest("198.51.100.8", 8080, ForwardingMethod.NAT, null),
                        dest("198.51.100.9", 8080, ForwardingMethod.NAT, null))),
                new ServiceSpec(ServiceKey.udp("203.0.113.2", 53), "fa", Map.of("fa-overflow", "true"), null, List.of(
                        dest("198.51.100.17", 53, ForwardingMethod.NAT, null),
                        dest("198.51.100.18", 53, ForwardingMethod.NAT, null))),
                new ServiceSpec(ServiceKey.tcp("203.0.113.3", 443), "rr", Map.of(), null, List.of(
                        dest("198.51.100.20", 443, ForwardingMethod.DR, null),
                        dest("198.51.100.21", 443, ForwardingMethod.TUNNEL, TunnelType.GRE))),
                new ServiceSpec(ServiceKey.tcp("203.0.113.4", 22), "rr", Map.of(), new Persistence(300, 24), List.of(
                        dest("198.51.100.30", 22, ForwardingMethod.NAT, null),
                        dest("198.51.100.31", 22, ForwardingMethod.NAT, null))),
                new ServiceSpec(ServiceKey.tcp("2001:db8::1", 80), "rr", Map.of(), null, List.of(
                        dest("2001:db8:1::7", 8080, ForwardingMethod.NAT, null),
                        dest("2001:db8:1::8", 8080, ForwardingMethod.NAT, null))));
        assertEquals(expected, config.toServiceSpecs());
    }

    @Test
    void shouldMapTheSampleEngineSectionToTheEngineSettings() throws Exception {
        JvsConfig config = JvsConfig.read(SourceTree.sampleConfig(), plugins.schedulers());

        EngineSettings settings = config.toEngineSettings();
        assertEquals(DataPlane.PCAP, config.engine().dataPlane());
        assertEquals(1, settings.workers());
        assertEquals(65536, settings.connectionsPerWorker());
        assertEquals("ipvs", settings.timeouts().name());
        assertEquals(900_000_000_000L, settings.timeouts().tcpNanos(TcpState.ESTABLISHED));
        assertEquals(0x020000000001L, settings.forwarding().ownMac());
        assertEquals(0x0200000000feL, settings.forwarding().gatewayMac());
        assertEquals(1500, settings.forwarding().mtu());
        assertEquals(IpAddress.parse("192.0.2.1"), settings.forwarding().tunnelSource4());
        assertNull(settings.forwarding().tunnelSource6());
        IpAddress dr = IpAddress.parse("198.51.100.20");
        assertEquals(MacAddress.parse("02:00:00:00:01:20"),
                settings.neighbors().macOf(AddressFamily.IPV4, dr.w0(), 0, 0, 0, -1L));
        assertEquals(SysctlConfig.defaults(), config.sysctl());
        assertSame(PluginsConfig.DEFAULT, config.plugins());
    }

    @Test
    void shouldGiveEveryAbsentKeyItsDefault() throws Exception {
        JvsConfig config = ConfigDocument.parse("services: []\n", "empty.yaml", Path.of("/srv/jvs")).bind(null);

        assertEquals(EngineConfig.defaults(), config.engine());
        assertEquals(SysctlConfig.defaults(), config.sysctl());
        assertEquals(PluginsConfig.DEFAULT, config.plugins());
        assertTrue(config.services().isEmpty());
        EngineSettings settings = config.toEngineSettings();
        assertEquals(EngineSettings.DEFAULT_CONNECTIONS_PER_WORKER, settings.connectionsPerWorker());
        assertEquals(EngineSettings.DEFAULT_BATCH_CAPACITY, settings.batchCapacity());
    }

    @Test
    void shouldReadEveryOptionalKey() throws Exception {
        String yaml = """
                engine:
                  data-plane: memory
                  workers: 2
                  connections-per-worker: 1Mi
                  timeout-profile: dpvs
                  timeouts: {tcp: 1h, tcp-fin: 30s, udp: 2m}
                  batch-size: 64
                  command-queue-capacity: 128
                  forwarding:
                    mtu: 9000
                    tunnel-source-ipv4: 192.0.2.1
                    tunnel-source-ipv6: "2001:db8:ffff::1"
                    gue-port: 5555
                    local-addresses: [192.0.2.100, "2001:db8:ffff::100"]
                    local-ports: 2000-3000
                sysctl: {expire_nodest_conn: 1, expire_quiescent_template: 1, conn_reuse_mode: 3, sloppy_tcp: 1, schedule_icmp: 0}
                plugins: {directory: ../plugins}
                services:
                  - fwmark: 7
                    family: ipv6
                    scheduler: rr
                    persistence: {timeout: 10m, netmask: 64}
                    destinations:
                      - {address: "2001:db8::7", port: 0, weight: 0, forwarding: fullnat, upper-threshold: 100, lower-threshold: 50}
                      - {address: 198.51.100.8, forwarding: tunnel}
                """;
        JvsConfig config = ConfigDocument.parse(yaml, "all.yaml", Path.of("/srv/jvs/conf")).bind(plugins.schedulers());

        EngineConfig engine = config.engine();
        assertEquals(DataPlane.MEMORY, engine.dataPlane());
        assertEquals(2, engine.workers());
        assertEquals(1 << 20, engine.connectionsPerWorker());
        assertEquals(new TimeoutOverrides(Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMinutes(2)),
                engine.timeouts());
        EngineSettings settings = config.toEngineSettings();
        assertEquals(3_600_000_000_000L, settings.timeouts().tcpNanos(TcpState.ESTABLISHED));
        assertEquals(30_000_000_000L, settings.timeouts().tcpNanos(TcpState.FIN_WAIT));
        assertEquals(120_000_000_000L, settings.timeouts().udpNanos());
        assertEquals(64, settings.batchCapacity());
        assertEquals(128, settings.commandCapacity());
        assertEquals(9000, settings.forwarding().mtu());
        assertEquals(5555, settings.forwarding().guePort());
        assertEquals(2000, settings.forwarding().localPortFirst());
        assertEquals(3000, settings.forwarding().localPortLast());
        assertEquals(List.of(IpAddress.parse("192.0.2.100"), IpAddress.parse("2001:db8:ffff::100")),
                settings.forwarding().localAddresses());
        assertEquals(new SysctlConfig(true, true, 3, true, false), config.sysctl());
        assertEquals(Path.of("/srv/jvs/plugins"), config.plugins().directory());
        ServiceSpec fwmark = config.toServiceSpecs().getFirst();
        assertEquals(ServiceKey.firewallMark(AddressFamily.IPV6, 7), fwmark.key());
        assertEquals(new Persistence(600, 64), fwmark.persistence());
        assertEquals(List.of(
                new DestinationSpec(IpAddress.parse("2001:db8::7"), 0, 0, 100, 50, ForwardingMethod.FULLNAT, null),
                new DestinationSpec(IpAddress.parse("198.51.100.8"), 0, 1, 0, 0, ForwardingMethod.TUNNEL,
                        TunnelType.IPIP)), fwmark.destinations());
        assertEquals(1, config.toServiceSpecs().size());
    }
}
