package io.jvs.engine.synproxy;

/**
 * Limits and timers of the SYN proxy, per worker. Each has a named default with its trade-off.
 *
 * @param sessionsPerWorker connections that may be between a validated cookie ACK and the real
 *     server's SYN-ACK at once, per worker (each holds a buffer of {@code bufferBytes}); when all are
 *     taken, a new client is reset and counted
 * @param bufferBytes first payload bytes kept per connection while it waits for its destination; also
 *     the window the SYN-ACK advertises, so that a client sends no more than can be kept
 * @param collectTimeoutNanos how long delayed binding waits for enough payload before it schedules with
 *     what it has, nanoseconds
 * @param serverSynRetries SYNs sent again to a real server that does not answer, before the client is
 *     reset
 * @param serverSynTimeoutNanos wait for the real server's SYN-ACK before the first retry, nanoseconds;
 *     doubled after each retry (as TCP's SYN retransmission)
 * @param windowScale the window scale jvs's SYN-ACK offers a client that offered one (0..14)
 * @param resetInvalidAck answer an ACK whose cookie is invalid with a RST (as Linux) instead of dropping
 *     it silently (as DPVS)
 * @param cookieKey the SYN-cookie key, or {@code null} for a random key per engine
 */
public record SynProxySettings(int sessionsPerWorker, int bufferBytes, long collectTimeoutNanos, int serverSynRetries,
        long serverSynTimeoutNanos, int windowScale, boolean resetInvalidAck, CookieKey cookieKey) {

    /**
     * 4096 connections in binding per worker: 8 MiB of buffers at the default size; far above a real
     * server's handshake rate times its round trip.
     */
    public static final int DEFAULT_SESSIONS_PER_WORKER = 4096;
    /** 2048 bytes: an HTTP request line and its usual headers; a longer request flows after binding. */
    public static final int DEFAULT_BUFFER_BYTES = 2048;
    /** 3 s: a client that speaks first does so in its first round trip; a silent one is scheduled anyway. */
    public static final long DEFAULT_COLLECT_TIMEOUT_NANOS = 3_000_000_000L;
    /** 2 retries: SYNs at 0, 1 and 3 s, the client reset at 7 s, before a client's own connect timeout. */
    public static final int DEFAULT_SERVER_SYN_RETRIES = 2;
    /** 1 s: TCP's initial retransmission timeout (RFC 6298). */
    public static final long DEFAULT_SERVER_SYN_TIMEOUT_NANOS = 1_000_000_000L;
    /** 7: what Linux offers with its default buffers, so a Linux real server's windows pass unchanged. */
    public static final int DEFAULT_WINDOW_SCALE = 7;

    /**
     * A 128-bit SYN-cookie key.
     *
     * @param high the first half
     * @param low the second half
     */
    public record CookieKey(long high, long low) {
    }

    /** Checks ranges. */
    public SynProxySettings {
        if (sessionsPerWorker < 1 || sessionsPerWorker > 1 << 20) {
            throw new IllegalArgumentException("synproxy sessions per worker: " + sessionsPerWorker
                    + " is out of 1..1048576");
        }
        if (bufferBytes < 1 || bufferBytes > 65535) {
            throw new IllegalArgumentException("synproxy buffer bytes: " + bufferBytes + " is out of 1..65535");
        }
        if (collectTimeoutNanos <= 0 || serverSynTimeoutNanos <= 0) {
            throw new IllegalArgumentException("synproxy timeouts must be positive");
        }
        if (serverSynRetries < 0 || serverSynRetries > 10) {
            throw new IllegalArgumentException("synproxy server SYN retries: " + serverSynRetries
                    + " is out of 0..10");
        }
        if (windowScale < 0 || windowScale > SynCookies.MAX_WINDOW_SCALE) {
            throw new IllegalArgumentException("synproxy window scale: " + windowScale + " is out of 0..14");
        }
    }

    /**
     * The defaults, with a random cookie key.
     *
     * @return the settings
     */
    public static SynProxySettings defaults() {
        return new SynProxySettings(DEFAULT_SESSIONS_PER_WORKER, DEFAULT_BUFFER_BYTES, DEFAULT_COLLECT_TIMEOUT_NANOS,
                DEFAULT_SERVER_SYN_RETRIES, DEFAULT_SERVER_SYN_TIMEOUT_NANOS, DEFAULT_WINDOW_SCALE, false, null);
    }

    /**
     * Returns a copy with a fixed cookie key (tests, reproducible captures).
     *
     * @param value the key, or {@code null} for a random one
     * @return the copy
     */
    public SynProxySettings withCookieKey(CookieKey value) {
        return new SynProxySettings(sessionsPerWorker, bufferBytes, collectTimeoutNanos, serverSynRetries,
                serverSynTimeoutNanos, windowScale, resetInvalidAck, value);
    }

    /**
     * Returns a copy with other limits.
     *
     * @param sessions sessions per worker
     * @param bytes buffer bytes per session
     * @return the copy
     */
    public SynProxySettings withLimits(int sessions, int bytes) {
        return new SynProxySettings(sessions, bytes, collectTimeoutNanos, serverSynRetries, serverSynTimeoutNanos,
                windowScale, resetInvalidAck, cookieKey);
    }

    /**
     * Returns a copy with other real-server timers.
     *
     * @param retries SYN retries
     * @param timeoutNanos the first wait, nanoseconds
     * @return the copy
     */
    public SynProxySettings withServerSyn(int retries, long timeoutNanos) {
        return new SynProxySettings(sessionsPerWorker, bufferBytes, collectTimeoutNanos, retries, timeoutNanos,
                windowScale, resetInvalidAck, cookieKey);
    }

    /**
     * Returns a copy with another window scale.
     *
     * @param value 0..14
     * @return the copy
     */
    public SynProxySettings withWindowScale(int value) {
        return new SynProxySettings(sessionsPerWorker, bufferBytes, collectTimeoutNanos, serverSynRetries,
                serverSynTimeoutNanos, value, resetInvalidAck, cookieKey);
    }

    /**
     * Returns a copy that resets (or silently drops) ACKs with invalid cookies.
     *
     * @param value true to reset
     * @return the copy
     */
    public SynProxySettings withResetInvalidAck(boolean value) {
        return new SynProxySettings(sessionsPerWorker, bufferBytes, collectTimeoutNanos, serverSynRetries,
                serverSynTimeoutNanos, windowScale, value, cookieKey);
    }
}
