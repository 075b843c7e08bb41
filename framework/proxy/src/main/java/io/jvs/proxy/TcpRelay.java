package io.jvs.proxy;

import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.conn.TcpState;
import io.jvs.engine.service.DestinationTraffic;
import io.jvs.engine.service.RealServer;
import io.jvs.spi.EvictionReason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One proxied TCP connection: the client's socket, the destination's socket, and its entry in the
 * event loop's connection table.
 *
 * <pre>
 *   PAYLOAD ──(first bytes, or end of stream)──> schedule ──> CONNECTING ──(connected)──> RELAYING
 *      │ payload timeout: closed, counted            │ refused / timed out:                 │ both sides ended: CLOSED
 *      v                                             │ entry removed (RESCHEDULED),         │ error on a side: CLOSED
 *   CLOSED                                           │ scheduled again up to the retries    │ entry expired/flushed
 *                                                    │ (skipping destinations that refused  │ by the table: closed
 *                                                    v this client), then the client is reset v
 * </pre>
 *
 * In PAYLOAD the relay peeks: it schedules once the scheduler's {@code payloadBytesNeeded} bytes
 * are there, or earlier, after any read, when the scheduler's {@code payloadSufficient} says the
 * bytes so far are enough (an HTTP classifier at the end of the request line), or at the client's
 * end of stream; the peeked bytes are then the first bytes relayed.
 *
 * <p>The table entry mirrors the relay: SYN_RECV while connecting, ESTABLISHED while relaying, FIN_WAIT
 * after the client's end of stream, CLOSE_WAIT after the destination's, TIME_WAIT after both while the
 * last bytes drain; every read restarts the state's idle timeout. When both directions have ended the
 * entry is removed with {@link EvictionReason#CLOSED}; when the table removes it first (idle timeout:
 * {@link EvictionReason#EXPIRED}, a flush, a removed destination, ...) the loop's eviction sink closes
 * the sockets.
 *
 * <p>Each direction ({@link Pipe}) reads into the loop's shared buffer and writes it on at once; only
 * what the receiver does not take is copied into a pooled buffer, and the direction stops reading
 * until that buffer is drained (backpressure: the kernel's windows then slow the sender). An end of
 * stream is passed on as a half-close ({@code shutdownOutput}) once the pending bytes are written.
 *
 * <p>Loop thread only.
 */
final class TcpRelay {

    static final int PAYLOAD = 0;
    static final int CONNECTING = 1;
    static final int RELAYING = 2;
    static final int CLOSED = 3;

    final ProxyLoop loop;
    final ProxiedService service;
    final SocketChannel client;
    SelectionKey clientKey;
    SocketChannel backend;
    SelectionKey backendKey;
    final int[] clientWords = new int[4];
    final int clientPort;

    int state;
    long deadline;
    int entry = ConnectionTable.MISSING;
    RealServer destination;
    private int attempts;
    private int payloadWanted;
    /** Destinations that refused this client, skipped when the scheduler offers them again. */
    private int[] failedDestinations;
    private int failedCount;

    /** Client to destination. */
    final Pipe upstream = new Pipe(true);
    /** Destination to client. */
    final Pipe downstream = new Pipe(false);

    TcpRelay(ProxyLoop loop, ProxiedService service, SocketChannel client, InetSocketAddress remote) {
        this.loop = loop;
        this.service = service;
        this.client = client;
        AddressWords.fill(remote.getAddress(), clientWords);
        this.clientPort = remote.getPort();
    }

    /** Starts the relay of a just accepted connection. */
    void start(long now) throws IOException {
        int needed = loop.payloadBytesNeeded(service.service().scheduler());
        if (needed > 0) {
            payloadWanted = Math.min(needed, loop.bufferBytes);
            upstream.pending = loop.pool.take();
            upstream.pending.buffer.limit(payloadWanted);
            clientKey = client.register(loop.selector, SelectionKey.OP_READ, this);
            state = PAYLOAD;
            deadline = now + loop.payloadTimeoutNanos;
            loop.payloadWaits.add(this, deadline);
            return;
        }
        clientKey = client.register(loop.selector, 0, this);
        schedule(now);
    }

    /** Handles readiness of one of the relay's sockets. */
    void onReady(SelectionKey key, long now) {
        if (state == CLOSED || !key.isValid()) {
            return;
        }
        int ops = key.readyOps();
        switch (state) {
            case PAYLOAD -> readPayload(now);
            case CONNECTING -> {
                if (key == backendKey && (ops & SelectionKey.OP_CONNECT) != 0) {
                    finishConnect(now);
                }
            }
            default -> {
                boolean fromClient = key == clientKey;
                Pipe writing = fromClient ? downstream : upstream;
                Pipe reading = fromClient ? upstream : downstream;
                if ((ops & SelectionKey.OP_WRITE) != 0 && writing.pending != null) {
                    writing.flush(now);
                }
                if (state == RELAYING && (ops & SelectionKey.OP_READ) != 0 && reading.isReading()) {
                    reading.transfer(now);
                }
                if (state == RELAYING) {
                    updateInterest();
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------- payload

    private void readPayload(long now) {
        ByteBuffer b = upstream.pending.buffer;
        int n;
        try {
            n = client.read(b);
        } catch (IOException e) {
            abort(now);
            return;
        }
        if (n < 0) {
            upstream.eof = true;
            loop.counters.increment(ProxyCounters.PAYLOAD_SHORT);
        } else if (b.position() < payloadWanted) {
            if (n == 0 || !loop.payloadSufficient(this)) {
                return;
            }
            loop.counters.increment(ProxyCounters.PAYLOAD_EARLY);
        }
        deadline = 0;
        b.flip();
        clientKey.interestOps(0);
        schedule(now);
    }

    /** The client did not send the bytes the scheduler needs in time. */
    void payloadTimedOut(long now) {
        loop.counters.increment(ProxyCounters.PAYLOAD_TIMEOUTS);
        abort(now);
    }

    // ------------------------------------------------------------------------------------- connect

    private void schedule(long now) {
        int e = loop.open(this, now);
        int skips = 0;
        while (e != ConnectionTable.MISSING && hasFailedOn(loop.table.destinationId(e))
                && skips < service.service().destinations().size()) {
            // The scheduler chose a destination that already refused this client: ask it again.
            loop.counters.increment(ProxyCounters.RETRY_SKIPS);
            dropAttempt(e, now);
            e = loop.open(this, now);
            skips++;
        }
        if (e == ConnectionTable.MISSING) {
            loop.counters.increment(ProxyCounters.NOT_SCHEDULED);
            abort(now);
            return;
        }
        entry = e;
        loop.bind(e, this);
        destination = loop.registry.get(loop.table.destinationId(e));
        loop.table.setTcpState(e, TcpState.SYN_RECV, now);
        connect(now);
    }

    private void connect(long now) {
        state = CONNECTING;
        try {
            InetSocketAddress target = destination.port() == 0
                    ? new InetSocketAddress(destination.address().toInetAddress(), service.virtualPort)
                    : destination.socketAddress();
            backend = SocketChannel.open(target.getAddress() instanceof java.net.Inet6Address
                    ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
            backend.configureBlocking(false);
            backend.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = backend.connect(target);
            backendKey = backend.register(loop.selector, connected ? 0 : SelectionKey.OP_CONNECT, this);
            if (connected) {
                connected(now);
            } else {
                deadline = now + loop.connectTimeoutNanos;
                loop.connectWaits.add(this, deadline);
            }
        } catch (IOException | RuntimeException e) {
            connectFailed(now, false);
        }
    }

    private void finishConnect(long now) {
        try {
            if (!backend.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            connectFailed(now, false);
            return;
        }
        connected(now);
    }

    /** The connection attempt took longer than the connect timeout. */
    void connectTimedOut(long now) {
        connectFailed(now, true);
    }

    private void connectFailed(long now, boolean timedOut) {
        deadline = 0;
        loop.counters.increment(ProxyCounters.CONNECT_FAILURES);
        if (timedOut) {
            loop.counters.increment(ProxyCounters.CONNECT_TIMEOUTS);
        }
        closeQuietly(backend);
        backend = null;
        backendKey = null;
        int failed = entry;
        entry = ConnectionTable.MISSING;
        rememberFailure(destination.id());
        destination = null;
        loop.unbind(failed);
        dropAttempt(failed, now);
        if (++attempts > loop.connectRetries) {
            loop.counters.increment(ProxyCounters.CONNECT_GIVE_UPS);
            abort(now);
            return;
        }
        loop.counters.increment(ProxyCounters.CONNECT_RETRIES);
        schedule(now);
    }

    /**
     * Removes an attempt's entry ({@link EvictionReason#RESCHEDULED}: the client is scheduled afresh),
     * and the persistence template that chose its destination, so that the next choice is free.
     */
    private void dropAttempt(int e, long now) {
        ConnectionTable table = loop.table;
        int template = table.controllingTemplate(e);
        table.remove(e, EvictionReason.RESCHEDULED, now);
        if (template != ConnectionTable.MISSING && table.isLive(template) && table.isTemplate(template)) {
            table.remove(template, EvictionReason.RESCHEDULED, now);
        }
    }

    private void rememberFailure(int destId) {
        if (failedDestinations == null) {
            failedDestinations = new int[loop.connectRetries + 1];
        }
        if (failedCount < failedDestinations.length) {
            failedDestinations[failedCount++] = destId;
        }
    }

    private boolean hasFailedOn(int destId) {
        for (int i = 0; i < failedCount; i++) {
            if (failedDestinations[i] == destId) {
                return true;
            }
        }
        return false;
    }

    private void connected(long now) {
        state = RELAYING;
        deadline = 0;
        loop.table.setTcpState(entry, TcpState.ESTABLISHED, now);
        ProxyProtocolVersion header = service.proxyProtocol();
        if (header != ProxyProtocolVersion.NONE) {
            PooledBuffer b = loop.pool.take();
            ProxyProtocolHeader.write(header, b.buffer, service.family, service.protocol, clientWords, clientPort,
                    service.virtualWords, service.virtualPort);
            if (upstream.pending != null) {
                b.buffer.put(upstream.pending.buffer);
                loop.pool.give(upstream.pending);
            }
            b.buffer.flip();
            upstream.pending = b;
        }
        if (upstream.pending != null && !upstream.pending.buffer.hasRemaining()) {
            loop.pool.give(upstream.pending);
            upstream.pending = null;
        }
        if (upstream.pending != null) {
            upstream.flush(now);
        } else if (upstream.eof) {
            upstream.shut(now);
        }
        if (state == RELAYING) {
            updateInterest();
        }
    }

    // ------------------------------------------------------------------------------------- relay

    private void updateInterest() {
        int c = (upstream.isReading() ? SelectionKey.OP_READ : 0)
                | (downstream.pending != null ? SelectionKey.OP_WRITE : 0);
        int b = (downstream.isReading() ? SelectionKey.OP_READ : 0)
                | (upstream.pending != null ? SelectionKey.OP_WRITE : 0);
        if (clientKey.interestOps() != c) {
            clientKey.interestOps(c);
        }
        if (backendKey.interestOps() != b) {
            backendKey.interestOps(b);
        }
    }

    /** Both directions have ended: close both sockets and remove the entry. */
    private void finish(long now) {
        loop.counters.increment(ProxyCounters.CLOSED_NORMALLY);
        release();
        removeEntry(EvictionReason.CLOSED, now);
    }

    /** Ends the relay after an error or a refusal: both sockets are reset. */
    void abort(long now) {
        if (state == CLOSED) {
            return;
        }
        if (state == RELAYING) {
            loop.counters.increment(ProxyCounters.CLOSED_BY_ERROR);
        }
        resetQuietly(client);
        resetQuietly(backend);
        release();
        removeEntry(EvictionReason.CLOSED, now);
    }

    /** The table removed the entry (expiry, flush, ...): close the sockets, leave the table alone. */
    void evicted() {
        if (state == CLOSED) {
            return;
        }
        entry = ConnectionTable.MISSING;
        loop.counters.increment(ProxyCounters.CLOSED_BY_TABLE);
        release();
    }

    /** Closes whatever is left, without touching the table (loop shutdown). */
    void closeWithoutTable() {
        if (state != CLOSED) {
            release();
        }
    }

    private void removeEntry(EvictionReason reason, long now) {
        if (entry != ConnectionTable.MISSING) {
            int e = entry;
            entry = ConnectionTable.MISSING;
            loop.unbind(e);
            loop.table.remove(e, reason, now);
        }
    }

    private void release() {
        state = CLOSED;
        deadline = 0;
        closeQuietly(client);
        closeQuietly(backend);
        loop.pool.give(upstream.pending);
        loop.pool.give(downstream.pending);
        upstream.pending = null;
        downstream.pending = null;
        service.release();
        loop.relayClosed();
    }

    private static void closeQuietly(SocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // Nothing left to do with a socket that fails to close.
            }
        }
    }

    private static void resetQuietly(SocketChannel c) {
        if (c != null && c.isOpen()) {
            try {
                c.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                // Not connected: a plain close is all there is.
            }
        }
    }

    /** One direction of the relay. */
    final class Pipe {
        private final boolean toDestination;
        PooledBuffer pending;
        boolean eof;
        boolean shut;

        Pipe(boolean toDestination) {
            this.toDestination = toDestination;
        }

        private SocketChannel from() {
            return toDestination ? client : backend;
        }

        private SocketChannel to() {
            return toDestination ? backend : client;
        }

        boolean isReading() {
            return !eof && pending == null;
        }

        /** Reads what the sender has and writes it to the receiver; keeps what the receiver refuses. */
        void transfer(long now) {
            ByteBuffer scratch = loop.scratch;
            scratch.clear();
            int n;
            try {
                n = from().read(scratch);
            } catch (IOException e) {
                abort(now);
                return;
            }
            if (n > 0) {
                scratch.flip();
                try {
                    to().write(scratch);
                } catch (IOException e) {
                    abort(now);
                    return;
                }
                if (scratch.hasRemaining()) {
                    pending = loop.pool.take();
                    pending.buffer.put(scratch).flip();
                    loop.counters.increment(ProxyCounters.BACKPRESSURE);
                }
                count(n);
                loop.table.touch(entry, now);
            } else if (n < 0) {
                eof = true;
                loop.table.setTcpState(entry, other().eof ? TcpState.TIME_WAIT
                        : toDestination ? TcpState.FIN_WAIT : TcpState.CLOSE_WAIT, now);
                if (pending == null) {
                    shut(now);
                }
            }
        }

        /** Writes pending bytes; once drained, reading resumes (or the end of stream is passed on). */
        void flush(long now) {
            try {
                to().write(pending.buffer);
            } catch (IOException e) {
                abort(now);
                return;
            }
            if (!pending.buffer.hasRemaining()) {
                loop.pool.give(pending);
                pending = null;
                if (eof) {
                    shut(now);
                }
            }
        }

        /** Passes the end of stream on; when both directions are shut, the relay is finished. */
        void shut(long now) {
            if (shut) {
                return;
            }
            shut = true;
            try {
                to().shutdownOutput();
            } catch (IOException e) {
                abort(now);
                return;
            }
            if (other().shut) {
                finish(now);
            }
        }

        private Pipe other() {
            return toDestination ? downstream : upstream;
        }

        private void count(int n) {
            if (toDestination) {
                loop.counters.add(ProxyCounters.BYTES_TO_DESTINATIONS, n);
                destination.traffic().add(loop.trafficIndex, DestinationTraffic.BYTES_IN, n);
            } else {
                loop.counters.add(ProxyCounters.BYTES_TO_CLIENTS, n);
                destination.traffic().add(loop.trafficIndex, DestinationTraffic.BYTES_OUT, n);
            }
        }
    }
}
