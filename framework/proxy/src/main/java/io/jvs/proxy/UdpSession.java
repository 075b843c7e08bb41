package io.jvs.proxy;

import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.conn.FlowDirection;
import io.jvs.engine.service.DestinationTraffic;
import io.jvs.engine.service.RealServer;
import io.jvs.spi.EvictionReason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

/**
 * One proxied UDP session: a client address on one listening socket, a socket connected to the
 * chosen destination, and an entry in the event loop's connection table keyed by the client's tuple.
 * Datagrams from the client find the session through the table ({@code lookupIn}); every datagram,
 * either way, is reported to the table ({@code packet}), which restarts the UDP idle timeout. When
 * the timeout passes the table removes the entry ({@link EvictionReason#EXPIRED}) and the loop's
 * eviction sink closes the destination socket. Replies leave through the listening socket, so that
 * the client sees them come from the virtual address.
 *
 * <p>Loop thread only.
 */
final class UdpSession {

    final ProxyLoop loop;
    final ListeningSocket listener;
    final InetSocketAddress client;
    final DatagramChannel backend;
    final RealServer destination;
    SelectionKey key;
    int entry;
    boolean closed;

    UdpSession(ProxyLoop loop, ListeningSocket listener, InetSocketAddress client, DatagramChannel backend,
            RealServer destination, int entry) {
        this.loop = loop;
        this.listener = listener;
        this.client = client;
        this.backend = backend;
        this.destination = destination;
        this.entry = entry;
    }

    /** Sends one client datagram (already framed in {@code datagram}) to the destination. */
    void toDestination(ByteBuffer datagram, int payloadBytes, long now) {
        loop.table.packet(entry, FlowDirection.INPUT, 0, now);
        try {
            if (backend.write(datagram) == 0) {
                loop.counters.increment(ProxyCounters.DATAGRAMS_DROPPED);
                return;
            }
        } catch (IOException e) {
            loop.counters.increment(ProxyCounters.DATAGRAMS_DROPPED);
            fail(now);
            return;
        }
        loop.counters.add(ProxyCounters.BYTES_TO_DESTINATIONS, payloadBytes);
        destination.traffic().countPacket(loop.trafficIndex, true, payloadBytes);
    }

    /** Relays the destination's datagrams to the client, a bounded number per call. */
    void onReadable(long now) {
        ByteBuffer b = loop.datagram;
        for (int i = 0; i < ProxyLoop.DATAGRAMS_PER_EVENT && !closed; i++) {
            b.clear();
            int n;
            try {
                n = backend.read(b);
            } catch (IOException e) {
                // ICMP port unreachable from the destination, or the socket is gone.
                fail(now);
                return;
            }
            if (n <= 0) {
                return;
            }
            b.flip();
            loop.table.packet(entry, FlowDirection.OUTPUT, 0, now);
            try {
                if (listener.udp().send(b, client) == 0) {
                    loop.counters.increment(ProxyCounters.DATAGRAMS_DROPPED);
                    continue;
                }
            } catch (IOException e) {
                loop.counters.increment(ProxyCounters.DATAGRAMS_DROPPED);
                fail(now);
                return;
            }
            loop.counters.increment(ProxyCounters.DATAGRAMS_OUT);
            loop.counters.add(ProxyCounters.BYTES_TO_CLIENTS, n);
            destination.traffic().countPacket(loop.trafficIndex, false, n);
        }
    }

    /** The destination cannot be reached: the session ends at once. */
    private void fail(long now) {
        if (closed) {
            return;
        }
        release();
        int e = entry;
        entry = ConnectionTable.MISSING;
        loop.unbind(e);
        loop.table.remove(e, EvictionReason.CLOSED, now);
    }

    /** The table removed the entry: close the destination socket, leave the table alone. */
    void evicted() {
        if (!closed) {
            entry = ConnectionTable.MISSING;
            release();
        }
    }

    /** Closes the socket without touching the table (loop shutdown). */
    void closeWithoutTable() {
        if (!closed) {
            release();
        }
    }

    private void release() {
        closed = true;
        try {
            backend.close();
        } catch (IOException e) {
            // Nothing left to do with a socket that fails to close.
        }
        listener.service.release();
        loop.sessionClosed();
    }
}
