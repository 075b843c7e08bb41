package io.jvs.proxy;

import io.jvs.engine.Tunables;
import io.jvs.engine.conn.ConnectionEntryView;
import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.conn.ConnectionTableConfig;
import io.jvs.engine.conn.FlowKey;
import io.jvs.engine.eviction.EvictionDispatcher;
import io.jvs.engine.pipeline.FlowScheduler;
import io.jvs.engine.pipeline.ForwardingSettings;
import io.jvs.engine.pipeline.LocalAddressPool;
import io.jvs.engine.service.DestinationRegistry;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.RegisteredDestinations;
import io.jvs.engine.service.VirtualService;
import io.jvs.engine.worker.CommandQueue;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.Scheduler;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One event loop of the proxy: a thread, an NIO selector (epoll on Linux), this loop's listening
 * socket of every service, the relays and sessions it accepted, and one connection table with its
 * flow scheduler, as a packet worker has. Only this thread touches the table, the relays and the
 * sockets; the control plane talks to it through a bounded command queue.
 *
 * <pre>
 *   loop:  commands (≤ 16) ── select(≤ 100 ms, or the next payload/connect deadline)
 *          ── each ready key: accept / read datagrams / relay ── payload and connect timeouts
 *          ── table.expire(now, 256): idle entries removed, their sockets closed by the eviction sink
 * </pre>
 *
 * The clock is read once per cycle and passed down.
 */
final class ProxyLoop implements Runnable {

    /** Commands applied per cycle at most. */
    static final int COMMAND_LIMIT = 16;
    /** Table entries looked at by expiry per cycle at most. */
    static final int EXPIRY_LIMIT = 256;
    /** Connections accepted per readiness event at most, so one busy listener cannot starve relays. */
    static final int ACCEPTS_PER_EVENT = 64;
    /** Datagrams read per readiness event at most. */
    static final int DATAGRAMS_PER_EVENT = 64;
    /** Longest select, milliseconds: bounds how late idle entries are expired. */
    static final long MAX_SELECT_MILLIS = 100;
    /** Room for a PROXY protocol header in front of a datagram or of peeked bytes. */
    static final int HEADER_ROOM = 128;
    /** Largest UDP payload. */
    static final int MAX_DATAGRAM = 65_535;

    final int index;
    final int trafficIndex;
    final Selector selector;
    final ConnectionTable table;
    final DestinationRegistry registry;
    final ProxyCounters counters = new ProxyCounters();
    final WorkerCounters workerCounters = new WorkerCounters();
    final BufferPool pool;
    final ByteBuffer scratch;
    final ByteBuffer datagram;
    final MemorySegment datagramSegment;
    final DeadlineQueue payloadWaits = new DeadlineQueue();
    final DeadlineQueue connectWaits = new DeadlineQueue();
    final int bufferBytes;
    final long payloadTimeoutNanos;
    final long connectTimeoutNanos;
    final int connectRetries;

    private final EvictionDispatcher evictions;
    private final FlowScheduler flows;
    private final FirstBytesView view = new FirstBytesView();
    private final FlowKey key = new FlowKey();
    private final Object[] owners;
    private final CommandQueue<LoopCommand> commands;
    private final Consumer<LoopCommand> applyCommand = this::apply;
    private final Consumer<SelectionKey> onKey = this::onKey;
    private final Consumer<TcpRelay> payloadTimedOut = this::payloadTimedOut;
    private final Consumer<TcpRelay> connectTimedOut = this::connectTimedOut;
    private final List<ListeningSocket> listeners = new ArrayList<>();
    private final Thread thread;
    private final int[] senderWords = new int[4];
    private InetSocketAddress lastSender;
    private ProxyLoop[] siblings = {this};

    private volatile boolean running = true;
    private volatile int openRelays;
    private volatile int openSessions;
    private long now;

    ProxyLoop(int index, ProxySettings settings, DestinationRegistry registry, Tunables tunables,
            EvictionDispatcher evictions) throws IOException {
        this.index = index;
        this.trafficIndex = index;
        this.registry = registry;
        this.evictions = evictions;
        this.bufferBytes = settings.bufferBytes();
        this.payloadTimeoutNanos = settings.payloadTimeoutNanos();
        this.connectTimeoutNanos = settings.connectTimeoutNanos();
        this.connectRetries = settings.connectRetries();
        this.selector = Selector.open();
        RegisteredDestinations bindings = new RegisteredDestinations(registry);
        ConnectionTableConfig config = new ConnectionTableConfig(settings.connectionsPerLoop())
                .profiles(List.of(settings.timeouts()))
                .ipv6Capacity(settings.connectionsPerLoop());
        this.table = new ConnectionTable(config, bindings, bindings, this::evicted);
        this.owners = new Object[settings.connectionsPerLoop()];
        this.flows = new FlowScheduler(index, table, registry, tunables, workerCounters,
                new LocalAddressPool(ForwardingSettings.defaults(), index, settings.eventLoops()));
        this.pool = new BufferPool(bufferBytes + HEADER_ROOM, 1024);
        this.scratch = ByteBuffer.allocateDirect(bufferBytes);
        this.datagram = ByteBuffer.allocateDirect(MAX_DATAGRAM + HEADER_ROOM);
        this.datagramSegment = MemorySegment.ofBuffer(datagram);
        this.commands = new CommandQueue<>(ProxyDataPlane.COMMAND_CAPACITY);
        this.thread = Thread.ofPlatform().name("jvs-proxy-" + index).daemon(true).unstarted(this);
    }

    /** Tells the loop about all loops (itself included), for handing connections over. */
    void setSiblings(ProxyLoop[] all) {
        siblings = all.clone();
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            now = System.nanoTime();
            while (running) {
                int work = 0;
                if (!commands.isEmpty()) {
                    work += commands.drain(applyCommand, COMMAND_LIMIT);
                }
                long timeout = work > 0 || !commands.isEmpty() ? 0 : selectTimeoutMillis();
                if (timeout == 0) {
                    selector.selectNow(onKey);
                } else {
                    selector.select(onKey, timeout);
                }
                now = System.nanoTime();
                payloadWaits.expire(now, TcpRelay.PAYLOAD, payloadTimedOut);
                connectWaits.expire(now, TcpRelay.CONNECTING, connectTimedOut);
                int expired = table.expire(now, EXPIRY_LIMIT);
                if (expired > 0) {
                    workerCounters.add(WorkerCounters.EXPIRED, expired);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.getLogger(ProxyLoop.class.getName()).log(System.Logger.Level.ERROR,
                    thread.getName() + " stopped by " + e, e);
        } finally {
            closeEverything();
        }
    }

    private long selectTimeoutMillis() {
        long next = Math.min(payloadWaits.nextDeadline(), connectWaits.nextDeadline());
        if (next == Long.MAX_VALUE) {
            return MAX_SELECT_MILLIS;
        }
        long millis = (next - System.nanoTime() + 999_999) / 1_000_000;
        return Math.max(1, Math.min(MAX_SELECT_MILLIS, millis));
    }

    private void payloadTimedOut(TcpRelay r) {
        r.payloadTimedOut(now);
    }

    private void connectTimedOut(TcpRelay r) {
        r.connectTimedOut(now);
    }

    private void apply(LoopCommand command) {
        command.apply(this, now);
    }

    private void onKey(SelectionKey k) {
        if (!k.isValid()) {
            return;
        }
        Object a = k.attachment();
        if (a instanceof TcpRelay r) {
            r.onReady(k, now);
        } else if (a instanceof UdpSession s) {
            s.onReadable(now);
        } else if (a instanceof ListeningSocket l) {
            if (l.isTcp()) {
                accept(l);
            } else {
                receive(l);
            }
        }
    }

    // ------------------------------------------------------------------------------------- TCP

    private void accept(ListeningSocket l) {
        for (int i = 0; i < ACCEPTS_PER_EVENT; i++) {
            SocketChannel c;
            try {
                c = l.tcp().accept();
            } catch (IOException e) {
                counters.increment(ProxyCounters.SOCKET_ERRORS);
                return;
            }
            if (c == null) {
                return;
            }
            counters.increment(ProxyCounters.ACCEPTED);
            ProxiedService service = l.service;
            if (!service.tryOpen()) {
                counters.increment(ProxyCounters.LIMIT_REFUSED);
                closeQuietly(c);
                continue;
            }
            InetSocketAddress remote;
            try {
                remote = (InetSocketAddress) c.getRemoteAddress();
            } catch (IOException | RuntimeException e) {
                counters.increment(ProxyCounters.SOCKET_ERRORS);
                closeQuietly(c);
                service.release();
                continue;
            }
            VirtualService vs = service.service();
            if (siblings.length > 1 && vs.persistenceTimeoutNanos() != 0) {
                ProxyLoop owner = siblings[ownerOf(remote, vs.persistencePrefix(), siblings.length)];
                if (owner != this) {
                    if (owner.offer((loop, t) -> loop.adopt(c, service, remote))) {
                        counters.increment(ProxyCounters.HANDED_OVER);
                        continue;
                    }
                }
            }
            adopt(c, service, remote);
        }
    }

    /**
     * Returns the loop that owns a client's persistence template: persistent services need every
     * connection of a client network in one table, whichever loop's socket the kernel chose.
     */
    static int ownerOf(InetSocketAddress client, int prefix, int loopCount) {
        int[] w = new int[4];
        AddressWords.fill(client.getAddress(), w);
        int h = 0x9E3779B1;
        for (int i = 0; i < 4; i++) {
            h = (h ^ (w[i] & IpAddress.wordMask(prefix - 32 * i))) * 0x85EBCA77;
            h ^= h >>> 15;
        }
        return Integer.remainderUnsigned(h, loopCount);
    }

    /** Starts relaying a connection accepted by this loop or handed over by another. */
    void adopt(SocketChannel c, ProxiedService service, InetSocketAddress remote) {
        openRelays++;
        TcpRelay relay;
        try {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            relay = new TcpRelay(this, service, c, remote);
        } catch (IOException | RuntimeException e) {
            counters.increment(ProxyCounters.SOCKET_ERRORS);
            closeQuietly(c);
            service.release();
            openRelays--;
            return;
        }
        try {
            relay.start(now);
        } catch (IOException | RuntimeException e) {
            counters.increment(ProxyCounters.SOCKET_ERRORS);
            relay.abort(now);
        }
    }

    /** Asks a scheduler how many payload bytes it needs; a failing scheduler needs none. */
    int payloadBytesNeeded(Scheduler scheduler) {
        try {
            return scheduler == null ? 0 : Math.max(0, scheduler.payloadBytesNeeded());
        } catch (RuntimeException e) {
            workerCounters.increment(WorkerCounters.SCHEDULER_ERRORS);
            return 0;
        }
    }

    /**
     * Asks the relay's scheduler whether the bytes peeked so far are enough to schedule; a failing
     * scheduler is counted and waits for all its bytes.
     *
     * @param relay a relay in the payload state, its peeked bytes in {@code [0, position)} of the
     *     pending buffer
     * @return true to schedule now
     */
    boolean payloadSufficient(TcpRelay relay) {
        Scheduler scheduler = relay.service.service().scheduler();
        if (scheduler == null) {
            return true;
        }
        ProxiedService s = relay.service;
        fillView(s, IpProtocol.TCP, relay.clientWords, relay.clientPort);
        PooledBuffer first = relay.upstream.pending;
        view.payload(first.segment, 0, first.buffer.position());
        try {
            return scheduler.payloadSufficient(view);
        } catch (RuntimeException e) {
            workerCounters.increment(WorkerCounters.SCHEDULER_ERRORS);
            return false;
        }
    }

    /** Schedules a relay's connection and inserts its entry; {@link ConnectionTable#MISSING} when refused. */
    int open(TcpRelay relay, long nowNanos) {
        ProxiedService s = relay.service;
        fillView(s, IpProtocol.TCP, relay.clientWords, relay.clientPort);
        PooledBuffer first = relay.upstream.pending;
        if (first != null) {
            view.payload(first.segment, first.buffer.position(), first.buffer.remaining());
        } else {
            view.noPayload();
        }
        return openFlow(s.service());
    }

    private void fillView(ProxiedService s, int protocol, int[] clientWords, int clientPort) {
        view.family = s.family;
        view.protocol = protocol;
        System.arraycopy(clientWords, 0, view.source, 0, 4);
        System.arraycopy(s.virtualWords, 0, view.destination, 0, 4);
        view.sourcePort = clientPort;
        view.destinationPort = s.virtualPort;
        key.set(s.family, protocol, clientWords[0], clientWords[1], clientWords[2], clientWords[3], clientPort,
                s.virtualWords[0], s.virtualWords[1], s.virtualWords[2], s.virtualWords[3], s.virtualPort);
    }

    /**
     * The proxy records its connections as DR: the table keeps the client-side (IN) key only, because
     * the destination side is a socket of the proxy's own, found through the relay, never by a tuple.
     */
    private int openFlow(VirtualService service) {
        if (service.scheduler() == null) {
            return ConnectionTable.MISSING;
        }
        return flows.open(service, view, key, ForwardingMethod.DR, now);
    }

    // ------------------------------------------------------------------------------------- UDP

    private void receive(ListeningSocket l) {
        DatagramChannel channel = l.udp();
        ByteBuffer b = datagram;
        for (int i = 0; i < DATAGRAMS_PER_EVENT; i++) {
            b.clear().position(HEADER_ROOM);
            SocketAddress from;
            try {
                from = channel.receive(b);
            } catch (IOException e) {
                counters.increment(ProxyCounters.SOCKET_ERRORS);
                return;
            }
            if (from == null) {
                return;
            }
            counters.increment(ProxyCounters.DATAGRAMS_IN);
            InetSocketAddress sender = (InetSocketAddress) from;
            if (sender != lastSender) {
                AddressWords.fill(sender.getAddress(), senderWords);
                lastSender = sender;
            }
            int payload = b.position() - HEADER_ROOM;
            ProxiedService s = l.service;
            fillView(s, IpProtocol.UDP, senderWords, sender.getPort());
            int e = table.lookupIn(key);
            UdpSession session = e == ConnectionTable.MISSING ? null
                    : owners[e] instanceof UdpSession u ? u : null;
            if (session == null) {
                session = openSession(l, sender, payload);
            }
            if (session == null) {
                counters.increment(ProxyCounters.DATAGRAMS_DROPPED);
                continue;
            }
            int start = HEADER_ROOM;
            ProxyProtocolVersion header = s.proxyProtocol();
            if (header != ProxyProtocolVersion.NONE) {
                ByteBuffer h = b.duplicate();
                int length = ProxyProtocolHeader.write(header, h.position(0), s.family, IpProtocol.UDP, senderWords,
                        sender.getPort(), s.virtualWords, s.virtualPort);
                // Move the header right in front of the payload.
                start = HEADER_ROOM - length;
                for (int k = length - 1; k >= 0; k--) {
                    b.put(start + k, h.get(k));
                }
            }
            b.limit(b.position()).position(start);
            session.toDestination(b, payload, now);
        }
    }

    private UdpSession openSession(ListeningSocket l, InetSocketAddress sender, int payload) {
        ProxiedService s = l.service;
        if (!s.tryOpen()) {
            counters.increment(ProxyCounters.LIMIT_REFUSED);
            return null;
        }
        view.payload(datagramSegment, HEADER_ROOM, payload);
        int e = openFlow(s.service());
        if (e == ConnectionTable.MISSING) {
            counters.increment(ProxyCounters.NOT_SCHEDULED);
            s.release();
            return null;
        }
        RealServer d = registry.get(table.destinationId(e));
        DatagramChannel backend = null;
        try {
            InetSocketAddress target = d.port() == 0
                    ? new InetSocketAddress(d.address().toInetAddress(), s.virtualPort) : d.socketAddress();
            backend = DatagramChannel.open(target.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            backend.configureBlocking(false);
            backend.connect(target);
            openSessions++;
            UdpSession session = new UdpSession(this, l, sender, backend, d, e);
            session.key = backend.register(selector, SelectionKey.OP_READ, session);
            owners[e] = session;
            counters.increment(ProxyCounters.SESSIONS);
            return session;
        } catch (IOException | RuntimeException ex) {
            counters.increment(ProxyCounters.SOCKET_ERRORS);
            if (backend != null) {
                closeQuietly(backend);
                openSessions--;
            }
            s.release();
            table.remove(e, EvictionReason.CLOSED, now);
            return null;
        }
    }

    // ------------------------------------------------------------------------------------- table

    /** The eviction sink: listeners first (scheduler, counters, plugins), then the sockets are closed. */
    private void evicted(ConnectionEntryView entry, EvictionReason reason, long nowNanos) {
        evictions.dispatch(entry, reason, nowNanos);
        int id = entry.entryId();
        Object owner = owners[id];
        if (owner != null) {
            owners[id] = null;
            if (owner instanceof TcpRelay r) {
                r.evicted();
            } else if (owner instanceof UdpSession s) {
                s.evicted();
            }
        }
    }

    void bind(int entry, Object owner) {
        owners[entry] = owner;
    }

    void unbind(int entry) {
        if (entry != ConnectionTable.MISSING) {
            owners[entry] = null;
        }
    }

    void relayClosed() {
        openRelays--;
    }

    void sessionClosed() {
        openSessions--;
    }

    // ------------------------------------------------------------------------------------- control

    /**
     * Queues a command and wakes the loop.
     *
     * @return {@code false} when the queue is full
     */
    boolean offer(LoopCommand command) {
        if (!commands.offer(command)) {
            return false;
        }
        selector.wakeup();
        return true;
    }

    /** Registers a listening socket bound by the control plane (loop thread). */
    void addListener(ListeningSocket l) {
        try {
            l.key = l.channel.register(selector, l.isTcp() ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ, l);
            listeners.add(l);
        } catch (IOException | RuntimeException e) {
            counters.increment(ProxyCounters.SOCKET_ERRORS);
            closeQuietly(l.channel);
        }
    }

    /**
     * Closes this loop's listening socket of a service (loop thread). A registered channel's socket is
     * released only when the selector deregisters its key, so the loop selects once more at once:
     * when the command has run, the port refuses connections.
     */
    void removeListener(ProxiedService service) {
        boolean closed = false;
        for (int i = listeners.size() - 1; i >= 0; i--) {
            ListeningSocket l = listeners.get(i);
            if (l.service == service) {
                listeners.remove(i);
                closeQuietly(l.channel);
                closed = true;
            }
        }
        if (closed) {
            try {
                selector.selectNow(onKey);
            } catch (IOException e) {
                counters.increment(ProxyCounters.SOCKET_ERRORS);
            }
        }
    }

    /** Closes every listening socket (loop thread). */
    void removeAllListeners() {
        for (ListeningSocket l : listeners) {
            closeQuietly(l.channel);
        }
        listeners.clear();
    }

    /** Stops the loop after its current cycle; what is still open is closed without notifications. */
    void stop() {
        running = false;
        selector.wakeup();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    int openRelays() {
        return openRelays;
    }

    int openSessions() {
        return openSessions;
    }

    private void closeEverything() {
        for (SelectionKey k : selector.keys()) {
            Object a = k.attachment();
            if (a instanceof TcpRelay r) {
                r.closeWithoutTable();
            } else if (a instanceof UdpSession s) {
                s.closeWithoutTable();
            }
            closeQuietly(k.channel());
        }
        listeners.clear();
        try {
            selector.close();
        } catch (IOException e) {
            // Nothing left to do.
        }
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException e) {
            // Nothing left to do with a socket that fails to close.
        }
    }
}
