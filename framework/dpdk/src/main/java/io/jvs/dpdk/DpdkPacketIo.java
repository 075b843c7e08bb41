package io.jvs.dpdk;

import io.jvs.engine.io.PacketBatch;
import io.jvs.engine.io.PacketIo;
import io.jvs.engine.packet.MacAddress;
import io.jvs.engine.pipeline.Ipv6Neighbors;
import io.jvs.engine.pipeline.NeighborSlots;
import io.jvs.engine.pipeline.NeighborTable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongFunction;

/**
 * The engine's {@link PacketIo} over a DPDK port: queue {@code q} of the port is worker {@code q}'s
 * RX/TX queue pair.
 *
 * <p><b>Receive</b> fills the batch from the mbufs of one {@code rte_eth_rx_burst} without copying:
 * every packet's segment is {@link Mbuf#ADDRESS_SPACE} and its offset is the address of its first
 * byte ({@code buf_addr + data_off}); headroom is {@code data_off}, tailroom what is left of
 * {@code buf_len}; the handle is the mbuf's address. Multi-segment packets (frames larger than one
 * buffer) are freed and counted: the engine works on contiguous frames.
 *
 * <p><b>Transmit</b> writes {@code data_off}, {@code data_len} and {@code pkt_len} back for the
 * packets whose offset or length the engine changed (encapsulation prepends into the headroom),
 * hands the {@link PacketBatch#TRANSMIT} ones to {@code rte_eth_tx_burst}, retrying up to
 * {@code txRetries} times what the driver did not take, and frees in one
 * {@code rte_pktmbuf_free_bulk} the dropped ones and the unsent ones. Those marked
 * {@link PacketBatch#TO_KERNEL} go to the kernel exception port when there is one (a {@code net_tap}
 * whose kernel side has the port's MAC; what the kernel sends on it goes out the port, polled by each
 * worker before its own receive), else they are freed too. Every mbuf received is thus either sent or
 * freed before the next burst.
 *
 * <p><b>Layer 2</b> ({@link LinkLayerSettings}, off by default): ports that see a whole segment
 * ({@code net_af_packet}) can drop unicast frames to other MACs and answer ARP requests for jvs's
 * addresses in place, IPv6 neighbour solicitations for them ({@link NeighborAdvertiser}) and ICMP/ICMPv6
 * echo requests to them ({@link EchoResponder}), before the engine;
 * replies go out at once on the same queue.
 *
 * <p>A queue's first burst on a thread registers that thread with EAL ({@code rte_thread_register})
 * so that it gets a mempool cache. Bursts allocate nothing and take no lock.
 *
 * <p><b>Thread-safety:</b> each queue is used by one thread at a time; counters may be read from any
 * thread (approximate while the workers run).
 */
public final class DpdkPacketIo implements PacketIo {

    /** 32 packets per burst, DPDK's usual size and the engine's default batch. */
    public static final int DEFAULT_BURST = 32;
    /** The largest burst accepted: 1024 packets. */
    public static final int MAX_BURST = 1024;
    /** 3 more {@code tx_burst} calls for what a full TX ring did not take, then the rest is dropped. */
    public static final int DEFAULT_TX_RETRIES = 3;

    private static final int MIN_HEADER = 14;

    private final Eal eal;
    private final EthPort port;
    private final Mempool pool;
    private final boolean ownsPortAndPool;
    private final boolean ownsEal;
    private final int burst;
    private final int txRetries;
    private final ArpResponder arp;
    private final EchoResponder echo;
    private final NeighborAdvertiser advertiser;
    private final Ipv6NeighborResolver resolver6;
    private final EthPort exceptionPort;
    private final long acceptedMac;
    private final NeighborResolver resolver;
    /**
     * Holds the queues' mbuf-pointer arrays. Automatic, not shared: FFM keeps a downcall argument's
     * arena alive during the call, which for a shared arena costs two atomic operations per burst.
     */
    private final Arena arena = Arena.ofAuto();
    private final QueueState[] queues;
    /** The CPU of each queue's worker, {@code null} to leave the workers where the OS puts them. */
    private volatile int[] workerCpus;
    /** {@code handoffs[from][to]}: frames queue {@code from} received for queue {@code to}'s worker. */
    private final MbufHandoff[][] handoffs;
    private volatile QueueSteering steering;
    private boolean closed;

    /** Frames one queue may hand another before more are dropped: 1024. */
    public static final int HANDOFF_CAPACITY = 1024;

    /**
     * Creates the data plane over a started port, which the caller keeps owning.
     *
     * @param eal the initialised EAL
     * @param port the port; one worker per queue pair
     * @param burst most packets per burst
     * @param txRetries extra {@code tx_burst} calls for unsent packets before they are dropped
     */
    public DpdkPacketIo(Eal eal, EthPort port, int burst, int txRetries) {
        this(eal, port, null, false, false, burst, txRetries, LinkLayerSettings.NONE, null);
    }

    /**
     * Creates the data plane over a started port, which the caller keeps owning, with layer-2
     * duties (ARP answers, MAC filter) for ports that need them.
     *
     * @param eal the initialised EAL
     * @param port the port; one worker per queue pair
     * @param burst most packets per burst
     * @param txRetries extra {@code tx_burst} calls for unsent packets before they are dropped
     * @param linkLayer what to do at layer 2 before the engine
     */
    public DpdkPacketIo(Eal eal, EthPort port, int burst, int txRetries, LinkLayerSettings linkLayer) {
        this(eal, port, null, false, false, burst, txRetries, linkLayer, null);
    }

    /**
     * Creates the data plane over a started port, which the caller keeps owning, with a mempool for
     * the frames the engine builds itself (the SYN proxy's segments; see {@link #transmitOriginated}).
     * The other constructors leave such frames unsent (counted by the engine as
     * {@code originated-dropped}).
     *
     * @param eal the initialised EAL
     * @param port the port; one worker per queue pair
     * @param pool the mempool originated frames are copied into; the caller keeps owning it
     * @param burst most packets per burst
     * @param txRetries extra {@code tx_burst} calls for unsent packets before they are dropped
     */
    public DpdkPacketIo(Eal eal, EthPort port, Mempool pool, int burst, int txRetries) {
        this(eal, port, pool, false, false, burst, txRetries, LinkLayerSettings.NONE, null);
    }

    private DpdkPacketIo(Eal eal, EthPort port, Mempool pool, boolean owns, boolean ownsEal, int burst,
            int txRetries, LinkLayerSettings linkLayer, EthPort exceptionPort) {
        if (burst < 1 || burst > MAX_BURST || txRetries < 0) {
            throw new IllegalArgumentException("burst 1..1024, txRetries >= 0");
        }
        this.eal = eal;
        this.port = port;
        this.pool = pool;
        this.ownsPortAndPool = owns;
        this.ownsEal = ownsEal;
        this.burst = burst;
        this.txRetries = txRetries;
        this.arp = linkLayer.arp();
        this.echo = linkLayer.echo();
        this.advertiser = linkLayer.neighborAdvertiser();
        this.resolver6 = linkLayer.ipv6Resolver();
        this.acceptedMac = linkLayer.acceptedMac();
        this.resolver = linkLayer.resolver();
        if (resolver6 != null && resolver == null) {
            throw new IllegalArgumentException("IPv6 neighbour resolution shares the ARP resolution's clock");
        }
        if (resolver != null && pool == null) {
            throw new IllegalArgumentException("neighbour resolution sends ARP requests from the data plane's own"
                    + " mempool: open the port with DpdkPacketIo.open(...)");
        }
        this.exceptionPort = exceptionPort;
        if (exceptionPort != null && exceptionPort.queueCount() != port.queueCount()) {
            throw new IllegalArgumentException("the exception port needs one queue pair per worker: "
                    + exceptionPort.queueCount() + " for " + port.queueCount());
        }
        this.queues = new QueueState[port.queueCount()];
        for (int q = 0; q < queues.length; q++) {
            queues[q] = new QueueState(port.queue(q), exceptionPort == null ? null : exceptionPort.queue(q), burst,
                    arena);
        }
        this.handoffs = new MbufHandoff[queues.length][queues.length];
        for (int from = 0; from < queues.length; from++) {
            for (int to = 0; to < queues.length; to++) {
                handoffs[from][to] = from == to || queues.length == 1 ? null : new MbufHandoff(HANDOFF_CAPACITY);
            }
        }
    }

    /**
     * Opens a device with a mempool sized for it, and the data plane over it; closing the data
     * plane closes both.
     *
     * @param eal the initialised EAL
     * @param device the device's name, e.g. {@code net_pcap0}
     * @param config queues and descriptors
     * @return the data plane
     */
    public static DpdkPacketIo open(Eal eal, String device, PortConfig config) {
        return open(eal, device, config, 0, DEFAULT_BURST, DEFAULT_TX_RETRIES, mac -> LinkLayerSettings.NONE, false,
                null);
    }

    /** Descriptors per queue of the exception port: the kernel's share of the traffic is small. */
    public static final int EXCEPTION_DESCRIPTORS = 256;

    /**
     * Opens a device with its own mempool, and the data plane over it, with every setting; closing
     * the data plane closes the port and the pool, and EAL too when asked ({@code jvs run}, which
     * owns the process's EAL through its data plane).
     *
     * @param eal the initialised EAL
     * @param device the device's name, e.g. {@code net_af_packet0}
     * @param config queues and descriptors
     * @param mempoolSize mbufs in the pool; 0 sizes it for the port ({@link #poolSize})
     * @param burst most packets per burst
     * @param txRetries extra {@code tx_burst} calls for unsent packets before they are dropped
     * @param linkLayer what to do at layer 2 before the engine, given the port's MAC address
     * @param closeEal whether {@link #close()} also closes EAL
     * @param exceptionDevice the kernel exception port's device (a {@code net_tap}), or {@code null}
     *     for none: frames the engine gives {@link PacketBatch#TO_KERNEL} and ARP frames jvs does not
     *     answer go to it, and what the kernel sends on it goes out the port; it gets the port's MAC
     *     and one queue pair per worker
     * @return the data plane
     */
    public static DpdkPacketIo open(Eal eal, String device, PortConfig config, int mempoolSize, int burst,
            int txRetries, LongFunction<LinkLayerSettings> linkLayer, boolean closeEal, String exceptionDevice) {
        PortConfig sizing = exceptionDevice == null ? config : new PortConfig(config.queues(),
                config.rxDescriptors() + EXCEPTION_DESCRIPTORS, config.txDescriptors() + EXCEPTION_DESCRIPTORS,
                config.promiscuous());
        Mempool pool = Mempool.create(eal, poolName(device), mempoolSize > 0 ? mempoolSize : poolSize(sizing),
                Mempool.DEFAULT_CACHE_SIZE, Mempool.DEFAULT_DATA_ROOM);
        try {
            EthPort port = EthPort.open(eal, device, config, pool);
            EthPort exception = null;
            try {
                long mac = port.macAddress();
                if (exceptionDevice != null) {
                    exception = EthPort.open(eal, exceptionDevice, new PortConfig(config.queues(),
                            EXCEPTION_DESCRIPTORS, EXCEPTION_DESCRIPTORS, false), pool);
                    exception.setMacAddress(mac);
                }
                return new DpdkPacketIo(eal, port, pool, true, closeEal, burst, txRetries, linkLayer.apply(mac),
                        exception);
            } catch (RuntimeException e) {
                if (exception != null) {
                    exception.close();
                }
                port.close();
                throw e;
            }
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static String poolName(String device) {
        String name = "jvs-" + device;
        return name.length() <= 24 ? name : name.substring(0, 24);
    }

    /**
     * Sizes a pool for a port: every descriptor and burst of every queue, one cache per worker and
     * one spare, rounded up to 2^k − 1.
     *
     * @param config the port's configuration
     * @return mbufs
     */
    public static int poolSize(PortConfig config) {
        long need = (long) config.queues() * (config.rxDescriptors() + config.txDescriptors() + 2L * DEFAULT_BURST)
                + (config.queues() + 1L) * Mempool.DEFAULT_CACHE_SIZE * 3 / 2;
        long size = Math.max(Mempool.DEFAULT_MBUFS + 1L, Long.highestOneBit(need) << 1);
        return (int) Math.min(size - 1, Integer.MAX_VALUE);
    }

    /** Returns the port. @return the port */
    public EthPort port() {
        return port;
    }

    /**
     * Steers received frames to the queue that owns their connection (software steering), or stops
     * steering; any thread, effective from the workers' next burst. Without steering each queue keeps
     * what the port gave it.
     *
     * @param value the steering, or {@code null}
     */
    public void setSteering(QueueSteering value) {
        this.steering = queues.length > 1 ? value : null;
    }

    /** Returns the kernel exception port, or {@code null} when there is none. @return the port */
    public EthPort exceptionPort() {
        return exceptionPort;
    }

    /** Returns the EAL this data plane runs on. @return the EAL */
    public Eal eal() {
        return eal;
    }

    /** Returns the neighbour resolver, or {@code null} when frames carry final MACs. @return the resolver */
    public NeighborResolver resolver() {
        return resolver;
    }

    /** Returns the IPv6 neighbour resolution, or {@code null}. @return the resolver */
    public Ipv6NeighborResolver ipv6Resolver() {
        return resolver6;
    }

    /** Returns the IPv6 neighbour advertiser, or {@code null} when solicitations go to the engine. @return it */
    public NeighborAdvertiser neighborAdvertiser() {
        return advertiser;
    }

    /** Returns the echo responder, or {@code null} when echo requests go to the engine. @return the responder */
    public EchoResponder echoResponder() {
        return echo;
    }

    /** Returns the layer-2 ARP responder, or {@code null} when ARP is not answered. @return the responder */
    public ArpResponder arpResponder() {
        return arp;
    }

    /** Returns the mempool this data plane created, or {@code null} when the caller owns it. @return the pool */
    public Mempool pool() {
        return pool;
    }

    @Override
    public int queueCount() {
        return queues.length;
    }

    /**
     * Pins the worker of each queue to a CPU, one CPU per queue, when the worker first receives. Each
     * CPU is tried first on a short-lived thread, so that a CPU the process may not use is refused
     * here, before any worker starts.
     *
     * @param cpus one CPU per queue, in queue order
     * @throws IllegalArgumentException naming the first CPU that cannot be used, or a wrong count
     */
    public void pinWorkers(int[] cpus) {
        if (cpus.length != queues.length) {
            throw new IllegalArgumentException(cpus.length + " CPUs for " + queues.length + " queues: give one per worker");
        }
        for (int q = 0; q < cpus.length; q++) {
            int cpu = cpus[q];
            DpdkException[] failure = new DpdkException[1];
            Thread probe = Thread.ofPlatform().name("jvs-dpdk-cpu-probe").start(() -> {
                try {
                    eal.pinCurrentThread(cpu);
                } catch (DpdkException e) {
                    failure[0] = e;
                }
            });
            try {
                probe.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking CPU " + cpu, e);
            }
            if (failure[0] != null) {
                throw new IllegalArgumentException("[" + q + "]: " + failure[0].getMessage());
            }
        }
        workerCpus = cpus.clone();
    }

    @Override
    public int receive(int queue, PacketBatch batch) {
        QueueState s = queues[queue];
        if (s.owner != Thread.currentThread()) {
            eal.registerCurrentThread();
            int[] cpus = workerCpus;
            if (cpus != null) {
                eal.pinCurrentThread(cpus[queue]);
            }
            s.owner = Thread.currentThread();
        }
        MemorySegment rx = s.rx;
        NeighborResolver r = resolver;
        long now = 0;
        if (r != null) {
            now = r.clock().getAsLong();
            s.now = now;
            if (s.heldCount > 0) {
                releaseHeld(s, r, now);
            }
        }
        if (s.kernelQueue != null) {
            forwardFromKernel(s);
        }
        int capacity = Math.min(batch.capacity(), burst);
        QueueSteering steer = steering;
        int kept = 0;
        if (steer != null) {
            kept = takeHandedOver(queue, s, batch, capacity);
        }
        int n = kept < capacity ? s.ethQueue.receive(rx, capacity - kept) : 0;
        int freed = 0;
        int replies = 0;
        int toKernel = 0;
        for (int i = 0; i < n; i++) {
            long m = rx.getAtIndex(ValueLayout.JAVA_LONG, i);
            if (Mbuf.nbSegs(m) != 1) {
                s.free.setAtIndex(ValueLayout.JAVA_LONG, freed++, m);
                s.counters[QueueState.MULTI_SEGMENT_DROPS]++;
                continue;
            }
            long buf = Mbuf.bufAddr(m);
            int dataOff = Mbuf.dataOff(m);
            int length = Mbuf.dataLen(m);
            int bufLen = Mbuf.bufLen(m);
            long start = buf + dataOff;
            if (acceptedMac != 0 && length >= MIN_HEADER && !accepts(start)) {
                s.free.setAtIndex(ValueLayout.JAVA_LONG, freed++, m);
                s.counters[QueueState.MAC_FILTERED]++;
                continue;
            }
            if (r != null && r.learn(Mbuf.ADDRESS_SPACE, start, length, arp, now) == NeighborResolver.CONSUMED) {
                s.counters[QueueState.ARP_LEARNED]++;
                if (s.kernelQueue != null) {
                    // the kernel behind the exception port shares the port's MAC: the reply may be its
                    s.kernel.setAtIndex(ValueLayout.JAVA_LONG, toKernel++, m);
                } else {
                    s.free.setAtIndex(ValueLayout.JAVA_LONG, freed++, m);
                }
                continue;
            }
            if (arp != null && arp.answer(Mbuf.ADDRESS_SPACE, start, length)) {
                s.replies.setAtIndex(ValueLayout.JAVA_LONG, replies++, m);
                s.counters[QueueState.ARP_REPLIES]++;
                continue;
            }
            if (s.kernelQueue != null && ArpResponder.isArp(Mbuf.ADDRESS_SPACE, start, length)) {
                s.kernel.setAtIndex(ValueLayout.JAVA_LONG, toKernel++, m);
                continue;
            }
            if (echo != null && echo.answer(Mbuf.ADDRESS_SPACE, start, length)) {
                s.replies.setAtIndex(ValueLayout.JAVA_LONG, replies++, m);
                s.counters[QueueState.ECHO_REPLIES]++;
                continue;
            }
            if (resolver6 != null && resolver6.learn(Mbuf.ADDRESS_SPACE, start, length,
                    advertiser == null ? OwnedAddresses.NONE : advertiser.addresses(), now)
                    == Ipv6NeighborResolver.CONSUMED) {
                s.counters[QueueState.ND_LEARNED]++;
                s.free.setAtIndex(ValueLayout.JAVA_LONG, freed++, m);
                continue;
            }
            if (advertiser != null) {
                int reply = advertiser.answer(Mbuf.ADDRESS_SPACE, start, length, bufLen - dataOff);
                if (reply > 0) {
                    if (reply != length) {
                        Mbuf.setData(m, dataOff, reply);
                    }
                    s.replies.setAtIndex(ValueLayout.JAVA_LONG, replies++, m);
                    s.counters[QueueState.NEIGHBOR_ADVERTISEMENTS]++;
                    continue;
                }
            }
            if (steer != null) {
                int to = steer.queueFor(queue, Mbuf.ADDRESS_SPACE, start, length);
                if (to != queue && to >= 0 && to < queues.length) {
                    if (handoffs[queue][to].offer(m)) {
                        s.counters[QueueState.STEERED]++;
                    } else {
                        s.free.setAtIndex(ValueLayout.JAVA_LONG, freed++, m);
                        s.counters[QueueState.STEER_DROPS]++;
                    }
                    continue;
                }
            }
            fill(batch, kept++, m);
        }
        if (replies > 0) {
            sendReplies(s, replies);
        }
        if (toKernel > 0) {
            sendToKernel(s, toKernel);
        }
        if (freed > 0) {
            FastPath.freeBulk(s.free, freed);
        }
        s.counters[QueueState.RECEIVED] += kept;
        batch.setCount(kept);
        return kept;
    }

    /** Puts a single-segment mbuf into the batch at an index. */
    private static void fill(PacketBatch batch, int index, long m) {
        int dataOff = Mbuf.dataOff(m);
        int length = Mbuf.dataLen(m);
        batch.segments[index] = Mbuf.ADDRESS_SPACE;
        batch.offsets[index] = Mbuf.bufAddr(m) + dataOff;
        batch.lengths[index] = length;
        batch.headrooms[index] = dataOff;
        batch.tailrooms[index] = Mbuf.bufLen(m) - dataOff - length;
        batch.marks[index] = 0;
        batch.handles[index] = m;
        batch.verdicts[index] = PacketBatch.DROP;
        batch.timestamps[index] = 0;
    }

    /** Moves the frames other queues handed this one into the batch (their layer 2 is done). */
    private int takeHandedOver(int queue, QueueState s, PacketBatch batch, int capacity) {
        int kept = 0;
        for (int from = 0; from < queues.length && kept < capacity; from++) {
            if (from == queue) {
                continue;
            }
            int n = handoffs[from][queue].drain(s.inbox, 0, capacity - kept);
            for (int i = 0; i < n; i++) {
                fill(batch, kept++, s.inbox[i]);
            }
        }
        return kept;
    }

    private boolean accepts(long frame) {
        long destination = MacAddress.read(Mbuf.ADDRESS_SPACE, frame);
        return destination == acceptedMac || MacAddress.isMulticast(destination);
    }

    /** Sends the ARP and echo replies made in place of their requests (one try: a lost reply is asked again). */
    private static void sendReplies(QueueState s, int count) {
        int sent = s.ethQueue.transmit(s.replies, count);
        if (sent < count) {
            MemorySegment.copy(s.replies, (long) sent * Long.BYTES, s.replies, 0, (long) (count - sent) * Long.BYTES);
            FastPath.freeBulk(s.replies, count - sent);
            s.counters[QueueState.TX_DROPS] += count - sent;
        }
    }

    /** Sends the frames staged for the kernel on the exception port (one try), frees what it did not take. */
    private static void sendToKernel(QueueState s, int count) {
        int sent = s.kernelQueue.transmit(s.kernel, count);
        s.counters[QueueState.KERNEL_SENT] += sent;
        if (sent < count) {
            MemorySegment.copy(s.kernel, (long) sent * Long.BYTES, s.kernel, 0, (long) (count - sent) * Long.BYTES);
            FastPath.freeBulk(s.kernel, count - sent);
            s.counters[QueueState.KERNEL_DROPS] += count - sent;
        }
    }

    /** Sends what the kernel sent on the exception port out the port (one try), frees what the port did not take. */
    private static void forwardFromKernel(QueueState s) {
        int n = s.kernelQueue.receive(s.fromKernel, s.burst);
        if (n == 0) {
            return;
        }
        int sent = s.ethQueue.transmit(s.fromKernel, n);
        s.counters[QueueState.FROM_KERNEL] += sent;
        if (sent < n) {
            MemorySegment.copy(s.fromKernel, (long) sent * Long.BYTES, s.fromKernel, 0, (long) (n - sent) * Long.BYTES);
            FastPath.freeBulk(s.fromKernel, n - sent);
            s.counters[QueueState.TX_DROPS] += n - sent;
        }
    }

    @Override
    public int transmit(int queue, PacketBatch batch) {
        QueueState s = queues[queue];
        MemorySegment tx = s.tx;
        MemorySegment free = s.free;
        long[] counters = s.counters;
        int count = batch.count();
        int pending = 0;
        int freed = 0;
        int toKernel = 0;
        boolean exception = s.kernelQueue != null;
        for (int i = 0; i < count; i++) {
            long m = batch.handles[i];
            byte verdict = batch.verdicts[i];
            if (verdict == PacketBatch.TRANSMIT) {
                long start = batch.offsets[i];
                int length = batch.lengths[i];
                long buf = Mbuf.bufAddr(m);
                if (start != buf + Mbuf.dataOff(m) || length != Mbuf.dataLen(m)) {
                    long dataOff = start - buf;
                    if (dataOff < 0 || length <= 0 || dataOff + length > Mbuf.bufLen(m)) {
                        free.setAtIndex(ValueLayout.JAVA_LONG, freed++, m);
                        counters[QueueState.BAD_GEOMETRY_DROPS]++;
                        continue;
                    }
                    Mbuf.setData(m, (int) dataOff, length);
                }
                int outcome = nextHop(s, m, start);
                if (outcome == HELD) {
                    continue;
                }
                if (outcome != SEND) {
                    free.setAtIndex(ValueLayout.JAVA_LONG, freed++, m);
                    continue;
                }
                tx.setAtIndex(ValueLayout.JAVA_LONG, pending++, m);
            } else if (verdict == PacketBatch.TO_KERNEL && exception) {
                s.kernel.setAtIndex(ValueLayout.JAVA_LONG, toKernel++, m);
            } else {
                free.setAtIndex(ValueLayout.JAVA_LONG, freed++, m);
                counters[verdict == PacketBatch.TO_KERNEL ? QueueState.KERNEL_DROPS : QueueState.DROPS]++;
            }
        }
        int sent = sendAll(s, tx, pending);
        if (toKernel > 0) {
            sendToKernel(s, toKernel);
        }
        if (freed > 0) {
            FastPath.freeBulk(free, freed);
        }
        batch.setCount(0);
        return sent;
    }

    /**
     * Sends frames the worker built (the SYN proxy's handshake segments): each is copied through the
     * queue's staging mbuf into a new mbuf of the port's pool ({@code rte_pktmbuf_copy}, no Java
     * allocation), its next hop resolved like a forwarded frame's, then sent with the same retries.
     * A frame that does not fit, finds the pool empty or no neighbour is counted as a TX drop. A
     * data plane made without a mempool of its own sends none (the engine counts them dropped).
     */
    @Override
    public int transmitOriginated(int queue, PacketBatch frames) {
        if (pool == null) {
            return 0;
        }
        QueueState s = queues[queue];
        MemorySegment tx = s.tx;
        long[] counters = s.counters;
        int sent = 0;
        int count = frames.count();
        int i = 0;
        while (i < count) {
            int pending = 0;
            for (; i < count && pending < burst; i++) {
                if (frames.verdicts[i] != PacketBatch.TRANSMIT) {
                    continue;
                }
                int length = frames.lengths[i];
                if (length <= 0 || length > QueueState.STAGING_BYTES) {
                    counters[QueueState.TX_DROPS]++;
                    continue;
                }
                long m = copyToMbuf(s, frames.segments[i], frames.offsets[i], length);
                if (m == 0) {
                    counters[QueueState.TX_DROPS]++;
                    continue;
                }
                int outcome = nextHop(s, m, Mbuf.bufAddr(m) + Mbuf.dataOff(m));
                if (outcome == HELD) {
                    continue;
                }
                if (outcome != SEND) {
                    s.release.setAtIndex(ValueLayout.JAVA_LONG, 0, m);
                    FastPath.freeBulk(s.release, 1);
                    continue;
                }
                tx.setAtIndex(ValueLayout.JAVA_LONG, pending++, m);
            }
            sent += sendAll(s, tx, pending);
        }
        return sent;
    }

    /**
     * Copies a frame the data plane or the worker built into a new mbuf of the port's pool, through
     * the queue's staging mbuf; allocates nothing on the Java heap.
     *
     * @return the mbuf, 0 when the pool is empty
     */
    private long copyToMbuf(QueueState s, MemorySegment source, long offset, int length) {
        MemorySegment.copy(source, offset, Mbuf.ADDRESS_SPACE, s.staging + Mbuf.SIZE, length);
        Mbuf.setData(s.staging, 0, length);
        return FastPath.copy(s.staging, pool.address(), length);
    }

    /**
     * Resolves a frame's destination MAC when the engine wrote a next-hop token there: {@link #SEND}
     * (also for a frame without a token), {@link #HELD} (the queue keeps the frame while the
     * neighbour is asked), or {@link #NO_ROUTE} / {@link #UNRESOLVED}, already counted, when the
     * caller must free it.
     */
    private int nextHop(QueueState s, long m, long frame) {
        if (resolver == null) {
            return SEND;
        }
        long destinationMac = MacAddress.read(Mbuf.ADDRESS_SPACE, frame);
        int outcome;
        if (NeighborResolver.isToken(destinationMac)) {
            outcome = resolve(s, resolver, m, frame);
        } else if (resolver6 != null && NeighborTable.isIpv6Token(destinationMac)) {
            outcome = resolve6(s, resolver6, m, frame);
        } else {
            return SEND;
        }
        if (outcome == NO_ROUTE || outcome == UNRESOLVED) {
            s.counters[outcome == NO_ROUTE ? QueueState.NO_ROUTE_DROPS : QueueState.UNRESOLVED_DROPS]++;
        }
        return outcome;
    }

    /** Sends {@code pending} mbufs from {@code tx} with the configured retries; frees and counts what is left. */
    private int sendAll(QueueState s, MemorySegment tx, int pending) {
        if (pending == 0) {
            return 0;
        }
        int n = s.ethQueue.transmit(tx, pending);
        int sent = n;
        pending -= n;
        for (int attempt = 0; pending > 0 && attempt < txRetries; attempt++) {
            MemorySegment.copy(tx, (long) n * Long.BYTES, tx, 0, (long) pending * Long.BYTES);
            s.counters[QueueState.TX_RETRIES]++;
            n = s.ethQueue.transmit(tx, pending);
            sent += n;
            pending -= n;
        }
        if (pending > 0) {
            MemorySegment.copy(tx, (long) n * Long.BYTES, tx, 0, (long) pending * Long.BYTES);
            FastPath.freeBulk(tx, pending);
            s.counters[QueueState.TX_DROPS] += pending;
        }
        s.counters[QueueState.TRANSMITTED] += sent;
        return sent;
    }

    private static final int SEND = 0;
    private static final int HELD = 1;
    private static final int NO_ROUTE = 2;
    private static final int UNRESOLVED = 3;

    /**
     * Resolves a frame's next-hop token: writes the neighbour's MAC ({@link #SEND}), or holds the
     * frame while the neighbour is asked ({@link #HELD}), or says why it must be freed.
     */
    private int resolve(QueueState s, NeighborResolver r, long m, long frame) {
        int destination = (int) MacAddress.read(Mbuf.ADDRESS_SPACE, frame);
        int hop = r.routes().nextHop(destination);
        if (hop == Ipv4Routes.NO_ROUTE) {
            return NO_ROUTE;
        }
        NeighborCache cache = r.cache();
        int slot = cache.claim(hop);
        if (slot == NeighborCache.MISSING) {
            return UNRESOLVED;
        }
        return resolveSlot(s, cache, slot, false, hop, r.timeoutNanos(), r.retryNanos(), m, frame);
    }

    /**
     * Writes a resolved neighbour's MAC into the frame ({@link #SEND}; asked again when stale), or
     * asks for the neighbour and holds the frame ({@link #HELD}, {@link #UNRESOLVED} when the hold
     * is full); requests go out at most once per retry interval and neighbour.
     *
     * @param target what {@link #ask} and {@link #hold} name the neighbour by: the IPv4 address,
     *     the IPv6 slot
     */
    private int resolveSlot(QueueState s, NeighborSlots neighbors, int slot, boolean ipv6, int target,
            long timeoutNanos, long retryNanos, long m, long frame) {
        long now = s.now;
        long mac = neighbors.mac(slot);
        if (mac != 0) {
            MacAddress.write(Mbuf.ADDRESS_SPACE, frame, mac);
            if (neighbors.isStale(slot, timeoutNanos, now) && neighbors.takeRequestTurn(slot, retryNanos, now)) {
                ask(s, ipv6, target);
            }
            return SEND;
        }
        if (neighbors.takeRequestTurn(slot, retryNanos, now)) {
            ask(s, ipv6, target);
        }
        return hold(s, m, target, ipv6, now);
    }

    private static int hold(QueueState s, long m, int hop, boolean ipv6, long now) {
        if (s.heldCount == QueueState.HOLD) {
            return UNRESOLVED;
        }
        int h = s.heldCount++;
        s.heldMbufs[h] = m;
        s.heldHops[h] = hop;
        s.heldIpv6[h] = ipv6;
        s.heldSince[h] = now;
        s.counters[QueueState.HELD]++;
        return HELD;
    }

    /** Resolves an IPv6 next-hop token (the neighbour's slot), as {@link #resolve} does for IPv4. */
    private int resolve6(QueueState s, Ipv6NeighborResolver r, long m, long frame) {
        Ipv6Neighbors neighbors = r.neighbors();
        int slot = (int) (MacAddress.read(Mbuf.ADDRESS_SPACE, frame) & 0xFFFF_FFFFL);
        if (slot < 0 || slot >= neighbors.capacity() || !r.isOnLink(neighbors.high(slot), neighbors.low(slot))) {
            return NO_ROUTE;
        }
        return resolveSlot(s, neighbors, slot, true, slot, r.timeoutNanos(), r.retryNanos(), m, frame);
    }

    /**
     * Sends one ARP request for an IPv4 neighbour's address or one neighbour solicitation for an IPv6
     * neighbour's slot from the queue (slow path: at most one per neighbour and retry interval).
     */
    private void ask(QueueState s, boolean ipv6, int target) {
        int length;
        if (ipv6) {
            resolver6.writeSolicitation(s.request, 0, target);
            length = Ipv6NeighborResolver.SOLICITATION_LENGTH;
        } else {
            resolver.writeRequest(s.request, 0, target);
            length = NeighborResolver.REQUEST_LENGTH;
        }
        long m = copyToMbuf(s, s.request, 0, length);
        if (m == 0) {
            return;
        }
        s.release.setAtIndex(ValueLayout.JAVA_LONG, 0, m);
        if (s.ethQueue.transmit(s.release, 1) == 1) {
            s.counters[ipv6 ? QueueState.ND_SOLICITATIONS : QueueState.ARP_REQUESTS]++;
        } else {
            FastPath.freeBulk(s.release, 1);
        }
    }

    /** Sends the held frames whose neighbour answered, frees those that waited too long. */
    private void releaseHeld(QueueState s, NeighborResolver r, long now) {
        int sending = 0;
        int freeing = 0;
        int kept = 0;
        for (int i = 0; i < s.heldCount; i++) {
            long m = s.heldMbufs[i];
            long mac;
            if (s.heldIpv6[i]) {
                mac = resolver6.neighbors().mac(s.heldHops[i]);
            } else {
                int slot = r.cache().find(s.heldHops[i]);
                mac = slot == NeighborCache.MISSING ? 0 : r.cache().mac(slot);
            }
            if (mac != 0) {
                MacAddress.write(Mbuf.ADDRESS_SPACE, Mbuf.bufAddr(m) + Mbuf.dataOff(m), mac);
                s.release.setAtIndex(ValueLayout.JAVA_LONG, sending++, m);
            } else if (now - s.heldSince[i] > r.holdNanos()) {
                s.releaseFree.setAtIndex(ValueLayout.JAVA_LONG, freeing++, m);
                s.counters[QueueState.UNRESOLVED_DROPS]++;
            } else {
                s.heldMbufs[kept] = m;
                s.heldHops[kept] = s.heldHops[i];
                s.heldIpv6[kept] = s.heldIpv6[i];
                s.heldSince[kept] = s.heldSince[i];
                kept++;
            }
        }
        s.heldCount = kept;
        if (sending > 0) {
            int sent = s.ethQueue.transmit(s.release, sending);
            s.counters[QueueState.TRANSMITTED] += sent;
            for (int i = sent; i < sending; i++) {
                s.releaseFree.setAtIndex(ValueLayout.JAVA_LONG, freeing++, s.release.getAtIndex(ValueLayout.JAVA_LONG, i));
                s.counters[QueueState.TX_DROPS]++;
            }
        }
        if (freeing > 0) {
            FastPath.freeBulk(s.releaseFree, freeing);
        }
    }

    /**
     * Returns a queue's counters.
     *
     * @param queue the queue
     * @return a snapshot
     */
    public QueueCounters counters(int queue) {
        return queues[queue].snapshot();
    }

    /**
     * Returns the counters summed over all queues.
     *
     * @return a snapshot
     */
    public QueueCounters totals() {
        QueueCounters sum = QueueCounters.ZERO;
        for (QueueState s : queues) {
            sum = sum.plus(s.snapshot());
        }
        return sum;
    }

    /**
     * Reads the port's driver counters.
     *
     * @return the statistics
     */
    public PortStatistics statistics() {
        return port.statistics();
    }

    /**
     * Reads the port's link.
     *
     * @return the link
     */
    public LinkStatus link() {
        return port.link();
    }

    /**
     * Closes the port and frees the mempool when this data plane opened them, and EAL when it was
     * given to it (the queues' arrays go with the garbage collector). Call after the workers stopped.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (int from = 0; from < queues.length; from++) {
            for (int to = 0; to < queues.length; to++) {
                MbufHandoff h = handoffs[from][to];
                for (int n = h == null ? 0 : h.drain(queues[to].inbox, 0, burst); n > 0;
                        n = h.drain(queues[to].inbox, 0, burst)) {
                    for (int i = 0; i < n; i++) {
                        queues[to].releaseFree.setAtIndex(ValueLayout.JAVA_LONG, i, queues[to].inbox[i]);
                    }
                    FastPath.freeBulk(queues[to].releaseFree, n);
                }
            }
        }
        for (QueueState q : queues) {
            for (int i = 0; i < q.heldCount; i++) {
                q.releaseFree.setAtIndex(ValueLayout.JAVA_LONG, i, q.heldMbufs[i]);
            }
            if (q.heldCount > 0) {
                FastPath.freeBulk(q.releaseFree, q.heldCount);
                q.heldCount = 0;
            }
        }
        if (ownsPortAndPool) {
            if (exceptionPort != null) {
                exceptionPort.close();
            }
            port.close();
            pool.close();
        }
        if (ownsEal) {
            eal.close();
        }
    }

    /** One queue's mbuf-pointer arrays and counters. */
    private static final class QueueState {
        private static final VarHandle COUNTER = MethodHandles.arrayElementVarHandle(long[].class);
        static final int RECEIVED = 8;
        static final int TRANSMITTED = 9;
        static final int DROPS = 10;
        static final int KERNEL_DROPS = 11;
        static final int TX_RETRIES = 12;
        static final int TX_DROPS = 13;
        static final int MULTI_SEGMENT_DROPS = 14;
        static final int BAD_GEOMETRY_DROPS = 15;
        static final int ARP_REPLIES = 16;
        static final int MAC_FILTERED = 17;
        static final int ARP_REQUESTS = 18;
        static final int ARP_LEARNED = 19;
        static final int HELD = 20;
        static final int UNRESOLVED_DROPS = 21;
        static final int NO_ROUTE_DROPS = 22;
        static final int ECHO_REPLIES = 23;
        static final int NEIGHBOR_ADVERTISEMENTS = 24;
        static final int KERNEL_SENT = 25;
        static final int FROM_KERNEL = 26;
        static final int STEERED = 27;
        static final int STEER_DROPS = 28;
        static final int ND_SOLICITATIONS = 29;
        static final int ND_LEARNED = 30;
        /** Frames a queue holds at most while their next hop is asked for. */
        static final int HOLD = 64;
        /** The largest frame the worker may build itself, bytes (a full Ethernet frame with VLAN tags). */
        static final int STAGING_BYTES = 2048;

        final EthQueue ethQueue;
        /** The exception port's queue of this worker, or {@code null}. */
        final EthQueue kernelQueue;
        final MemorySegment kernel;
        final MemorySegment fromKernel;
        final int burst;
        final MemorySegment rx;
        final MemorySegment tx;
        final MemorySegment free;
        final MemorySegment replies;
        /** Twenty-three counters, padded by a cache line on each side against false sharing. */
        final long[] counters = new long[8 + 23 + 8];
        /** Mbufs taken from other queues' hand-offs. */
        final long[] inbox;
        final long[] heldMbufs = new long[HOLD];
        final int[] heldHops = new int[HOLD];
        final long[] heldSince = new long[HOLD];
        final boolean[] heldIpv6 = new boolean[HOLD];
        final MemorySegment release;
        final MemorySegment releaseFree;
        final MemorySegment request;
        /** A staging mbuf in plain native memory that frames built by the worker are copied through. */
        final long staging;
        int heldCount;
        long now;
        Thread owner;

        QueueState(EthQueue ethQueue, EthQueue kernelQueue, int burst, Arena arena) {
            this.ethQueue = ethQueue;
            this.kernelQueue = kernelQueue;
            this.burst = burst;
            this.kernel = arena.allocate(ValueLayout.JAVA_LONG, burst);
            this.fromKernel = arena.allocate(ValueLayout.JAVA_LONG, burst);
            this.inbox = new long[burst];
            this.rx = arena.allocate(ValueLayout.JAVA_LONG, burst);
            this.tx = arena.allocate(ValueLayout.JAVA_LONG, burst);
            this.free = arena.allocate(ValueLayout.JAVA_LONG, burst);
            this.replies = arena.allocate(ValueLayout.JAVA_LONG, burst);
            this.release = arena.allocate(ValueLayout.JAVA_LONG, HOLD);
            this.releaseFree = arena.allocate(ValueLayout.JAVA_LONG, HOLD);
            this.request = arena.allocate(Math.max(NeighborResolver.REQUEST_LENGTH,
                    Ipv6NeighborResolver.SOLICITATION_LENGTH), 8);
            MemorySegment stage = arena.allocate(Mbuf.SIZE + STAGING_BYTES, 64);
            this.staging = stage.address();
            Mbuf.ADDRESS_SPACE.set(ValueLayout.JAVA_LONG, staging + Mbuf.BUF_ADDR_OFFSET, staging + Mbuf.SIZE);
            Mbuf.ADDRESS_SPACE.set(ValueLayout.JAVA_SHORT, staging + Mbuf.REFCNT_OFFSET, (short) 1);
            Mbuf.ADDRESS_SPACE.set(ValueLayout.JAVA_SHORT, staging + Mbuf.NB_SEGS_OFFSET, (short) 1);
            Mbuf.ADDRESS_SPACE.set(ValueLayout.JAVA_SHORT, staging + Mbuf.PORT_OFFSET, (short) Mbuf.PORT_INVALID);
            Mbuf.ADDRESS_SPACE.set(ValueLayout.JAVA_SHORT, staging + Mbuf.BUF_LEN_OFFSET, (short) STAGING_BYTES);
        }

        /** Reads the counters with opaque loads, so that a reader polling them sees them advance. */
        QueueCounters snapshot() {
            return new QueueCounters(read(RECEIVED), read(TRANSMITTED), read(DROPS), read(KERNEL_DROPS),
                    read(TX_RETRIES), read(TX_DROPS), read(MULTI_SEGMENT_DROPS), read(BAD_GEOMETRY_DROPS),
                    read(ARP_REPLIES), read(MAC_FILTERED), read(ARP_REQUESTS), read(ARP_LEARNED), read(HELD),
                    read(UNRESOLVED_DROPS), read(NO_ROUTE_DROPS), read(ECHO_REPLIES),
                    read(NEIGHBOR_ADVERTISEMENTS), read(KERNEL_SENT), read(FROM_KERNEL),
                    read(STEERED), read(STEER_DROPS), read(ND_SOLICITATIONS), read(ND_LEARNED));
        }

        private long read(int index) {
            return (long) COUNTER.getOpaque(counters, index);
        }
    }
}
