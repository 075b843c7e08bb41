package io.jvs.proxy;

import io.jvs.engine.conn.TimeoutProfile;
import java.util.Objects;

/**
 * Settings of the proxy data plane, fixed while it runs. Every setting has a named default whose
 * Javadoc gives the trade-off. Per-service settings (connection limit, PROXY protocol) are
 * {@link ServiceOptions}, changeable at run time.
 *
 * @param eventLoops event-loop threads; each owns a selector, its listening sockets (one per
 *     service and loop, shared through {@code SO_REUSEPORT}) and one connection table
 * @param connectionsPerLoop capacity of each loop's connection table: the most connections and UDP
 *     sessions (plus persistence templates) one loop holds
 * @param timeouts the engine-wide idle timeouts (IPVS {@code --set tcp tcpfin udp}); services may
 *     have their own
 * @param bufferBytes bytes read per socket read, and the size of the buffer a relay direction holds
 *     while its receiver is slower than its sender
 * @param payloadTimeoutNanos how long a client of a payload-aware scheduler may take to send the
 *     bytes the scheduler needs, nanoseconds
 * @param connectTimeoutNanos how long a connection attempt to a destination may take, nanoseconds
 * @param connectRetries further destinations tried after a refused or timed-out connection attempt
 * @param drainTimeoutNanos how long {@link ProxyDataPlane#close()} lets open connections finish,
 *     nanoseconds
 * @param acceptBacklog the listen backlog of each listening socket
 * @param defaultServiceOptions options of services without their own
 */
public record ProxySettings(int eventLoops, int connectionsPerLoop, TimeoutProfile timeouts, int bufferBytes,
        long payloadTimeoutNanos, long connectTimeoutNanos, int connectRetries, long drainTimeoutNanos,
        int acceptBacklog, ServiceOptions defaultServiceOptions) {

    private static final long SECOND = 1_000_000_000L;

    /**
     * One loop per available processor, as HAProxy's {@code nbthread} default: a loop is busy only while
     * it has I/O to do, and the kernel spreads new connections over the loops' sockets.
     */
    public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();
    /**
     * 65536 entries per loop: about 7 MiB of table per loop; far above what the file-descriptor
     * limit of a usual machine lets one process hold (each TCP connection takes two descriptors).
     */
    public static final int DEFAULT_CONNECTIONS_PER_LOOP = 1 << 16;
    /**
     * 16 KiB, HAProxy's {@code tune.bufsize}: big enough for a request or a TCP window's worth of a
     * response per read; a slow receiver costs at most this much memory per direction.
     */
    public static final int DEFAULT_BUFFER_BYTES = 16 * 1024;
    /** 5 s, the usual {@code tcp-request inspect-delay}: a client that has not sent the bytes by then is closed. */
    public static final long DEFAULT_PAYLOAD_TIMEOUT_NANOS = 5 * SECOND;
    /** 3 s: a healthy destination on a LAN answers in milliseconds; a lost SYN is retransmitted after 1 s. */
    public static final long DEFAULT_CONNECT_TIMEOUT_NANOS = 3 * SECOND;
    /** 3 further attempts, HAProxy's {@code retries} default. */
    public static final int DEFAULT_CONNECT_RETRIES = 3;
    /** 10 s: enough for requests in flight, short enough for an orderly restart. */
    public static final long DEFAULT_DRAIN_TIMEOUT_NANOS = 10 * SECOND;
    /** 4096, Linux's default {@code somaxconn} cap: bursts of new connections wait in the kernel, not refused. */
    public static final int DEFAULT_ACCEPT_BACKLOG = 4096;

    /** Checks ranges; the message names the setting. */
    public ProxySettings {
        if (eventLoops < 1 || eventLoops > 256) {
            throw new IllegalArgumentException("event loops: " + eventLoops + " is out of 1..256");
        }
        if (connectionsPerLoop < 16) {
            throw new IllegalArgumentException("connections per loop: " + connectionsPerLoop + " is below 16");
        }
        Objects.requireNonNull(timeouts, "timeouts");
        if (bufferBytes < 512 || bufferBytes > 1 << 20) {
            throw new IllegalArgumentException("buffer bytes: " + bufferBytes + " is out of 512..1048576");
        }
        if (payloadTimeoutNanos <= 0 || connectTimeoutNanos <= 0 || drainTimeoutNanos < 0) {
            throw new IllegalArgumentException("timeouts must be positive (drain: not negative)");
        }
        if (connectRetries < 0 || connectRetries > 100) {
            throw new IllegalArgumentException("connect retries: " + connectRetries + " is out of 0..100");
        }
        if (acceptBacklog < 1) {
            throw new IllegalArgumentException("accept backlog: " + acceptBacklog + " is below 1");
        }
        Objects.requireNonNull(defaultServiceOptions, "defaultServiceOptions");
    }

    /**
     * Returns the defaults.
     *
     * @return the settings
     */
    public static ProxySettings defaults() {
        return new ProxySettings(DEFAULT_EVENT_LOOPS, DEFAULT_CONNECTIONS_PER_LOOP, TimeoutProfile.ipvs(),
                DEFAULT_BUFFER_BYTES, DEFAULT_PAYLOAD_TIMEOUT_NANOS, DEFAULT_CONNECT_TIMEOUT_NANOS,
                DEFAULT_CONNECT_RETRIES, DEFAULT_DRAIN_TIMEOUT_NANOS, DEFAULT_ACCEPT_BACKLOG, ServiceOptions.DEFAULT);
    }

    /**
     * Returns a copy with another number of event loops.
     *
     * @param value 1..256
     * @return the copy
     */
    public ProxySettings withEventLoops(int value) {
        return new ProxySettings(value, connectionsPerLoop, timeouts, bufferBytes, payloadTimeoutNanos,
                connectTimeoutNanos, connectRetries, drainTimeoutNanos, acceptBacklog, defaultServiceOptions);
    }

    /**
     * Returns a copy with another table capacity.
     *
     * @param value entries per loop
     * @return the copy
     */
    public ProxySettings withConnectionsPerLoop(int value) {
        return new ProxySettings(eventLoops, value, timeouts, bufferBytes, payloadTimeoutNanos,
                connectTimeoutNanos, connectRetries, drainTimeoutNanos, acceptBacklog, defaultServiceOptions);
    }

    /**
     * Returns a copy with other engine-wide timeouts.
     *
     * @param value the profile
     * @return the copy
     */
    public ProxySettings withTimeouts(TimeoutProfile value) {
        return new ProxySettings(eventLoops, connectionsPerLoop, value, bufferBytes, payloadTimeoutNanos,
                connectTimeoutNanos, connectRetries, drainTimeoutNanos, acceptBacklog, defaultServiceOptions);
    }

    /**
     * Returns a copy with another buffer size.
     *
     * @param value bytes
     * @return the copy
     */
    public ProxySettings withBufferBytes(int value) {
        return new ProxySettings(eventLoops, connectionsPerLoop, timeouts, value, payloadTimeoutNanos,
                connectTimeoutNanos, connectRetries, drainTimeoutNanos, acceptBacklog, defaultServiceOptions);
    }

    /**
     * Returns a copy with another payload timeout.
     *
     * @param nanos nanoseconds
     * @return the copy
     */
    public ProxySettings withPayloadTimeoutNanos(long nanos) {
        return new ProxySettings(eventLoops, connectionsPerLoop, timeouts, bufferBytes, nanos,
                connectTimeoutNanos, connectRetries, drainTimeoutNanos, acceptBacklog, defaultServiceOptions);
    }

    /**
     * Returns a copy with another connect timeout.
     *
     * @param nanos nanoseconds
     * @return the copy
     */
    public ProxySettings withConnectTimeoutNanos(long nanos) {
        return new ProxySettings(eventLoops, connectionsPerLoop, timeouts, bufferBytes, payloadTimeoutNanos,
                nanos, connectRetries, drainTimeoutNanos, acceptBacklog, defaultServiceOptions);
    }

    /**
     * Returns a copy with another retry count.
     *
     * @param value further attempts after the first
     * @return the copy
     */
    public ProxySettings withConnectRetries(int value) {
        return new ProxySettings(eventLoops, connectionsPerLoop, timeouts, bufferBytes, payloadTimeoutNanos,
                connectTimeoutNanos, value, drainTimeoutNanos, acceptBacklog, defaultServiceOptions);
    }

    /**
     * Returns a copy with another drain timeout.
     *
     * @param nanos nanoseconds
     * @return the copy
     */
    public ProxySettings withDrainTimeoutNanos(long nanos) {
        return new ProxySettings(eventLoops, connectionsPerLoop, timeouts, bufferBytes, payloadTimeoutNanos,
                connectTimeoutNanos, connectRetries, nanos, acceptBacklog, defaultServiceOptions);
    }

    /**
     * Returns a copy with other default service options.
     *
     * @param value the options
     * @return the copy
     */
    public ProxySettings withDefaultServiceOptions(ServiceOptions value) {
        return new ProxySettings(eventLoops, connectionsPerLoop, timeouts, bufferBytes, payloadTimeoutNanos,
                connectTimeoutNanos, connectRetries, drainTimeoutNanos, acceptBacklog, value);
    }
}
