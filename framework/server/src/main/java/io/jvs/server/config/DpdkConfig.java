package io.jvs.server.config;

import io.jvs.engine.service.IpAddress;
import io.jvs.spi.AddressFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code engine.dpdk} section: how the DPDK data plane ({@code data-plane: dpdk}) starts EAL,
 * which port it drives and what it does at layers 2 and 3 before the engine. Fixed while jvs runs.
 *
 * <pre>
 * dpdk:
 *   device: net_af_packet0                   # the port (a --vdev name or a PCI address)
 *   virtual-devices: ["net_af_packet0,iface=lb0"]
 *   file-prefix: jvs-lb                      # EAL runtime directory; default jvs-&lt;pid&gt;
 *   no-huge: true                            # EAL --no-huge (virtual devices only)
 *   memory: 256                              # EAL -m, megabytes
 *   no-pci: true                             # EAL --no-pci
 *   lcores: "0@(0-1)"                        # EAL --lcores; default: lcore 0 on every allowed CPU
 *   log-level: warning
 *   eal-arguments: []                        # appended to EAL's command line as given
 *   rx-descriptors: 1024
 *   tx-descriptors: 1024
 *   mempool-size: 0                          # mbufs; 0 sizes the pool for the queues
 *   tx-retries: 3
 *   promiscuous: false
 *   answer-arp: true                         # ARP replies and IPv6 neighbour advertisements for VIPs,
 *                                            # local and listed addresses
 *   mac-filter: true                         # drop unicast frames to other MACs (packet sockets)
 *   answer-echo: true                        # ICMP/ICMPv6 echo replies for the addresses jvs owns
 *   addresses: [198.51.100.1, "2001:db8::1"] # more addresses jvs owns (hosts' gateway)
 *   gateway: 198.51.100.254                  # next hop off-link, resolved by ARP
 *   routes: {"203.0.113.0/24": 198.51.100.253}  # static routes: prefix to next hop
 *   on-link: ["198.51.100.0/24", "2001:db8::/64"]  # prefixes reached directly (ARP / neighbour
 *                                            # discovery for the destination)
 *   neighbor-timeout: 300s                   # how long a resolved MAC is used before asking again
 *   exception: drop                          # traffic not for jvs: drop | kernel
 *   worker-cpus: [2, 3]                      # pin worker i (and its queue pair) to CPU i of this list
 * </pre>
 *
 * <p>The port's own MAC address replaces {@code forwarding.own-mac}. A neighbour listed in
 * {@code engine.neighbors} is never resolved; every other next hop is resolved by ARP when
 * {@code gateway}, {@code routes} or {@code on-link} say where it is, else the packet goes to
 * {@code forwarding.gateway-mac}.
 *
 * @param device the port's device name
 * @param virtualDevices EAL {@code --vdev} values
 * @param filePrefix EAL {@code --file-prefix}, {@code null} for {@code jvs-<pid>}
 * @param noHuge EAL {@code --no-huge}
 * @param memoryMegabytes EAL {@code -m}, megabytes (0 leaves it to EAL)
 * @param noPci EAL {@code --no-pci}
 * @param lcores EAL {@code --lcores}, {@code null} for the default mapping
 * @param logLevel EAL {@code --log-level}
 * @param ealArguments further EAL arguments
 * @param rxDescriptors RX descriptors per queue
 * @param txDescriptors TX descriptors per queue
 * @param mempoolSize mbufs in the pool, 0 to size it from the queues
 * @param txRetries extra {@code tx_burst} calls for what a full TX ring did not take
 * @param promiscuous receive frames to any MAC
 * @param answerArp answer ARP requests and IPv6 neighbour solicitations for the addresses jvs owns
 * @param macFilter drop unicast frames to other MACs before the engine
 * @param answerEcho answer ICMP and ICMPv6 echo requests to the addresses jvs owns
 * @param addresses further addresses jvs owns (answers ARP or neighbour solicitations and echo for)
 * @param gateway the IPv4 next hop for off-link destinations, {@code null} for none
 * @param routes static IPv4 routes, in file order: prefix to next hop
 * @param onLink IPv4 prefixes reached directly
 * @param onLinkIpv6 IPv6 prefixes reached directly (neighbour discovery), from the same key
 * @param neighborTimeoutSeconds how long a resolved neighbour is used before it is asked again, seconds
 * @param exception what happens to traffic the engine gives to the kernel
 * @param workerCpus the CPU of each worker, in worker order; empty to leave them unpinned
 */
public record DpdkConfig(String device, List<String> virtualDevices, String filePrefix, boolean noHuge,
        int memoryMegabytes, boolean noPci, String lcores, String logLevel, List<String> ealArguments,
        int rxDescriptors, int txDescriptors, int mempoolSize, int txRetries, boolean promiscuous, boolean answerArp,
        boolean macFilter, boolean answerEcho, List<IpAddress> addresses, IpAddress gateway, List<Route> routes, List<Prefix> onLink,
        List<Ipv6Prefix> onLinkIpv6,
        long neighborTimeoutSeconds, ExceptionPolicy exception, List<Integer> workerCpus) {

    /** What happens to frames the engine hands to the kernel ({@code TO_KERNEL}: not for a service). */
    public enum ExceptionPolicy {
        /** Freed and counted. */
        DROP,
        /**
         * Written to a {@code net_tap} exception port ({@code jvs-exc0} in jvs's network namespace, the
         * port's MAC) whose kernel side answers them; what the kernel sends there goes out the port.
         */
        KERNEL;

        /**
         * Returns the name used in files.
         *
         * @return {@code drop} or {@code kernel}
         */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * An IPv6 prefix.
     *
     * @param high the network's high 64 bits (host bits clear)
     * @param low its low 64 bits
     * @param length the prefix length, 0..128
     */
    public record Ipv6Prefix(long high, long low, int length) {

        /** Checks the length and clears host bits. */
        public Ipv6Prefix {
            if (length < 0 || length > 128) {
                throw new IllegalArgumentException("prefix length " + length + " is out of 0..128");
            }
            high &= length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
            low &= length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        }

        /**
         * Parses {@code 2001:db8::/64} (a bare address is a /128).
         *
         * @param text the prefix
         * @return the prefix
         * @throws IllegalArgumentException when it is not an IPv6 prefix
         */
        public static Ipv6Prefix parse(String text) {
            int slash = text.indexOf('/');
            IpAddress a = ValueReader.parseAddress((slash < 0 ? text : text.substring(0, slash)).trim());
            if (a == null || a.family() != AddressFamily.IPV6) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv6 prefix such as 2001:db8::/64");
            }
            int length = 128;
            if (slash >= 0) {
                try {
                    length = Integer.parseInt(text.substring(slash + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' has no prefix length after '/'");
                }
            }
            return new Ipv6Prefix(((long) a.w0() << 32) | (a.w1() & 0xFFFF_FFFFL),
                    ((long) a.w2() << 32) | (a.w3() & 0xFFFF_FFFFL), length);
        }
    }

    /**
     * An IPv4 prefix.
     *
     * @param address the network address as a 32-bit word (first octet most significant)
     * @param length the prefix length, 0..32
     */
    public record Prefix(int address, int length) {

        /** Checks the length and clears host bits. */
        public Prefix {
            if (length < 0 || length > 32) {
                throw new IllegalArgumentException("prefix length " + length + " is out of 0..32");
            }
            address &= mask(length);
        }

        /**
         * Parses {@code a.b.c.d/n} (a bare address is a /32).
         *
         * @param text the prefix
         * @return the prefix
         * @throws IllegalArgumentException when it is not an IPv4 prefix
         */
        public static Prefix parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            IpAddress a = ValueReader.parseAddress(address.trim());
            if (a == null || a.family() != AddressFamily.IPV4) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 prefix such as 198.51.100.0/24");
            }
            int length = 32;
            if (slash >= 0) {
                try {
                    length = Integer.parseInt(text.substring(slash + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' has no prefix length after '/'");
                }
            }
            return new Prefix(a.w0(), length);
        }

        /**
         * Returns the netmask of a length.
         *
         * @param length 0..32
         * @return the mask as a word
         */
        public static int mask(int length) {
            return length == 0 ? 0 : -1 << (32 - length);
        }
    }

    /**
     * A static route.
     *
     * @param prefix the destinations
     * @param nextHop the router's IPv4 address as a word
     */
    public record Route(Prefix prefix, int nextHop) {
    }

    /** Key of {@link #device}. */
    public static final String DEVICE = "device";
    /** Key of {@link #virtualDevices}. */
    public static final String VIRTUAL_DEVICES = "virtual-devices";
    /** Key of {@link #filePrefix}. */
    public static final String FILE_PREFIX = "file-prefix";
    /** Key of {@link #noHuge}. */
    public static final String NO_HUGE = "no-huge";
    /**
     * Default {@code true}: anonymous memory, no hugepage set-up and no privileges, which is enough
     * for virtual devices ({@code net_af_packet}, {@code net_tap}, {@code net_pcap}); a physical NIC
     * needs hugepages (set {@code false}) for DMA and for speed (fewer TLB misses).
     */
    public static final boolean NO_HUGE_DEFAULT = true;
    /** Key of {@link #memoryMegabytes}. */
    public static final String MEMORY = "memory";
    /** Default 256 MB: the pool of a few queues (8191 mbufs of 2.3 KB is 19 MB) and the rings fit. */
    public static final int MEMORY_DEFAULT = 256;
    /** Most megabytes accepted: 1 TiB. */
    public static final int MEMORY_MAX = 1 << 20;
    /** Key of {@link #noPci}. */
    public static final String NO_PCI = "no-pci";
    /**
     * Default {@code true}: no PCI scan, so jvs never takes a NIC by surprise; set {@code false} to
     * drive a NIC bound to vfio-pci.
     */
    public static final boolean NO_PCI_DEFAULT = true;
    /** Key of {@link #lcores}. */
    public static final String LCORES = "lcores";
    /** Key of {@link #logLevel}. */
    public static final String LOG_LEVEL = "log-level";
    /** Default {@code warning}: EAL's notices (one per driver probe) would flood the log. */
    public static final String LOG_LEVEL_DEFAULT = "warning";
    /** The log levels EAL knows. */
    public static final List<String> LOG_LEVELS = List.of("emergency", "alert", "critical", "error", "warning",
            "notice", "info", "debug");
    /** Key of {@link #ealArguments}. */
    public static final String EAL_ARGUMENTS = "eal-arguments";
    /** Key of {@link #rxDescriptors}. */
    public static final String RX_DESCRIPTORS = "rx-descriptors";
    /** Default 1024 descriptors: absorbs about 70 µs of line rate at 14.88 Mpps while a worker is busy. */
    public static final int RX_DESCRIPTORS_DEFAULT = 1024;
    /** Key of {@link #txDescriptors}. */
    public static final String TX_DESCRIPTORS = "tx-descriptors";
    /** Default 1024 descriptors, as RX. */
    public static final int TX_DESCRIPTORS_DEFAULT = 1024;
    /** Most descriptors accepted. */
    public static final int DESCRIPTORS_MAX = 65535;
    /** Key of {@link #mempoolSize}. */
    public static final String MEMPOOL_SIZE = "mempool-size";
    /**
     * Default 0: sized for every queue's descriptors, bursts and caches (at least 8191 mbufs). Set it
     * higher when the pool runs dry ({@code rx_nombuf} in the port statistics).
     */
    public static final int MEMPOOL_SIZE_DEFAULT = 0;
    /** Key of {@link #txRetries}. */
    public static final String TX_RETRIES = "tx-retries";
    /** Default 3 more tries for what a full TX ring did not take; more wait longer for a slow link. */
    public static final int TX_RETRIES_DEFAULT = 3;
    /** Key of {@link #promiscuous}. */
    public static final String PROMISCUOUS = "promiscuous";
    /**
     * Default {@code false}: jvs owns its addresses through ARP with the port's MAC, so frames come
     * to that MAC; promiscuous mode also brings frames for other hosts (then dropped by the MAC filter).
     */
    public static final boolean PROMISCUOUS_DEFAULT = false;
    /** Key of {@link #answerArp}. */
    public static final String ANSWER_ARP = "answer-arp";
    /** Default {@code true}: hosts find the virtual addresses by ARP, as they would a Linux director's. */
    public static final boolean ANSWER_ARP_DEFAULT = true;
    /** Key of {@link #macFilter}. */
    public static final String MAC_FILTER = "mac-filter";
    /**
     * Default {@code true}: a packet socket ({@code net_af_packet}) sees every frame the segment floods;
     * those to other MACs are not jvs's to forward. It costs one compare per frame on a NIC, which
     * filters already.
     */
    public static final boolean MAC_FILTER_DEFAULT = true;
    /** Key of {@link #answerEcho}. */
    public static final String ANSWER_ECHO = "answer-echo";
    /**
     * Default {@code true}: {@code ping} of a virtual address works, as against a Linux director that
     * holds it; a reply is made in place and is as long as its request.
     */
    public static final boolean ANSWER_ECHO_DEFAULT = true;
    /** Key of {@link #addresses}. */
    public static final String ADDRESSES = "addresses";
    /** Key of {@link #gateway}. */
    public static final String GATEWAY = "gateway";
    /** Key of {@link #routes}. */
    public static final String ROUTES = "routes";
    /** Key of {@link #onLink}. */
    public static final String ON_LINK = "on-link";
    /** Key of {@link #neighborTimeoutSeconds}. */
    public static final String NEIGHBOR_TIMEOUT = "neighbor-timeout";
    /**
     * Default 300 s: a resolved MAC is used that long, then asked again (the packet that finds it
     * stale still goes to the old MAC). Shorter follows a moved address sooner at the cost of more ARP
     * requests.
     */
    public static final long NEIGHBOR_TIMEOUT_DEFAULT_SECONDS = 300;
    /** Key of {@link #exception}. */
    public static final String EXCEPTION = "exception";
    /**
     * Default {@code drop}: frames that are for no service (and no ARP request) are freed and counted.
     * {@code kernel} hands them to a TAP interface so that the host's stack answers them (ssh to an
     * address of the namespace), at the price of a second port and a poll of it per burst.
     */
    public static final ExceptionPolicy EXCEPTION_DEFAULT = ExceptionPolicy.DROP;

    /** Key of {@link #workerCpus}. */
    public static final String WORKER_CPUS = "worker-cpus";
    /** The highest CPU number {@code worker-cpus} accepts (DPDK's {@code rte_cpuset_t} holds 1024). */
    public static final int WORKER_CPU_MAX = 1023;

    /** The keys of this section, in documentation order. */
    public static final List<String> KEYS = List.of(DEVICE, VIRTUAL_DEVICES, FILE_PREFIX, NO_HUGE, MEMORY, NO_PCI,
            LCORES, LOG_LEVEL, EAL_ARGUMENTS, RX_DESCRIPTORS, TX_DESCRIPTORS, MEMPOOL_SIZE, TX_RETRIES, PROMISCUOUS,
            ANSWER_ARP, MAC_FILTER, ANSWER_ECHO, ADDRESSES, GATEWAY, ROUTES, ON_LINK, NEIGHBOR_TIMEOUT, EXCEPTION,
            WORKER_CPUS);

    /** Checks and copies the values. */
    public DpdkConfig {
        virtualDevices = List.copyOf(virtualDevices);
        ealArguments = List.copyOf(ealArguments);
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        onLink = List.copyOf(onLink);
        onLinkIpv6 = List.copyOf(onLinkIpv6);
        workerCpus = List.copyOf(workerCpus);
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(exception, "exception");
    }

    /**
     * Returns the section with every key at its default (no device: {@code data-plane: dpdk} needs one).
     *
     * @return the defaults
     */
    public static DpdkConfig defaults() {
        return new DpdkConfig(null, List.of(), null, NO_HUGE_DEFAULT, MEMORY_DEFAULT, NO_PCI_DEFAULT, null,
                LOG_LEVEL_DEFAULT, List.of(), RX_DESCRIPTORS_DEFAULT, TX_DESCRIPTORS_DEFAULT, MEMPOOL_SIZE_DEFAULT,
                TX_RETRIES_DEFAULT, PROMISCUOUS_DEFAULT, ANSWER_ARP_DEFAULT, MAC_FILTER_DEFAULT,
                ANSWER_ECHO_DEFAULT, List.of(), null,
                List.of(), List.of(), List.of(), NEIGHBOR_TIMEOUT_DEFAULT_SECONDS, EXCEPTION_DEFAULT, List.of());
    }

    /**
     * Reads the {@code engine.dpdk} section, recording a problem for each invalid key and using the
     * default in its place.
     *
     * @param in the section's mapping
     * @param required whether {@code data-plane: dpdk} is chosen (then {@code device} is required)
     * @param workers the engine's worker count, which {@code worker-cpus} must match
     * @return the section
     */
    static DpdkConfig read(MappingReader in, boolean required, int workers) {
        String device = null;
        if (!required || in.require(DEVICE, "the DPDK port's device name (e.g. net_af_packet0)")) {
            device = in.text(DEVICE, null, "a device name such as net_af_packet0 or 0000:01:00.0");
        }
        List<String> vdevs = texts(in, VIRTUAL_DEVICES, "a --vdev value such as net_af_packet0,iface=eth1");
        String prefix = in.text(FILE_PREFIX, null, "a file prefix of [A-Za-z0-9._-]");
        if (prefix != null && (!prefix.matches("[A-Za-z0-9._-]{1,64}") || prefix.startsWith("."))) {
            in.problem(FILE_PREFIX, "'" + prefix + "' must be 1..64 of [A-Za-z0-9._-], not starting with '.'"
                    + " (it names a directory under /var/run/dpdk)");
            prefix = null;
        }
        boolean noHuge = in.flag(NO_HUGE, NO_HUGE_DEFAULT);
        int memory = in.integer(MEMORY, MEMORY_DEFAULT, 0, MEMORY_MAX);
        boolean noPci = in.flag(NO_PCI, NO_PCI_DEFAULT);
        String lcores = in.text(LCORES, null, "an EAL --lcores value such as 0@(0-1)");
        String logLevel = in.word(LOG_LEVEL, LOG_LEVEL_DEFAULT, LOG_LEVELS);
        List<String> eal = texts(in, EAL_ARGUMENTS, "an EAL argument");
        int rx = in.integer(RX_DESCRIPTORS, RX_DESCRIPTORS_DEFAULT, 1, DESCRIPTORS_MAX);
        int tx = in.integer(TX_DESCRIPTORS, TX_DESCRIPTORS_DEFAULT, 1, DESCRIPTORS_MAX);
        int pool = (int) in.count(MEMPOOL_SIZE, MEMPOOL_SIZE_DEFAULT, 0, Integer.MAX_VALUE);
        int retries = in.integer(TX_RETRIES, TX_RETRIES_DEFAULT, 0, 1000);
        boolean promiscuous = in.flag(PROMISCUOUS, PROMISCUOUS_DEFAULT);
        boolean arp = in.flag(ANSWER_ARP, ANSWER_ARP_DEFAULT);
        boolean macFilter = in.flag(MAC_FILTER, MAC_FILTER_DEFAULT);
        boolean echo = in.flag(ANSWER_ECHO, ANSWER_ECHO_DEFAULT);
        List<IpAddress> addresses = new ArrayList<>();
        YamlNode list = in.get(ADDRESSES);
        YamlSequence sequence = list == null ? null : in.values().sequence(list, in.path(ADDRESSES));
        if (sequence != null) {
            for (int i = 0; i < sequence.items().size(); i++) {
                YamlNode item = sequence.items().get(i);
                String path = KeyPath.item(in.path(ADDRESSES), i);
                IpAddress a = in.values().address(item, path);
                if (a != null && addresses.contains(a)) {
                    in.values().problem(item, path, a + " is listed twice");
                } else if (a != null) {
                    addresses.add(a);
                }
            }
        }
        IpAddress gateway = in.address(GATEWAY, null);
        if (gateway != null && gateway.family() != AddressFamily.IPV4) {
            in.problem(GATEWAY, gateway + " is not an IPv4 address (neighbours are resolved by ARP)");
            gateway = null;
        }
        List<Route> routes = readRoutes(in);
        List<Prefix> onLink = new ArrayList<>();
        List<Ipv6Prefix> onLinkIpv6 = new ArrayList<>();
        YamlNode linkNode = in.get(ON_LINK);
        YamlSequence links = linkNode == null ? null : in.values().sequence(linkNode, in.path(ON_LINK));
        if (links != null) {
            for (int i = 0; i < links.items().size(); i++) {
                YamlNode item = links.items().get(i);
                String path = KeyPath.item(in.path(ON_LINK), i);
                String text = in.values().text(item, path, "an IPv4 prefix such as 198.51.100.0/24");
                if (text != null) {
                    try {
                        if (text.contains(":")) {
                            onLinkIpv6.add(Ipv6Prefix.parse(text));
                        } else {
                            onLink.add(Prefix.parse(text));
                        }
                    } catch (IllegalArgumentException e) {
                        in.values().problem(item, path, e.getMessage());
                    }
                }
            }
        }
        long timeout = in.duration(NEIGHBOR_TIMEOUT, java.time.Duration.ofSeconds(NEIGHBOR_TIMEOUT_DEFAULT_SECONDS),
                java.time.Duration.ofSeconds(1), java.time.Duration.ofDays(1)).toSeconds();
        String exception = in.word(EXCEPTION, EXCEPTION_DEFAULT.configName(),
                List.of(ExceptionPolicy.DROP.configName(), ExceptionPolicy.KERNEL.configName()));
        List<Integer> cpus = readWorkerCpus(in, workers);
        return new DpdkConfig(device, vdevs, prefix, noHuge, memory, noPci, lcores, logLevel, eal, rx, tx, pool,
                retries, promiscuous, arp, macFilter, echo, addresses, gateway, routes, onLink, onLinkIpv6, timeout,
                ExceptionPolicy.valueOf(exception.toUpperCase(java.util.Locale.ROOT)), cpus);
    }

    private static List<Integer> readWorkerCpus(MappingReader in, int workers) {
        List<Integer> cpus = new ArrayList<>();
        YamlNode node = in.get(WORKER_CPUS);
        YamlSequence list = node == null ? null : in.values().sequence(node, in.path(WORKER_CPUS));
        if (list == null) {
            return cpus;
        }
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            String path = KeyPath.item(in.path(WORKER_CPUS), i);
            Long cpu = in.values().integer(item, path, 0, WORKER_CPU_MAX);
            if (cpu != null && cpus.contains(cpu.intValue())) {
                in.values().problem(item, path, "CPU " + cpu + " is listed twice: one worker per CPU");
            } else if (cpu != null) {
                cpus.add(cpu.intValue());
            }
        }
        if (!list.items().isEmpty() && list.items().size() != workers) {
            in.problem(WORKER_CPUS, list.items().size() + " CPUs for " + workers
                    + " workers (engine.workers): give one CPU per worker");
        }
        return cpus;
    }

    private static List<String> texts(MappingReader in, String key, String what) {
        List<String> out = new ArrayList<>();
        YamlNode node = in.get(key);
        YamlSequence sequence = node == null ? null : in.values().sequence(node, in.path(key));
        if (sequence != null) {
            for (int i = 0; i < sequence.items().size(); i++) {
                String text = in.values().text(sequence.items().get(i), KeyPath.item(in.path(key), i), what);
                if (text != null) {
                    out.add(text);
                }
            }
        }
        return out;
    }

    private static List<Route> readRoutes(MappingReader in) {
        List<Route> routes = new ArrayList<>();
        YamlNode node = in.get(ROUTES);
        YamlMapping mapping = node == null ? null : in.values().mapping(node, in.path(ROUTES));
        if (mapping == null) {
            return routes;
        }
        for (YamlMapping.Entry entry : mapping.entries().values()) {
            String path = KeyPath.child(in.path(ROUTES), entry.key());
            Prefix prefix;
            try {
                prefix = Prefix.parse(entry.key());
            } catch (IllegalArgumentException e) {
                in.values().problems().add(entry.keyLocation(), path, e.getMessage()
                        + " (a route is written PREFIX: NEXT-HOP)");
                continue;
            }
            IpAddress hop = in.values().address(entry.value(), path);
            if (hop != null && hop.family() != AddressFamily.IPV4) {
                in.values().problem(entry.value(), path, hop + " is not an IPv4 next hop");
            } else if (hop != null) {
                routes.add(new Route(prefix, hop.w0()));
            }
        }
        return routes;
    }
}
