package io.jvs.server.config;

import io.jvs.engine.synproxy.SynProxySettings;
import java.time.Duration;
import java.util.List;

/**
 * The {@code engine.synproxy} section: limits and timers of the packet engine's SYN proxy, used by
 * services with {@code synproxy: true} and by TCP services whose scheduler needs payload bytes
 * (delayed binding). A change needs a restart.
 *
 * <pre>
 * engine:
 *   synproxy: {sessions-per-worker: 4Ki, buffer-bytes: 2048, collect-timeout: 3s,
 *              server-syn-retries: 2, server-syn-timeout: 1s, window-scale: 7, reset-invalid-ack: false}
 * </pre>
 *
 * @param sessionsPerWorker connections per worker that may wait for their real server at once
 * @param bufferBytes first payload bytes kept per waiting connection
 * @param collectTimeout how long delayed binding waits for enough payload
 * @param serverSynRetries SYNs sent again to a silent real server
 * @param serverSynTimeout the first wait for the real server's SYN-ACK (doubled per retry)
 * @param windowScale the window scale offered to clients
 * @param resetInvalidAck answer an ACK with an invalid cookie with a RST
 */
public record SynProxyConfig(int sessionsPerWorker, int bufferBytes, Duration collectTimeout, int serverSynRetries,
        Duration serverSynTimeout, int windowScale, boolean resetInvalidAck) {

    /** Key of {@link #sessionsPerWorker}. */
    public static final String SESSIONS_PER_WORKER = "sessions-per-worker";
    /**
     * Default 4096: each holds a buffer of {@code buffer-bytes} (8 MiB per worker at the defaults);
     * enough for a real server's handshake rate times its round trip. When all are taken, a new
     * client is reset and counted ({@code synproxy-sessions-full}).
     */
    public static final int SESSIONS_PER_WORKER_DEFAULT = SynProxySettings.DEFAULT_SESSIONS_PER_WORKER;
    /** Most sessions accepted per worker. */
    public static final int SESSIONS_PER_WORKER_MAX = 1 << 20;

    /** Key of {@link #bufferBytes}. */
    public static final String BUFFER_BYTES = "buffer-bytes";
    /**
     * Default 2048 bytes: an HTTP request line and its usual headers. It is also the window jvs's
     * SYN-ACK advertises, so a client sends no more before the real server answers; bytes beyond it
     * flow after binding.
     */
    public static final int BUFFER_BYTES_DEFAULT = SynProxySettings.DEFAULT_BUFFER_BYTES;
    /** Largest buffer accepted: the largest unscaled window. */
    public static final int BUFFER_BYTES_MAX = 65535;

    /** Key of {@link #collectTimeout}. */
    public static final String COLLECT_TIMEOUT = "collect-timeout";
    /** Default 3s: a client that speaks first does so in its first round trip; a silent one is scheduled anyway. */
    public static final Duration COLLECT_TIMEOUT_DEFAULT =
            Duration.ofNanos(SynProxySettings.DEFAULT_COLLECT_TIMEOUT_NANOS);

    /** Key of {@link #serverSynRetries}. */
    public static final String SERVER_SYN_RETRIES = "server-syn-retries";
    /** Default 2: SYNs at 0, 1 and 3 s and the client reset at 7 s, before a client's own connect timeout. */
    public static final int SERVER_SYN_RETRIES_DEFAULT = SynProxySettings.DEFAULT_SERVER_SYN_RETRIES;
    /** Most retries accepted. */
    public static final int SERVER_SYN_RETRIES_MAX = 10;

    /** Key of {@link #serverSynTimeout}. */
    public static final String SERVER_SYN_TIMEOUT = "server-syn-timeout";
    /** Default 1s: TCP's initial retransmission timeout (RFC 6298). */
    public static final Duration SERVER_SYN_TIMEOUT_DEFAULT =
            Duration.ofNanos(SynProxySettings.DEFAULT_SERVER_SYN_TIMEOUT_NANOS);

    /** Key of {@link #windowScale}. */
    public static final String WINDOW_SCALE = "window-scale";
    /** Default 7: what Linux offers with its default buffers, so a Linux real server's windows pass unchanged. */
    public static final int WINDOW_SCALE_DEFAULT = SynProxySettings.DEFAULT_WINDOW_SCALE;

    /** Key of {@link #resetInvalidAck}. */
    public static final String RESET_INVALID_ACK = "reset-invalid-ack";
    /** Default false: drop silently (as DPVS), so an ACK flood with forged sources draws no traffic back. */
    public static final boolean RESET_INVALID_ACK_DEFAULT = false;

    /** Shortest timeout accepted. */
    public static final Duration TIMEOUT_MIN = Duration.ofMillis(1);
    /** Longest timeout accepted. */
    public static final Duration TIMEOUT_MAX = Duration.ofMinutes(10);

    /** The keys of this section, in documentation order. */
    public static final List<String> KEYS = List.of(SESSIONS_PER_WORKER, BUFFER_BYTES, COLLECT_TIMEOUT,
            SERVER_SYN_RETRIES, SERVER_SYN_TIMEOUT, WINDOW_SCALE, RESET_INVALID_ACK);

    /** The section with every key at its default. */
    static final SynProxyConfig DEFAULTS = new SynProxyConfig(SESSIONS_PER_WORKER_DEFAULT, BUFFER_BYTES_DEFAULT,
            COLLECT_TIMEOUT_DEFAULT, SERVER_SYN_RETRIES_DEFAULT, SERVER_SYN_TIMEOUT_DEFAULT, WINDOW_SCALE_DEFAULT,
            RESET_INVALID_ACK_DEFAULT);

    /**
     * Reads the section.
     *
     * @param in the section's mapping
     * @return the section; invalid keys are recorded as problems and take their defaults
     */
    static SynProxyConfig read(MappingReader in) {
        return new SynProxyConfig(
                (int) in.count(SESSIONS_PER_WORKER, SESSIONS_PER_WORKER_DEFAULT, 1, SESSIONS_PER_WORKER_MAX),
                in.integer(BUFFER_BYTES, BUFFER_BYTES_DEFAULT, 1, BUFFER_BYTES_MAX),
                in.duration(COLLECT_TIMEOUT, COLLECT_TIMEOUT_DEFAULT, TIMEOUT_MIN, TIMEOUT_MAX),
                in.integer(SERVER_SYN_RETRIES, SERVER_SYN_RETRIES_DEFAULT, 0, SERVER_SYN_RETRIES_MAX),
                in.duration(SERVER_SYN_TIMEOUT, SERVER_SYN_TIMEOUT_DEFAULT, TIMEOUT_MIN, TIMEOUT_MAX),
                in.integer(WINDOW_SCALE, WINDOW_SCALE_DEFAULT, 0, 14),
                in.bool(RESET_INVALID_ACK, RESET_INVALID_ACK_DEFAULT));
    }

    /**
     * Maps the section to the engine's settings (with a random cookie key).
     *
     * @return the settings
     */
    public SynProxySettings toSettings() {
        return new SynProxySettings(sessionsPerWorker, bufferBytes, collectTimeout.toNanos(), serverSynRetries,
                serverSynTimeout.toNanos(), windowScale, resetInvalidAck, null);
    }
}
