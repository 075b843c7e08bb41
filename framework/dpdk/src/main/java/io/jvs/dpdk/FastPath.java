package io.jvs.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The downcalls of the burst path, as constants the JIT can inline: a PMD's burst function called
 * through its pointer, and {@code rte_pktmbuf_free_bulk}.
 *
 * <p>They are <em>critical</em> downcalls ({@link Linker.Option#critical}): no thread-state
 * transition, which is most of an FFM call's cost. That is safe because burst functions and the
 * mempool never call back into Java and return within microseconds; a garbage collection waits for
 * them like for any Java code.
 */
final class FastPath {

    /** {@code uint16_t burst(void *queue, struct rte_mbuf **pkts, uint16_t n)} at a given address. */
    private static final MethodHandle BURST = Linker.nativeLinker().downcallHandle(
            FunctionDescriptor.of(JAVA_SHORT, ADDRESS, ADDRESS, JAVA_SHORT), Linker.Option.critical(false));
    /** {@code void rte_pktmbuf_free_bulk(struct rte_mbuf **mbufs, unsigned int count)}. */
    private static final MethodHandle FREE_BULK = RteFunctions.get().library().function("rte_pktmbuf_free_bulk",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT), Linker.Option.critical(false));

    /**
     * {@code struct rte_mbuf *rte_pktmbuf_copy(const struct rte_mbuf *m, struct rte_mempool *mp,
     * uint32_t offset, uint32_t length)}, pointers passed and returned as 64-bit integers so that a
     * call allocates no segment.
     */
    private static final MethodHandle COPY = RteFunctions.get().library().function("rte_pktmbuf_copy",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT), Linker.Option.critical(false));

    private FastPath() {
    }

    /**
     * Calls a PMD's RX or TX burst function.
     *
     * @param function the function's address
     * @param queue the PMD's queue data
     * @param mbufs array of mbuf pointers
     * @param count pointers to fill or send, at most 65535
     * @return mbufs received or sent
     */
    static int burst(MemorySegment function, MemorySegment queue, MemorySegment mbufs, int count) {
        try {
            return (short) BURST.invokeExact(function, queue, mbufs, (short) count) & 0xFFFF;
        } catch (Throwable t) {
            throw new IllegalStateException("burst downcall failed", t);
        }
    }

    /**
     * Copies a packet into a new mbuf of a pool: the only exported way to take an mbuf from a pool
     * ({@code rte_pktmbuf_alloc} is static inline). The source may be a staging mbuf in ordinary
     * native memory.
     *
     * @param mbuf the source mbuf's address
     * @param pool the pool's address
     * @param length the bytes to copy from the source's data
     * @return the new mbuf's address, 0 when the pool is empty
     */
    static long copy(long mbuf, long pool, int length) {
        try {
            return (long) COPY.invokeExact(mbuf, pool, 0, length);
        } catch (Throwable t) {
            throw new IllegalStateException("rte_pktmbuf_copy downcall failed", t);
        }
    }

    /**
     * Returns mbufs (and their chained segments) to their pools.
     *
     * @param mbufs array of mbuf pointers
     * @param count pointers to free
     */
    static void freeBulk(MemorySegment mbufs, int count) {
        try {
            FREE_BULK.invokeExact(mbufs, count);
        } catch (Throwable t) {
            throw new IllegalStateException("rte_pktmbuf_free_bulk downcall failed", t);
        }
    }
}
