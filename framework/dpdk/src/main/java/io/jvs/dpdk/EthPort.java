package io.jvs.dpdk;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * An Ethernet port of DPDK, configured with {@link PortConfig#queues()} RX/TX queue pairs over one
 * mempool and started: a virtual device ({@code --vdev=net_pcap0,...}, {@code net_null0},
 * {@code net_ring0}, {@code net_af_packet0,iface=...}), a probed NIC, or a {@code net_ring} port
 * made from rings ({@link #fromRings}).
 *
 * <p>The port is configured with DPDK's defaults (no offloads, no RSS); each queue pair's bursts go
 * through {@link #queue(int)}.
 *
 * <p><b>Thread-safety:</b> control methods (statistics, link, close) are thread-safe; each
 * {@link EthQueue} belongs to one thread.
 */
public final class EthPort implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EthPort.class.getName());
    private static final int CONF_BYTES = 4096;
    private static final int DEV_INFO_BYTES = 1024;
    private static final int DEV_INFO_DRIVER_NAME_OFFSET = 8;
    private static final int DEV_INFO_MAX_RX_QUEUES_OFFSET = 44;
    private static final int DEV_INFO_MAX_TX_QUEUES_OFFSET = 46;

    private final Eal eal;
    private final RteFunctions rte;
    private final int id;
    private final String name;
    private final String driver;
    private final List<EthQueue> queues = new ArrayList<>();
    private boolean closed;

    private EthPort(Eal eal, int id, String name, String driver) {
        this.eal = eal;
        this.rte = eal.rte();
        this.id = id;
        this.name = name;
        this.driver = driver;
    }

    /**
     * Finds a probed device by name, configures its queues over the pool and starts it.
     *
     * @param eal the initialised EAL
     * @param device the device's name, e.g. {@code net_pcap0}
     * @param config queues and descriptors
     * @param pool the mempool RX queues take mbufs from
     * @return the started port
     * @throws DpdkException when the device is unknown or DPDK refuses a step
     */
    public static EthPort open(Eal eal, String device, PortConfig config, Mempool pool) {
        eal.checkOpen();
        RteFunctions rte = eal.rte();
        int id;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment portId = arena.allocate(ValueLayout.JAVA_SHORT);
            int rc;
            synchronized (eal) {
                rc = rte.portByName(arena.allocateFrom(device), portId);
            }
            if (rc != 0) {
                throw new DpdkException("no DPDK port named '" + device + "' (" + rte.strerror(-rc)
                        + "); virtual devices need --vdev=" + device + ",... in the EAL arguments " + eal.arguments());
            }
            id = portId.get(ValueLayout.JAVA_SHORT, 0) & 0xFFFF;
        }
        return setUp(eal, id, device, config, pool);
    }

    /**
     * Makes a {@code net_ring} port whose queue {@code i} receives from {@code rx.get(i)} and sends
     * to {@code tx.get(i)} ({@code rte_eth_from_rings}), configures and starts it. Two such ports
     * with swapped rings are a cable: what one sends, the other receives.
     *
     * @param eal the initialised EAL
     * @param name the port's name, unique in the process
     * @param rx the receive rings, one per queue
     * @param tx the transmit rings, one per queue
     * @param config queues (at most the number of rings) and descriptors
     * @param pool the mempool (net_ring takes no mbufs from it, but every RX queue names one)
     * @return the started port
     */
    public static EthPort fromRings(Eal eal, String name, List<Ring> rx, List<Ring> tx, PortConfig config,
            Mempool pool) {
        eal.checkOpen();
        if (rx.isEmpty() || tx.isEmpty() || config.queues() > Math.min(rx.size(), tx.size())) {
            throw new IllegalArgumentException(config.queues() + " queues need as many RX and TX rings");
        }
        RteFunctions rte = eal.rte();
        int id;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rxs = arena.allocate(ValueLayout.ADDRESS, rx.size());
            MemorySegment txs = arena.allocate(ValueLayout.ADDRESS, tx.size());
            for (int i = 0; i < rx.size(); i++) {
                rxs.setAtIndex(ValueLayout.ADDRESS, i, rx.get(i).handle());
            }
            for (int i = 0; i < tx.size(); i++) {
                txs.setAtIndex(ValueLayout.ADDRESS, i, tx.get(i).handle());
            }
            synchronized (eal) {
                id = rte.ethFromRings(arena.allocateFrom(name), rxs, rx.size(), txs, tx.size(), 0);
            }
            if (id < 0) {
                int errno = rte.lastErrno();
                throw new DpdkException("rte_eth_from_rings(" + name + ") failed: " + rte.strerror(errno));
            }
        }
        return setUp(eal, id, name, config, pool);
    }

    private static EthPort setUp(Eal eal, int id, String name, PortConfig config, Mempool pool) {
        RteFunctions rte = eal.rte();
        synchronized (eal) {
            String driver;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment info = arena.allocate(DEV_INFO_BYTES, 8);
                check(rte, rte.devInfoGet(id, info), "rte_eth_dev_info_get", name);
                MemorySegment driverName = info.get(ValueLayout.ADDRESS, DEV_INFO_DRIVER_NAME_OFFSET);
                driver = driverName.address() == 0 ? "?" : driverName.reinterpret(256).getString(0);
                int maxRx = info.get(ValueLayout.JAVA_SHORT, DEV_INFO_MAX_RX_QUEUES_OFFSET) & 0xFFFF;
                int maxTx = info.get(ValueLayout.JAVA_SHORT, DEV_INFO_MAX_TX_QUEUES_OFFSET) & 0xFFFF;
                if (config.queues() > Math.min(maxRx, maxTx)) {
                    throw new DpdkException("port " + name + " (" + driver + ") has at most " + maxRx + " RX and "
                            + maxTx + " TX queues; " + config.queues() + " were asked for");
                }
                MemorySegment conf = arena.allocate(CONF_BYTES, 8);
                check(rte, rte.devConfigure(id, config.queues(), config.queues(), conf), "rte_eth_dev_configure", name);
                int socket = rte.devSocketId(id);
                for (int q = 0; q < config.queues(); q++) {
                    check(rte, rte.rxQueueSetup(id, q, config.rxDescriptors(), socket, MemorySegment.NULL,
                            pool.handle()), "rte_eth_rx_queue_setup(" + q + ")", name);
                    check(rte, rte.txQueueSetup(id, q, config.txDescriptors(), socket, MemorySegment.NULL),
                            "rte_eth_tx_queue_setup(" + q + ")", name);
                }
            }
            check(rte, rte.devStart(id), "rte_eth_dev_start", name);
            if (config.promiscuous()) {
                int rc = rte.promiscuousEnable(id);
                if (rc != 0) {
                    LOG.log(Level.DEBUG, () -> name + ": promiscuous mode not supported (" + rte.strerror(-rc) + ")");
                }
            }
            EthPort port = new EthPort(eal, id, name, driver);
            for (int q = 0; q < config.queues(); q++) {
                port.queues.add(new EthQueue(rte, id, q));
            }
            return port;
        }
    }

    private static void check(RteFunctions rte, int rc, String call, String port) {
        if (rc < 0) {
            throw new DpdkException(call + " on port " + port + " failed: " + rte.strerror(-rc) + " (" + rc + ")");
        }
    }

    /** Returns the port id. @return the id */
    public int id() {
        return id;
    }

    /** Returns the device name. @return the name */
    public String name() {
        return name;
    }

    /** Returns the driver's name, e.g. {@code net_pcap}. @return the driver */
    public String driver() {
        return driver;
    }

    /** Returns the number of queue pairs. @return the count */
    public int queueCount() {
        return queues.size();
    }

    /**
     * Returns a queue pair.
     *
     * @param queue 0..queueCount-1
     * @return the queue
     */
    public EthQueue queue(int queue) {
        return queues.get(queue);
    }

    /**
     * Reads the link without waiting ({@code rte_eth_link_get_nowait}).
     *
     * @return the link
     */
    public LinkStatus link() {
        synchronized (eal) {
            checkOpen();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment link = arena.allocate(LinkStatus.SIZE, 8);
                check(rte, rte.linkGetNowait(id, link), "rte_eth_link_get_nowait", name);
                return LinkStatus.decode(link.get(ValueLayout.JAVA_INT, 0), link.get(ValueLayout.JAVA_SHORT, 4) & 0xFFFF);
            }
        }
    }

    /**
     * Reads the driver's counters ({@code rte_eth_stats_get}).
     *
     * @return the counters
     */
    public PortStatistics statistics() {
        synchronized (eal) {
            checkOpen();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment s = arena.allocate(PortStatistics.SIZE, 8);
                check(rte, rte.statsGet(id, s), "rte_eth_stats_get", name);
                ValueLayout.OfLong l = ValueLayout.JAVA_LONG;
                return new PortStatistics(s.get(l, 0), s.get(l, 8), s.get(l, 16), s.get(l, 24), s.get(l, 32),
                        s.get(l, 40), s.get(l, 48), s.get(l, 56));
            }
        }
    }

    /** Sets the driver's counters to zero ({@code rte_eth_stats_reset}). */
    public void resetStatistics() {
        synchronized (eal) {
            checkOpen();
            check(rte, rte.statsReset(id), "rte_eth_stats_reset", name);
        }
    }

    /**
     * Reads the port's MAC address ({@code rte_eth_macaddr_get}).
     *
     * @return the address in the low 48 bits, first octet most significant
     */
    public long macAddress() {
        synchronized (eal) {
            checkOpen();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment mac = arena.allocate(8, 8);
                check(rte, rte.macaddrGet(id, mac), "rte_eth_macaddr_get", name);
                long value = 0;
                for (int i = 0; i < 6; i++) {
                    value = value << 8 | (mac.get(ValueLayout.JAVA_BYTE, i) & 0xFF);
                }
                return value;
            }
        }
    }

    /**
     * Sets the port's MAC address ({@code rte_eth_dev_default_mac_addr_set}); for {@code net_tap} this
     * also sets the kernel side's, so that the kernel accepts frames addressed to it.
     *
     * @param mac the address in the low 48 bits
     */
    public void setMacAddress(long mac) {
        synchronized (eal) {
            checkOpen();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment bytes = arena.allocate(8, 8);
                for (int i = 0; i < 6; i++) {
                    bytes.set(ValueLayout.JAVA_BYTE, i, (byte) (mac >>> (40 - 8 * i)));
                }
                check(rte, rte.macaddrSet(id, bytes), "rte_eth_dev_default_mac_addr_set", name);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("port " + name + " is closed");
        }
    }

    /**
     * Stops and closes the port ({@code rte_eth_dev_stop}, {@code rte_eth_dev_close}); its queues
     * must no longer be used. The driver frees the mbufs it still holds.
     */
    @Override
    public void close() {
        synchronized (eal) {
            if (closed) {
                return;
            }
            closed = true;
            int rc = rte.devStop(id);
            if (rc != 0) {
                LOG.log(Level.WARNING, "rte_eth_dev_stop(" + name + ") returned " + rc);
            }
            rc = rte.devClose(id);
            if (rc != 0) {
                LOG.log(Level.WARNING, "rte_eth_dev_close(" + name + ") returned " + rc);
            }
        }
    }
}
