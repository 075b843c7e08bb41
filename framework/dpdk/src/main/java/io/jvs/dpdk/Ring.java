package io.jvs.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A DPDK ring ({@code rte_ring_create}): a lock-free FIFO of pointers, here the wire between two
 * {@code net_ring} ports (see {@link EthPort#fromRings}).
 */
public final class Ring implements AutoCloseable {

    /** Multi-producer, multi-consumer (any thread may enqueue or dequeue). */
    public static final int MULTI = 0;

    private final Eal eal;
    private final String name;
    private final MemorySegment ring;
    private final int capacity;
    private boolean closed;

    private Ring(Eal eal, String name, MemorySegment ring, int capacity) {
        this.eal = eal;
        this.name = name;
        this.ring = ring;
        this.capacity = capacity;
    }

    /**
     * Creates a ring.
     *
     * @param eal the initialised EAL
     * @param name a name unique in the process, at most 26 characters
     * @param size slots, a power of two; the ring holds {@code size - 1} pointers
     * @return the ring
     * @throws DpdkException when DPDK refuses it
     */
    public static Ring create(Eal eal, String name, int size) {
        if (Integer.bitCount(size) != 1 || size < 2) {
            throw new IllegalArgumentException("ring size " + size + " must be a power of two >= 2");
        }
        eal.checkOpen();
        RteFunctions rte = eal.rte();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r;
            synchronized (eal) {
                r = rte.ringCreate(arena.allocateFrom(name), size, Mempool.SOCKET_ANY, MULTI);
            }
            if (r.address() == 0) {
                int errno = rte.lastErrno();
                throw new DpdkException("rte_ring_create(" + name + ", " + size + ") failed: " + rte.strerror(errno));
            }
            return new Ring(eal, name, r, size - 1);
        }
    }

    /** Returns the ring's name. @return the name */
    public String name() {
        return name;
    }

    /** Returns how many pointers the ring holds at most. @return the capacity */
    public int capacity() {
        return capacity;
    }

    MemorySegment handle() {
        return ring;
    }

    /** Frees the ring ({@code rte_ring_free}); mbufs still in it are not freed. */
    @Override
    public void close() {
        synchronized (eal) {
            if (!closed) {
                closed = true;
                eal.rte().ringFree(ring);
            }
        }
    }
}
