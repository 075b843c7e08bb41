package io.jvs.dpdk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer single-consumer ring of mbuf addresses: how one worker's queue hands a
 * frame it received to the worker that owns the frame's connection (software steering,
 * {@link QueueSteering}). The producer is the receiving worker, the consumer the owning one; neither
 * blocks: a full ring refuses the frame (the caller frees and counts it), an empty one yields nothing.
 *
 * <pre>
 *   slots[tail & mask] = mbuf; tail++ (release)     producer
 *   head < tail (acquire): mbuf = slots[head & mask]; head++ (release)     consumer
 * </pre>
 *
 * Allocation-free. Head and tail live in separate cache lines.
 */
public final class MbufHandoff {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int HEAD = 8;
    private static final int TAIL = 24;

    private final long[] slots;
    private final int mask;
    /** Head at index 8, tail at index 24: each on its own cache line. */
    private final long[] indices = new long[40];

    /**
     * Creates a ring.
     *
     * @param capacity frames it holds at most, a power of two
     */
    public MbufHandoff(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
        }
        this.slots = new long[capacity];
        this.mask = capacity - 1;
    }

    /**
     * Offers a frame; producer thread only.
     *
     * @param mbuf the mbuf's address
     * @return {@code false} when the ring is full (the frame stays the caller's)
     */
    public boolean offer(long mbuf) {
        long tail = indices[TAIL];
        long head = (long) LONGS.getAcquire(indices, HEAD);
        if (tail - head > mask) {
            return false;
        }
        slots[(int) (tail & mask)] = mbuf;
        LONGS.setRelease(indices, TAIL, tail + 1);
        return true;
    }

    /**
     * Takes frames; consumer thread only.
     *
     * @param into where the mbuf addresses go, from index {@code at}
     * @param at the first index to fill
     * @param most how many to take at most
     * @return how many were taken
     */
    public int drain(long[] into, int at, int most) {
        long head = indices[HEAD];
        long tail = (long) LONGS.getAcquire(indices, TAIL);
        int n = (int) Math.min(tail - head, most);
        for (int i = 0; i < n; i++) {
            into[at + i] = slots[(int) ((head + i) & mask)];
        }
        if (n > 0) {
            LONGS.setRelease(indices, HEAD, head + n);
        }
        return n;
    }

    /**
     * Returns how many frames wait; approximate while both sides run.
     *
     * @return the count
     */
    public int size() {
        return (int) ((long) LONGS.getAcquire(indices, TAIL) - (long) LONGS.getAcquire(indices, HEAD));
    }
}
