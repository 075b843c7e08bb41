package io.jvs.bench.dpdk;

import io.jvs.dpdk.DpdkPacketIo;
import io.jvs.dpdk.Eal;
import io.jvs.dpdk.EalConfig;
import io.jvs.dpdk.EthPort;
import io.jvs.dpdk.LinkLayerSettings;
import io.jvs.dpdk.Mempool;
import io.jvs.dpdk.PortConfig;
import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.packet.MacAddress;
import io.jvs.engine.pipeline.ForwardingSettings;
import io.jvs.engine.pipeline.NeighborTable;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.TunnelType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The jvs process of the network-namespace lab ({@code framework/dpdk/lab/netns-lab.sh}): the engine
 * on {@code DpdkPacketIo} over {@code net_af_packet} bound to one veth, acting as a host on the
 * lab's segment (ARP answers for its addresses, MAC filter), with three services over the same
 * three backends:
 *
 * <pre>
 * NAT      10.0.3.1:80   -> 10.0.2.11-13:8080
 * FULLNAT  10.0.3.2:80   -> 10.0.2.11-13:8080   (local address 10.0.2.100)
 * DR       10.0.3.3:8080 -> 10.0.2.11-13        (the backends hold 10.0.3.3 on lo)
 * TUNNEL   10.0.3.4:8080 -> 10.0.2.11-13        (IPIP from 192.0.2.1; 10.0.3.4 on the backends' lo)
 * </pre>
 *
 * <p>Arguments: the interface, then {@code ip=mac} pairs for the backends and the client (the MACs
 * the script gave them; jvs has no ARP resolution of its own yet). Runs until its standard input
 * closes, printing counters every second.
 */
public final class NamespaceLabEngine {

    static final String CLIENT_GATEWAY = "10.0.1.1";
    static final String BACKEND_GATEWAY = "10.0.2.1";
    static final String LOCAL_ADDRESS = "10.0.2.100";
    static final String[] BACKENDS = {"10.0.2.11", "10.0.2.12", "10.0.2.13"};

    private NamespaceLabEngine() {
    }

    /**
     * Runs the lab's jvs.
     *
     * @param args interface, client=MAC, then backend=MAC pairs
     * @throws Exception when set-up fails
     */
    public static void main(String[] args) throws Exception {
        String iface = args[0];
        Map<IpAddress, Long> neighbours = new HashMap<>();
        long clientMac = 0;
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            long mac = MacAddress.parse(pair[1]);
            if (pair[0].equals("client")) {
                clientMac = mac;
            } else {
                neighbours.put(IpAddress.parse(pair[0]), mac);
            }
        }
        Eal eal = Eal.start(EalConfig.forVirtualDevices("net_af_packet0,iface=" + iface + ",qpairs=1"));
        Mempool pool = Mempool.create(eal, "lab-pool");
        EthPort port = EthPort.open(eal, "net_af_packet0", new PortConfig(1, 1024, 1024, false), pool);
        long ownMac = port.macAddress();
        List<Integer> owned = new ArrayList<>();
        for (String a : List.of(CLIENT_GATEWAY, BACKEND_GATEWAY, LOCAL_ADDRESS, "10.0.3.1", "10.0.3.2", "10.0.3.3",
                "10.0.3.4")) {
            owned.add(IpAddress.parse(a).w0());
        }
        DpdkPacketIo io = new DpdkPacketIo(eal, port, 32, 3, LinkLayerSettings.host(ownMac, owned));
        ForwardingSettings defaults = ForwardingSettings.defaults();
        ForwardingSettings forwarding = new ForwardingSettings(ownMac, clientMac, defaults.mtu(),
                defaults.tunnelSource4(), defaults.tunnelSource6(), defaults.guePort(),
                List.of(IpAddress.parse(LOCAL_ADDRESS)), defaults.localPortFirst(), defaults.localPortLast());
        EngineSettings settings = EngineSettings.defaults().withConnectionsPerWorker(1 << 16).withForwarding(forwarding)
                .withNeighbors(new NeighborTable(neighbours));
        try (Engine engine = new Engine(settings, DpdkPipelineBenchmark.schedulers(), io)) {
            engine.services().apply(List.of(
                    service(ServiceKey.tcp("10.0.3.1", 80), 8080, ForwardingMethod.NAT),
                    service(ServiceKey.tcp("10.0.3.2", 80), 8080, ForwardingMethod.FULLNAT),
                    service(ServiceKey.tcp("10.0.3.3", 8080), 0, ForwardingMethod.DR),
                    service(ServiceKey.tcp("10.0.3.4", 8080), 0, ForwardingMethod.TUNNEL)));
            engine.start(System::nanoTime);
            System.out.printf(Locale.ROOT, "jvs-lab: up on %s (%s), MAC %s, %s%n", iface, port.driver(),
                    MacAddress.format(ownMac), eal.version());
            Thread reporter = Thread.ofPlatform().daemon(true).start(() -> report(engine, io));
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (in.readLine() != null) {
                    // runs until the lab closes our standard input
                }
            }
            reporter.interrupt();
            System.out.println("jvs-lab: " + io.totals() + " " + port.statistics());
        }
        io.close();
        port.close();
        pool.close();
        eal.close();
    }

    private static ServiceSpec service(ServiceKey key, int port, ForwardingMethod method) {
        List<DestinationSpec> destinations = new ArrayList<>();
        for (String b : BACKENDS) {
            destinations.add(new DestinationSpec(IpAddress.parse(b), port, 1, 0, 0, method,
                    method == ForwardingMethod.TUNNEL ? TunnelType.IPIP : null));
        }
        return ServiceSpec.of(key, "rr", destinations.toArray(DestinationSpec[]::new));
    }

    private static void report(Engine engine, DpdkPacketIo io) {
        try {
            while (true) {
                Thread.sleep(1000);
                System.out.printf(Locale.ROOT, "jvs-lab: rx %d tx %d new-conns %d no-service %d %s%n",
                        engine.counter(WorkerCounters.RX_PACKETS), engine.counter(WorkerCounters.TX_PACKETS),
                        engine.counter(WorkerCounters.NEW_CONNECTIONS), engine.counter(WorkerCounters.NO_SERVICE),
                        io.totals());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
