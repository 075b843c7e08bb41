package io.jvs.proxy;

import java.util.ArrayDeque;

/**
 * One event loop's pool of direct buffers for the bytes a relay must hold: what a slow receiver did
 * not take yet, and the first bytes a payload-aware scheduler needs. Relays that keep up hold no
 * buffer at all (they read into the loop's shared buffer and write it on at once), so memory grows
 * with the connections that are actually backed up, never with the connections that are open.
 *
 * <p>Buffers given back are kept for reuse up to {@code maxIdle}; beyond that they are left to the
 * garbage collector. Loop thread only.
 */
final class BufferPool {

    private final int capacity;
    private final int maxIdle;
    private final ArrayDeque<PooledBuffer> idle = new ArrayDeque<>();
    private int outstanding;

    /**
     * Creates a pool.
     *
     * @param capacity bytes per buffer
     * @param maxIdle buffers kept for reuse at most
     */
    BufferPool(int capacity, int maxIdle) {
        this.capacity = capacity;
        this.maxIdle = maxIdle;
    }

    /** Takes a cleared buffer. */
    PooledBuffer take() {
        PooledBuffer b = idle.pollFirst();
        if (b == null) {
            b = new PooledBuffer(capacity);
        }
        b.buffer.clear();
        outstanding++;
        return b;
    }

    /** Gives a buffer back; {@code null} is ignored. */
    void give(PooledBuffer b) {
        if (b == null) {
            return;
        }
        outstanding--;
        if (idle.size() < maxIdle) {
            idle.addFirst(b);
        }
    }

    /** Returns the buffers taken and not given back. */
    int outstanding() {
        return outstanding;
    }

    /** Returns the buffers kept for reuse. */
    int idle() {
        return idle.size();
    }
}
