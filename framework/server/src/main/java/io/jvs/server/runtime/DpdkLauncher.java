package io.jvs.server.runtime;

import io.jvs.dpdk.ArpResponder;
import io.jvs.dpdk.DpdkException;
import io.jvs.dpdk.DpdkLibrary;
import io.jvs.dpdk.DpdkPacketIo;
import io.jvs.dpdk.Eal;
import io.jvs.dpdk.Ipv6NeighborResolver;
import io.jvs.dpdk.EchoResponder;
import io.jvs.dpdk.EngineQueueSteering;
import io.jvs.dpdk.OwnedAddresses;
import io.jvs.dpdk.EalConfig;
import io.jvs.dpdk.Ipv4Routes;
import io.jvs.dpdk.NeighborAdvertiser;
import io.jvs.dpdk.NeighborCache;
import io.jvs.dpdk.NeighborResolver;
import io.jvs.dpdk.LinkLayerSettings;
import io.jvs.dpdk.PortConfig;
import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.io.PacketIo;
import io.jvs.engine.pipeline.ForwardingSettings;
import io.jvs.engine.pipeline.Ipv6Neighbors;
import io.jvs.engine.pipeline.NeighborTable;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.ServiceChangeListener;
import io.jvs.engine.service.ServiceTable;
import io.jvs.engine.service.VirtualService;
import io.jvs.server.admin.ControlPlane;
import io.jvs.server.config.DpdkConfig;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.config.ServiceConfig;
import io.jvs.spi.AddressFamily;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Launches the DPDK data plane ({@code engine.data-plane: dpdk}): starts EAL with the arguments of
 * {@code engine.dpdk}, opens the port with one RX/TX queue pair per worker and a mempool sized for
 * it, and gives the engine a {@link DpdkPacketIo} over it.
 *
 * <pre>
 *   EAL (--file-prefix, --no-huge, -m, --no-pci, --vdev..., --lcores)
 *     └─ port engine.dpdk.device: queue q = worker q
 *          ├─ layer 2: ARP answers for the virtual, local and listed addresses; MAC filter;
 *          │  IPv6 neighbour advertisements and ICMP/ICMPv6 echo replies for the same addresses
 *          └─ engine workers (NAT, FULLNAT, DR, tunnels) ──> the same queue
 *   exception: kernel: a net_tap port (kernel side jvs-exc0, the port's MAC, a queue pair per worker)
 *     gets the frames for no service and the ARP jvs does not answer; what the kernel sends on it goes
 *     out the port
 *   several workers: software steering (EngineQueueSteering) hands each received frame to the
 *     worker that owns its connection
 *   own MAC = the port's MAC (replaces engine.forwarding.own-mac)
 *   gateway / routes / on-link set: next hops resolved by ARP (NeighborResolver); the engine's
 *   neighbour table answers tokens for IPv4 addresses without a static entry; IPv6 on-link prefixes:
 *   IPv6 next hops get a slot in an Ipv6Neighbors and are resolved by neighbour discovery
 *   (Ipv6NeighborResolver)
 * </pre>
 *
 * The ARP responder follows the services: a reload that adds a virtual address makes jvs answer
 * for it. {@link #attach} publishes the port's statistics and queue counters on the admin endpoint
 * ({@code /metrics}, {@code /proc/jvs/dataplane}); {@code /proc/net/ip_vs} and
 * {@code /proc/net/ip_vs_stats} come from the engine's counters as for every packet data plane.
 *
 * <p>One launcher per {@code jvs run}: it keeps the port it opened between {@link #open} and
 * {@link #attach}. When DPDK 22.11 is not installed, {@link #open} fails with the packages to
 * install, before anything else starts.
 */
final class DpdkLauncher implements DataPlaneLauncher {

    private DpdkPacketIo io;

    /** Creates the launcher. */
    DpdkLauncher() {
    }

    @Override
    public PacketIo open(JvsConfig config) throws IOException {
        DpdkConfig dpdk = config.engine().dpdk();
        DpdkLibrary.unavailableReason().ifPresent(reason -> {
            throw new DpdkException("engine.data-plane: dpdk cannot run: " + reason);
        });
        Eal eal = Eal.start(ealConfig(dpdk));
        try {
            PortConfig port = new PortConfig(config.engine().workers(), dpdk.rxDescriptors(), dpdk.txDescriptors(),
                    dpdk.promiscuous());
            io = DpdkPacketIo.open(eal, dpdk.device(), port, dpdk.mempoolSize(),
                    Math.min(config.engine().batchSize(), DpdkPacketIo.MAX_BURST), dpdk.txRetries(),
                    mac -> new LinkLayerSettings(dpdk.answerArp()
                            ? new ArpResponder(mac, ownedAddresses(config, null)) : null, dpdk.macFilter() ? mac : 0,
                            resolves(dpdk) ? resolver(config, mac) : null, dpdk.answerEcho()
                            ? new EchoResponder(mac, OwnedAddresses.of(owned(config, null))) : null,
                            dpdk.answerArp() ? new NeighborAdvertiser(mac, OwnedAddresses.of(owned(config, null)))
                                    : null, resolves(dpdk) && !dpdk.onLinkIpv6().isEmpty()
                                            ? ipv6Resolver(config, mac) : null),
                    true, kernelException(dpdk) ? EXCEPTION_DEVICE : null);
            if (!dpdk.workerCpus().isEmpty()) {
                try {
                    io.pinWorkers(dpdk.workerCpus().stream().mapToInt(Integer::intValue).toArray());
                } catch (IllegalArgumentException e) {
                    throw new DpdkException("engine.dpdk.worker-cpus" + e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            if (io != null) {
                io.close();
                io = null;
            } else {
                eal.close();
            }
            throw e;
        }
        return io;
    }

    /**
     * Maps {@code engine.dpdk} to EAL's settings.
     *
     * @param dpdk the section
     * @return the EAL settings
     */
    static EalConfig ealConfig(DpdkConfig dpdk) {
        List<String> devices = new ArrayList<>(dpdk.virtualDevices());
        if (kernelException(dpdk)) {
            devices.add(EXCEPTION_DEVICE + ",iface=" + EXCEPTION_INTERFACE);
        }
        EalConfig base = EalConfig.forVirtualDevices(devices.toArray(String[]::new));
        return new EalConfig(dpdk.filePrefix() != null ? dpdk.filePrefix() : base.filePrefix(), dpdk.noHuge(),
                dpdk.memoryMegabytes(), dpdk.noPci(), base.virtualDevices(), dpdk.lcores(), dpdk.logLevel(), true,
                dpdk.ealArguments());
    }

    /** The kernel exception port's DPDK device ({@code exception: kernel}): a {@code net_tap}. */
    static final String EXCEPTION_DEVICE = "net_tap_jvs_exc";
    /** The kernel side of the exception port: a tap interface in jvs's network namespace. */
    static final String EXCEPTION_INTERFACE = "jvs-exc0";

    /**
     * Tells whether frames for the kernel go to an exception port.
     *
     * @param dpdk the section
     * @return {@code true} for {@code exception: kernel}
     */
    static boolean kernelException(DpdkConfig dpdk) {
        return dpdk.exception() == DpdkConfig.ExceptionPolicy.KERNEL;
    }

    /** Neighbour capacity of the ARP cache: 4096 addresses (clients on the segment, servers, routers). */
    static final int NEIGHBOR_CAPACITY = 4096;

    /**
     * Tells whether next hops are resolved by ARP: when {@code gateway}, {@code routes} or
     * {@code on-link} says where destinations are.
     *
     * @param dpdk the section
     * @return {@code true} to resolve
     */
    static boolean resolves(DpdkConfig dpdk) {
        return dpdk.gateway() != null || !dpdk.routes().isEmpty() || !dpdk.onLink().isEmpty();
    }

    private static NeighborResolver resolver(JvsConfig config, long mac) {
        DpdkConfig dpdk = config.engine().dpdk();
        List<Ipv4Routes.Entry> entries = new ArrayList<>();
        for (DpdkConfig.Prefix p : dpdk.onLink()) {
            entries.add(new Ipv4Routes.Entry(p.address(), p.length(), 0));
        }
        for (DpdkConfig.Route r : dpdk.routes()) {
            entries.add(new Ipv4Routes.Entry(r.prefix().address(), r.prefix().length(), r.nextHop()));
        }
        List<Integer> sources = new ArrayList<>();
        dpdk.addresses().stream().filter(a -> a.family() == AddressFamily.IPV4).forEach(a -> sources.add(a.w0()));
        config.engine().forwarding().localAddresses().stream().filter(a -> a.family() == AddressFamily.IPV4)
                .forEach(a -> sources.add(a.w0()));
        Ipv4Routes routes = new Ipv4Routes(entries, dpdk.gateway() == null ? Ipv4Routes.NO_ROUTE : dpdk.gateway().w0(),
                sources);
        return new NeighborResolver(routes, new NeighborCache(NEIGHBOR_CAPACITY), mac,
                dpdk.neighborTimeoutSeconds() * 1_000_000_000L, NeighborResolver.DEFAULT_RETRY_NANOS,
                NeighborResolver.DEFAULT_HOLD_NANOS, System::nanoTime);
    }

    /** IPv6 neighbours the engine may name (clients on the segment, servers): 4096, as for ARP. */
    private final Ipv6Neighbors ipv6Neighbors = new Ipv6Neighbors(NEIGHBOR_CAPACITY);

    private Ipv6NeighborResolver ipv6Resolver(JvsConfig config, long mac) {
        DpdkConfig dpdk = config.engine().dpdk();
        List<DpdkConfig.Ipv6Prefix> onLink = dpdk.onLinkIpv6();
        long[] high = new long[onLink.size()];
        long[] low = new long[onLink.size()];
        int[] length = new int[onLink.size()];
        for (int i = 0; i < onLink.size(); i++) {
            high[i] = onLink.get(i).high();
            low[i] = onLink.get(i).low();
            length[i] = onLink.get(i).length();
        }
        List<IpAddress> sources = owned(config, null).stream().filter(a -> a.family() == AddressFamily.IPV6).toList();
        long[] sourcesHigh = sources.stream().mapToLong(OwnedAddresses::high).toArray();
        long[] sourcesLow = sources.stream().mapToLong(OwnedAddresses::low).toArray();
        return new Ipv6NeighborResolver(high, low, length, sourcesHigh, sourcesLow, ipv6Neighbors, mac,
                dpdk.neighborTimeoutSeconds() * 1_000_000_000L, NeighborResolver.DEFAULT_RETRY_NANOS,
                NeighborResolver.DEFAULT_HOLD_NANOS);
    }

    @Override
    public EngineSettings engineSettings(JvsConfig config) {
        EngineSettings settings = config.toEngineSettings();
        ForwardingSettings f = settings.forwarding();
        DpdkConfig dpdk = config.engine().dpdk();
        long ownMac = io == null ? f.ownMac() : io.port().macAddress();
        long gatewayMac = f.gatewayMac();
        if (resolves(dpdk)) {
            settings = settings.withNeighbors(dpdk.onLinkIpv6().isEmpty()
                    ? NeighborTable.resolvingIpv4(config.engine().neighbors())
                    : NeighborTable.resolving(config.engine().neighbors(), ipv6Neighbors));
            if (dpdk.gateway() != null) {
                gatewayMac = NeighborTable.token(dpdk.gateway().w0());
            }
        }
        settings = settings.withUnmatchedToKernel(kernelException(dpdk));
        return settings.withForwarding(new ForwardingSettings(ownMac, gatewayMac, f.mtu(), f.tunnelSource4(),
                f.tunnelSource6(), f.guePort(), f.localAddresses(), f.localPortFirst(), f.localPortLast()));
    }

    @Override
    public AutoCloseable attach(JvsConfig config, Engine engine, ControlPlane control) {
        ArpResponder arp = io.arpResponder();
        EchoResponder echo = io.echoResponder();
        NeighborAdvertiser advertiser = io.neighborAdvertiser();
        ServiceChangeListener follow = table -> {
            OwnedAddresses owned = OwnedAddresses.of(owned(config, table));
            if (arp != null) {
                arp.setAddresses(ownedAddresses(config, table));
            }
            if (echo != null) {
                echo.setAddresses(owned);
            }
            if (advertiser != null) {
                advertiser.setAddresses(owned);
            }
        };
        if (io.queueCount() > 1) {
            // the port's receive distribution (af_packet fanout hash, RSS) does not keep a NAT request and
            // its reply on one queue: each frame goes to the worker of its connection
            io.setSteering(new EngineQueueSteering(engine.steering(), engine.services()::table, io.queueCount()));
        }
        follow.servicesChanged(engine.services().table());
        engine.services().addChangeListener(follow);
        DpdkStatus status = new DpdkStatus(io, config.engine().dpdk().device());
        control.setDataPlaneStatus(status::text, status::metrics);
        return () -> engine.services().removeChangeListener(follow);
    }

    /**
     * The IPv4 addresses jvs answers ARP for: every IPv4 virtual address, the FULLNAT local
     * addresses and {@code engine.dpdk.addresses}.
     *
     * @param config the configuration
     * @param services the running services
     * @return the addresses as words, without duplicates
     */
    static List<Integer> ownedAddresses(JvsConfig config, ServiceTable services) {
        List<Integer> out = new ArrayList<>();
        for (IpAddress a : owned(config, services)) {
            if (a.family() == AddressFamily.IPV4) {
                out.add(a.w0());
            }
        }
        return out;
    }

    /**
     * Every address jvs owns on the port, IPv4 and IPv6: the virtual addresses (but firewall marks),
     * the FULLNAT local addresses and {@code engine.dpdk.addresses}.
     *
     * @param config the configuration
     * @param services the running services, {@code null} for those of the configuration
     * @return the addresses, without duplicates
     */
    static List<IpAddress> owned(JvsConfig config, ServiceTable services) {
        Set<IpAddress> owned = new LinkedHashSet<>(config.engine().forwarding().localAddresses());
        owned.addAll(config.engine().dpdk().addresses());
        if (services != null) {
            for (VirtualService s : services.services()) {
                if (!s.key().isFirewallMark()) {
                    owned.add(s.key().address());
                }
            }
        } else {
            for (ServiceConfig s : config.services()) {
                IpAddress a = s.toSpec().key().address();
                if (a != null && !s.toSpec().key().isFirewallMark()) {
                    owned.add(a);
                }
            }
        }
        return new ArrayList<>(owned);
    }
}
