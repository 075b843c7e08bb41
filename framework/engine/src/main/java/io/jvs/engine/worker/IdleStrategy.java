package io.jvs.engine.worker;

import java.util.concurrent.locks.LockSupport;

/**
 * What a worker does when a cycle found no work: spin, then yield, then park with growing pauses,
 * and back to spinning as soon as work arrives (Agrona's {@code BackoffIdleStrategy}).
 *
 * <p>Not thread-safe: one instance per worker.
 */
public final class IdleStrategy {

    /** Spins before yielding; cheap wake-up, burns a core. */
    public static final int DEFAULT_MAX_SPINS = 100;
    /** Yields before parking. */
    public static final int DEFAULT_MAX_YIELDS = 20;
    /** Shortest park, nanoseconds. */
    public static final long DEFAULT_MIN_PARK_NANOS = 1_000;
    /** Longest park, nanoseconds: bounds the added latency of an idle worker to 1 ms. */
    public static final long DEFAULT_MAX_PARK_NANOS = 1_000_000;

    private final int maxSpins;
    private final int maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;
    private int spins;
    private int yields;
    private long parkNanos;

    /** Creates the default strategy. */
    public IdleStrategy() {
        this(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NANOS, DEFAULT_MAX_PARK_NANOS);
    }

    /**
     * Creates a strategy.
     *
     * @param maxSpins spins before yielding
     * @param maxYields yields before parking
     * @param minParkNanos first park, nanoseconds
     * @param maxParkNanos longest park, nanoseconds
     */
    public IdleStrategy(int maxSpins, int maxYields, long minParkNanos, long maxParkNanos) {
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        reset();
    }

    /**
     * Idles according to the work done in the last cycle.
     *
     * @param workCount the work done; any work resets the back-off
     */
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
            return;
        }
        if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < maxYields) {
            yields++;
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    /** Returns to spinning. */
    public void reset() {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }
}
