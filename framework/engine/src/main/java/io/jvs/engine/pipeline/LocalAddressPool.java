package io.jvs.engine.pipeline;

import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.conn.FlowKey;
import io.jvs.engine.service.IpAddress;
import io.jvs.spi.AddressFamily;
import java.util.List;

/**
 * One worker's share of the FULLNAT local addresses and ports (DPVS's {@code laddr} pool): each
 * worker owns a disjoint slice of the local port range on every local address, so that a reply,
 * addressed to a local port, can be steered to the worker that owns its connection
 * ({@link io.jvs.engine.worker.FlowSteering#byLocalPort}).
 *
 * <p>Allocation walks the worker's (address, port) pairs round-robin and takes the first pair that no
 * connection to the same destination uses, trying at most {@value #MAX_TRIES} pairs. Worker thread
 * only; allocation-free.
 */
public final class LocalAddressPool {

    /** Pairs tried per allocation before giving up. */
    public static final int MAX_TRIES = 64;

    private final int[][] addresses4;
    private final int[][] addresses6;
    private final int firstPort;
    private final int portCount;
    private int cursor4 = -1;
    private int cursor6 = -1;
    private long exhausted;

    /**
     * Creates a worker's pool.
     *
     * @param settings the engine's forwarding settings
     * @param worker this worker's index
     * @param workers number of workers
     */
    public LocalAddressPool(ForwardingSettings settings, int worker, int workers) {
        List<IpAddress> v4 = settings.localAddresses().stream().filter(a -> a.family() == AddressFamily.IPV4).toList();
        List<IpAddress> v6 = settings.localAddresses().stream().filter(a -> a.family() == AddressFamily.IPV6).toList();
        this.addresses4 = toWords(v4);
        this.addresses6 = toWords(v6);
        int range = settings.localPortLast() - settings.localPortFirst() + 1;
        this.portCount = Math.max(1, range / workers);
        this.firstPort = settings.localPortFirst() + worker * portCount;
    }

    /**
     * Returns the first port of a worker's slice, for steering.
     *
     * @return the port
     */
    public int firstPort() {
        return firstPort;
    }

    /**
     * Returns the number of ports in each worker's slice.
     *
     * @return the count
     */
    public int portsPerWorker() {
        return portCount;
    }

    /**
     * Picks a free local address and port for a connection to a destination, and writes the address
     * into {@code out[0..3]} and the port into {@code out[4]}.
     *
     * @param table the worker's connection table, to check that no reply key collides
     * @param probe a scratch key
     * @param family the destination's family
     * @param protocol the connection's protocol
     * @param destination the destination's address words
     * @param destinationPort the destination's port
     * @param out receives the local address words and port
     * @return {@code false} when no local address of the family is configured or every tried pair is
     *     taken (counted)
     */
    public boolean allocate(ConnectionTable table, FlowKey probe, int family, int protocol, int[] destination,
            int destinationPort, int[] out) {
        int[][] addresses = family == AddressFamily.IPV6 ? addresses6 : addresses4;
        int pairs = addresses.length * portCount;
        if (pairs == 0) {
            exhausted++;
            return false;
        }
        int cursor = family == AddressFamily.IPV6 ? cursor6 : cursor4;
        for (int attempt = 0; attempt < MAX_TRIES && attempt < pairs; attempt++) {
            cursor = cursor + 1 >= pairs ? 0 : cursor + 1;
            int[] a = addresses[cursor % addresses.length];
            int port = firstPort + cursor / addresses.length;
            probe.set(family, protocol, destination[0], destination[1], destination[2], destination[3], destinationPort,
                    a[0], a[1], a[2], a[3], port);
            if (table.lookupOut(probe) == ConnectionTable.MISSING) {
                out[0] = a[0];
                out[1] = a[1];
                out[2] = a[2];
                out[3] = a[3];
                out[4] = port;
                if (family == AddressFamily.IPV6) {
                    cursor6 = cursor;
                } else {
                    cursor4 = cursor;
                }
                return true;
            }
        }
        exhausted++;
        return false;
    }

    /**
     * Tells whether an address is one of the local addresses.
     *
     * @param family the family
     * @param w0 word 0
     * @param w1 word 1
     * @param w2 word 2
     * @param w3 word 3
     * @return {@code true} for a local address
     */
    public boolean isLocal(int family, int w0, int w1, int w2, int w3) {
        int[][] addresses = family == AddressFamily.IPV6 ? addresses6 : addresses4;
        for (int[] a : addresses) {
            if (a[0] == w0 && a[1] == w1 && a[2] == w2 && a[3] == w3) {
                return true;
            }
        }
        return false;
    }

    /** Returns how many allocations failed. @return the count */
    public long exhaustedCount() {
        return exhausted;
    }

    private static int[][] toWords(List<IpAddress> list) {
        int[][] out = new int[list.size()][];
        for (int i = 0; i < out.length; i++) {
            IpAddress a = list.get(i);
            out[i] = new int[] {a.w0(), a.w1(), a.w2(), a.w3()};
        }
        return out;
    }
}
