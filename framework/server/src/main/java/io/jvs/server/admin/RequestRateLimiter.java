package io.jvs.server.admin;

import java.util.function.LongSupplier;

/**
 * A token bucket: holds up to {@code perSecond} tokens, refilled at {@code perSecond} tokens per
 * second; each request takes one or is refused.
 *
 * <p><b>Thread safety:</b> synchronised.
 */
public final class RequestRateLimiter {

    private final int perSecond;
    private final LongSupplier clock;
    private double tokens;
    private long lastNanos;

    /**
     * Creates a full bucket.
     *
     * @param perSecond requests per second, &gt;= 1
     * @param clock a monotonic clock, nanoseconds
     */
    public RequestRateLimiter(int perSecond, LongSupplier clock) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("requests per second: " + perSecond + " is below 1");
        }
        this.perSecond = perSecond;
        this.clock = clock;
        this.tokens = perSecond;
        this.lastNanos = clock.getAsLong();
    }

    /**
     * Takes a token if one is left.
     *
     * @return {@code true} when the request may proceed
     */
    public synchronized boolean tryAcquire() {
        long now = clock.getAsLong();
        long elapsed = now - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(perSecond, tokens + elapsed * (perSecond / 1e9));
            lastNanos = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
