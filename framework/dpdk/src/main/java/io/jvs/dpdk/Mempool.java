package io.jvs.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A pool of packet buffers ({@code rte_pktmbuf_pool_create}): fixed-size mbufs with
 * {@value Mbuf#HEADROOM} bytes of headroom, shared by the queues of a port, with a cache per lcore.
 *
 * <p>On creation one mbuf is allocated and its fields are compared with what
 * {@code rte_pktmbuf_init} must have written (pool, buffer address and length, headroom, segment
 * count, reference count); a difference means the {@link Mbuf} layout does not match the library,
 * and the pool is refused.
 *
 * <p><b>Thread-safety:</b> counts and {@link #allocateCopy} may be called from any thread.
 */
public final class Mempool implements AutoCloseable {

    /** 8191 mbufs (2^13 − 1, the ring's best size): RX/TX descriptors and bursts of a few queues. */
    public static final int DEFAULT_MBUFS = 8191;
    /** 256 mbufs cached per lcore: amortises the shared ring over several bursts of 32. */
    public static final int DEFAULT_CACHE_SIZE = 256;
    /** {@code RTE_MBUF_DEFAULT_BUF_SIZE}: 2048 data bytes (a 1518-byte frame fits) plus the headroom. */
    public static final int DEFAULT_DATA_ROOM = 2048 + Mbuf.HEADROOM;
    /** {@code SOCKET_ID_ANY}. */
    public static final int SOCKET_ANY = -1;

    private final Eal eal;
    private final String name;
    private final MemorySegment pool;
    private final int size;
    private final int dataRoom;
    private boolean closed;

    private Mempool(Eal eal, String name, MemorySegment pool, int size, int dataRoom) {
        this.eal = eal;
        this.name = name;
        this.pool = pool;
        this.size = size;
        this.dataRoom = dataRoom;
    }

    /**
     * Creates a pool.
     *
     * @param eal the initialised EAL
     * @param name a name unique in the process, at most 24 characters
     * @param mbufs how many mbufs
     * @param cacheSize mbufs cached per lcore (at most 512, and at most mbufs / 1.5)
     * @param dataRoom bytes of each buffer including the headroom
     * @return the pool
     * @throws DpdkException when DPDK refuses it or the mbuf layout does not match
     */
    public static Mempool create(Eal eal, String name, int mbufs, int cacheSize, int dataRoom) {
        if (name.isEmpty() || name.length() > 24) {
            throw new IllegalArgumentException("mempool name '" + name + "' must have 1..24 characters");
        }
        if (dataRoom <= Mbuf.HEADROOM || dataRoom > 0xFFFF) {
            throw new IllegalArgumentException("data room " + dataRoom + " must exceed the headroom and fit 16 bits");
        }
        eal.checkOpen();
        RteFunctions rte = eal.rte();
        MemorySegment pool;
        try (Arena arena = Arena.ofConfined()) {
            synchronized (eal) {
                pool = rte.pktmbufPoolCreate(arena.allocateFrom(name), mbufs, cacheSize, 0, dataRoom, SOCKET_ANY);
            }
            if (pool.address() == 0) {
                int errno = rte.lastErrno();
                throw new DpdkException("rte_pktmbuf_pool_create(" + name + ", " + mbufs + " mbufs, cache " + cacheSize
                        + ", data room " + dataRoom + ") failed: " + rte.strerror(errno) + " (rte_errno " + errno + ")");
            }
        }
        Mempool created = new Mempool(eal, name, pool, mbufs, dataRoom);
        try {
            created.checkLayout();
        } catch (RuntimeException e) {
            created.close();
            throw e;
        }
        return created;
    }

    /**
     * Creates a pool with the defaults ({@value #DEFAULT_MBUFS} mbufs, cache {@value #DEFAULT_CACHE_SIZE},
     * {@value #DEFAULT_DATA_ROOM}-byte buffers).
     *
     * @param eal the initialised EAL
     * @param name a unique name
     * @return the pool
     */
    public static Mempool create(Eal eal, String name) {
        return create(eal, name, DEFAULT_MBUFS, DEFAULT_CACHE_SIZE, DEFAULT_DATA_ROOM);
    }

    private void checkLayout() {
        byte[] probe = new byte[60];
        for (int i = 0; i < probe.length; i++) {
            probe[i] = (byte) (i * 7 + 1);
        }
        long m = allocateCopy(MemorySegment.ofArray(probe), 0, probe.length);
        if (m == 0) {
            throw new DpdkException("mempool " + name + " is empty right after creation");
        }
        try {
            StringBuilder problems = new StringBuilder();
            expect(problems, "pool", Mbuf.pool(m), pool.address());
            expect(problems, "buf_len", Mbuf.bufLen(m), dataRoom);
            expect(problems, "buf_addr", Mbuf.bufAddr(m), m + Mbuf.SIZE + Mbuf.privSize(m));
            expect(problems, "data_off", Mbuf.dataOff(m), Mbuf.HEADROOM);
            expect(problems, "nb_segs", Mbuf.nbSegs(m), 1);
            expect(problems, "refcnt", Mbuf.refcnt(m), 1);
            expect(problems, "data_len", Mbuf.dataLen(m), probe.length);
            expect(problems, "pkt_len", Mbuf.pktLen(m), probe.length);
            expect(problems, "next", Mbuf.next(m), 0);
            long data = Mbuf.dataAddress(m);
            if (problems.isEmpty() && MemorySegment.mismatch(MemorySegment.ofArray(probe), 0, probe.length,
                    Mbuf.ADDRESS_SPACE, data, data + probe.length) != -1) {
                problems.append(" data");
            }
            if (!problems.isEmpty()) {
                throw new DpdkException("struct rte_mbuf layout of " + eal.version() + " does not match jvs-dpdk's "
                        + "(DPDK " + DpdkLibrary.SUPPORTED_RELEASE + "): unexpected" + problems);
            }
        } finally {
            free(m);
        }
    }

    private static void expect(StringBuilder problems, String field, long actual, long expected) {
        if (actual != expected) {
            problems.append(' ').append(field).append('=').append(actual).append(" (expected ").append(expected)
                    .append(')');
        }
    }

    /** Returns the pool's name. @return the name */
    public String name() {
        return name;
    }

    /** Returns the address of the {@code struct rte_mempool}. @return the address */
    public long address() {
        return pool.address();
    }

    MemorySegment handle() {
        return pool;
    }

    /** Returns how many mbufs the pool has. @return the size */
    public int size() {
        return size;
    }

    /** Returns the bytes of each buffer, headroom included. @return the data room */
    public int dataRoom() {
        return dataRoom;
    }

    /**
     * Counts the free mbufs, in the pool and in the lcore caches ({@code rte_mempool_avail_count}).
     *
     * @return free mbufs
     */
    public int availableCount() {
        return eal.rte().mempoolAvailCount(pool);
    }

    /**
     * Counts the mbufs in use: held by a PMD, a ring or the application ({@code rte_mempool_in_use_count}).
     *
     * @return mbufs in use
     */
    public int inUseCount() {
        return eal.rte().mempoolInUseCount(pool);
    }

    /**
     * Allocates an mbuf holding a copy of the given bytes at the usual headroom. Slow path (tests,
     * injection): {@code rte_pktmbuf_alloc} is static inline, so this copies from a staging mbuf with
     * the exported {@code rte_pktmbuf_copy}.
     *
     * @param source the bytes' memory
     * @param offset the first byte
     * @param length bytes, 1..65535; more than {@code dataRoom() - headroom} makes a chain of segments
     * @return the mbuf's address, 0 when the pool has too few mbufs
     */
    public long allocateCopy(MemorySegment source, long offset, int length) {
        if (length <= 0 || length > 0xFFFF) {
            throw new IllegalArgumentException("length " + length + " out of 1..65535");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment staging = arena.allocate(Mbuf.SIZE + length, 64);
            long m = staging.address();
            MemorySegment.copy(source, offset, staging, Mbuf.SIZE, length);
            Mbuf.ADDRESS_SPACE.set(ValueLayout.JAVA_LONG, m + Mbuf.BUF_ADDR_OFFSET, m + Mbuf.SIZE);
            Mbuf.setData(m, 0, length);
            Mbuf.ADDRESS_SPACE.set(ValueLayout.JAVA_SHORT, m + Mbuf.REFCNT_OFFSET, (short) 1);
            Mbuf.ADDRESS_SPACE.set(ValueLayout.JAVA_SHORT, m + Mbuf.NB_SEGS_OFFSET, (short) 1);
            Mbuf.ADDRESS_SPACE.set(ValueLayout.JAVA_SHORT, m + Mbuf.PORT_OFFSET, (short) Mbuf.PORT_INVALID);
            Mbuf.ADDRESS_SPACE.set(ValueLayout.JAVA_SHORT, m + Mbuf.BUF_LEN_OFFSET, (short) length);
            return eal.rte().pktmbufCopy(staging, pool, 0, length).address();
        }
    }

    /**
     * Returns one mbuf (and its chained segments) to its pool. Slow path.
     *
     * @param mbuf the mbuf's address
     */
    public void free(long mbuf) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, mbuf);
            FastPath.freeBulk(one, 1);
        }
    }

    /** Frees the pool ({@code rte_mempool_free}); every mbuf must have been returned. */
    @Override
    public void close() {
        synchronized (eal) {
            if (!closed) {
                closed = true;
                eal.rte().mempoolFree(pool);
            }
        }
    }
}
