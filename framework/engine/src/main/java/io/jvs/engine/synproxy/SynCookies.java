package io.jvs.engine.synproxy;

import io.jvs.spi.AddressFamily;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * SYN cookies as Linux makes them ({@code net/ipv4/syncookies.c}, {@code secure_tcp_syn_cookie},
 * {@code check_tcp_syn_cookie}, {@code cookie_init_timestamp}): the initial sequence number of the
 * SYN-ACK carries everything the SYN told, so that no state is kept until the client's ACK returns it.
 *
 * <pre>
 *  cookie = H(key0; saddr, daddr, sport, dport, 0)
 *         + client ISN
 *         + (count &lt;&lt; 24)
 *         + ((H(key1; saddr, daddr, sport, dport, count) + mssIndex) &amp; 0xFFFFFF)
 *
 *  count    minutes on the engine's clock ({@link #MINUTE_NANOS}); an ACK is accepted while its count is
 *           the current one or the one before ({@link #MAX_AGE} = 2, Linux's MAX_SYNCOOKIE_AGE)
 *  mssIndex 2 bits: the largest entry of {@link #mssTable(int)} not above the client's MSS
 *  H        SipHash-2-4 with one of two 128-bit keys, truncated to 32 bits
 * </pre>
 *
 * When the client sent timestamps, the SYN-ACK's TSval carries the rest in its low 6 bits
 * ({@link #timestamp}): the client's window scale (4 bits, 15 for "none"), SACK permitted (bit 4)
 * and ECN (bit 5); the client echoes it in TSecr. Without timestamps, window scaling and SACK are
 * lost, as with Linux.
 *
 * <p>The hash keys are random per instance ({@link #random()}), or fixed for tests. Both families:
 * IPv4 hashes 16 bytes, IPv6 40. Allocation-free. <b>Not thread-safe</b> (the hasher has state):
 * one instance per worker, all made from the same key so that any worker can check any cookie.
 */
public final class SynCookies {

    /** Bits of the cookie below the count. */
    public static final int COOKIE_BITS = 24;
    /** Mask of the bits below the count. */
    public static final int COOKIE_MASK = (1 << COOKIE_BITS) - 1;
    /** Counts accepted: the current and the one before (Linux's {@code MAX_SYNCOOKIE_AGE}). */
    public static final int MAX_AGE = 2;
    /** Length of one count, nanoseconds: a minute, as Linux's {@code tcp_cookie_time}. */
    public static final long MINUTE_NANOS = 60_000_000_000L;
    /** Low bits of the SYN-ACK's TSval that carry options ({@code TSBITS}). */
    public static final int TS_BITS = 6;
    /** Window-scale field value meaning "the client did not offer window scaling". */
    public static final int NO_WINDOW_SCALE = 0xF;
    /** Largest window scale a client may use (RFC 7323). */
    public static final int MAX_WINDOW_SCALE = 14;
    /** Timestamp option bit: SACK permitted. */
    public static final int TS_SACK = 1 << 4;
    /** Timestamp option bit: ECN. */
    public static final int TS_ECN = 1 << 5;

    private static final int[] MSS_IPV4 = {536, 1300, 1440, 1460};
    private static final int[] MSS_IPV6 = {1280 - 60, 1480 - 60, 1500 - 60, 9000 - 60};

    private final long k00;
    private final long k01;
    private final long k10;
    private final long k11;
    private final SipHash hash = new SipHash();

    /**
     * Creates cookies with a fixed 128-bit key (tests, or several workers sharing one key); the
     * second hash key is derived from it.
     *
     * @param key0 the key's first half
     * @param key1 the key's second half
     */
    public SynCookies(long key0, long key1) {
        this.k00 = key0;
        this.k01 = key1;
        this.k10 = hash.begin(key0, key1).word(0x6a76732d636f6f6bL).finish(8);
        this.k11 = hash.begin(key0, key1).word(0x6b69652d6b657931L).finish(8);
    }

    /**
     * Creates cookies with a random key from a strong generator.
     *
     * @return the cookies
     */
    public static SynCookies random() {
        return random(new SecureRandom());
    }

    /**
     * Creates cookies with a key from a generator.
     *
     * @param random the generator
     * @return the cookies
     */
    public static SynCookies random(RandomGenerator random) {
        return new SynCookies(random.nextLong(), random.nextLong());
    }

    /**
     * Returns a copy with the same key, for another worker.
     *
     * @return the copy
     */
    public SynCookies copy() {
        return new SynCookies(k00, k01);
    }

    /**
     * Returns the MSS values a cookie can encode, as Linux's {@code msstab}.
     *
     * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @return four MSS values in bytes, ascending (a copy)
     */
    public static int[] mssTable(int family) {
        return (family == AddressFamily.IPV6 ? MSS_IPV6 : MSS_IPV4).clone();
    }

    /**
     * Returns the index of the largest table MSS not above the client's (0 when all are above).
     *
     * @param family the address family
     * @param clientMss the MSS of the client's SYN in bytes, or -1 when it sent none (536 is assumed,
     *     RFC 9293)
     * @return 0..3
     */
    public static int mssIndex(int family, int clientMss) {
        int[] table = family == AddressFamily.IPV6 ? MSS_IPV6 : MSS_IPV4;
        int mss = clientMss < 0 ? 536 : clientMss;
        int i = table.length - 1;
        while (i > 0 && mss < table[i]) {
            i--;
        }
        return i;
    }

    /**
     * Returns the MSS a cookie's index stands for.
     *
     * @param family the address family
     * @param index 0..3
     * @return bytes
     */
    public static int mss(int family, int index) {
        return (family == AddressFamily.IPV6 ? MSS_IPV6 : MSS_IPV4)[index];
    }

    /**
     * Returns the cookie count of a time.
     *
     * @param nowNanos the engine's clock
     * @return minutes, as an unsigned 32-bit count
     */
    public static int count(long nowNanos) {
        return (int) Long.divideUnsigned(nowNanos, MINUTE_NANOS);
    }

    /**
     * Makes the SYN-ACK's initial sequence number for a SYN.
     *
     * @param family the address family
     * @param s0 client address word 0 (IPv4: the address)
     * @param s1 word 1 (IPv6; 0 for IPv4)
     * @param s2 word 2
     * @param s3 word 3
     * @param d0 virtual address word 0
     * @param d1 word 1
     * @param d2 word 2
     * @param d3 word 3
     * @param sourcePort the client's port
     * @param destinationPort the virtual port
     * @param clientIsn the SYN's sequence number
     * @param mssIndex 0..3, see {@link #mssIndex}
     * @param nowNanos the engine's clock
     * @return the cookie
     */
    public int cookie(int family, int s0, int s1, int s2, int s3, int d0, int d1, int d2, int d3, int sourcePort,
            int destinationPort, int clientIsn, int mssIndex, long nowNanos) {
        int count = count(nowNanos);
        int ports = sourcePort << 16 | destinationPort;
        return hash(k00, k01, family, s0, s1, s2, s3, d0, d1, d2, d3, ports, 0) + clientIsn + (count << COOKIE_BITS)
                + ((hash(k10, k11, family, s0, s1, s2, s3, d0, d1, d2, d3, ports, count) + mssIndex) & COOKIE_MASK);
    }

    /**
     * Checks the cookie an ACK returns ({@code ack - 1}) against its sequence number ({@code seq - 1}
     * is the client's ISN).
     *
     * @param family the address family
     * @param s0 client address word 0
     * @param s1 word 1
     * @param s2 word 2
     * @param s3 word 3
     * @param d0 virtual address word 0
     * @param d1 word 1
     * @param d2 word 2
     * @param d3 word 3
     * @param sourcePort the client's port
     * @param destinationPort the virtual port
     * @param clientIsn the ACK's sequence number minus one
     * @param cookie the ACK's acknowledgment number minus one
     * @param nowNanos the engine's clock
     * @return the MSS index 0..3 the cookie carries, or -1 when it is not valid (wrong hash, too old,
     *     from the future)
     */
    public int check(int family, int s0, int s1, int s2, int s3, int d0, int d1, int d2, int d3, int sourcePort,
            int destinationPort, int clientIsn, int cookie, long nowNanos) {
        int count = count(nowNanos);
        int ports = sourcePort << 16 | destinationPort;
        int rest = cookie - hash(k00, k01, family, s0, s1, s2, s3, d0, d1, d2, d3, ports, 0) - clientIsn;
        int diff = (count - (rest >>> COOKIE_BITS)) & (-1 >>> COOKIE_BITS);
        if (diff >= MAX_AGE) {
            return -1;
        }
        int data = (rest - hash(k10, k11, family, s0, s1, s2, s3, d0, d1, d2, d3, ports, count - diff)) & COOKIE_MASK;
        return data < MSS_IPV4.length ? data : -1;
    }

    private int hash(long key0, long key1, int family, int s0, int s1, int s2, int s3, int d0, int d1, int d2, int d3,
            int ports, int count) {
        SipHash h = hash.begin(key0, key1);
        long last = (ports & 0xFFFF_FFFFL) | ((long) count << 32);
        if (family == AddressFamily.IPV6) {
            h.word(pair(s0, s1)).word(pair(s2, s3)).word(pair(d0, d1)).word(pair(d2, d3)).word(last);
            return (int) h.finish(40);
        }
        return (int) h.word(pair(s0, d0)).word(last).finish(16);
    }

    private static long pair(int low, int high) {
        return (low & 0xFFFF_FFFFL) | ((long) high << 32);
    }

    /**
     * Makes the SYN-ACK's TSval for a client that sent timestamps ({@code cookie_init_timestamp}): the
     * engine's clock in milliseconds with its low {@value #TS_BITS} bits replaced by the options,
     * moved back by 64 ms when that would put it in the future.
     *
     * @param nowNanos the engine's clock
     * @param windowScale the client's window scale 0..14, or -1 when it offered none
     * @param sackPermitted whether the client sent SACK-permitted
     * @param ecn whether ECN was negotiated
     * @return the TSval
     */
    public static int timestamp(long nowNanos, int windowScale, boolean sackPermitted, boolean ecn) {
        long now = Long.divideUnsigned(nowNanos, 1_000_000L) & 0xFFFF_FFFFL;
        int options = windowScale < 0 ? NO_WINDOW_SCALE : Math.min(windowScale, MAX_WINDOW_SCALE);
        if (sackPermitted) {
            options |= TS_SACK;
        }
        if (ecn) {
            options |= TS_ECN;
        }
        long ts = (now >>> TS_BITS << TS_BITS) | options;
        if (ts > now) {
            ts -= 1L << TS_BITS;
        }
        return (int) ts;
    }

    /**
     * Tells whether the options a TSecr carries are acceptable ({@code cookie_timestamp_decode}): a
     * window scale above 14 marks a forged ACK.
     *
     * @param echoReply the ACK's TSecr
     * @return true when valid
     */
    public static boolean isValidTimestamp(int echoReply) {
        int scale = echoReply & NO_WINDOW_SCALE;
        return scale == NO_WINDOW_SCALE || scale <= MAX_WINDOW_SCALE;
    }

    /**
     * Returns the client's window scale from a TSecr.
     *
     * @param echoReply the ACK's TSecr
     * @return 0..14, or -1 when the client offered no window scaling
     */
    public static int windowScale(int echoReply) {
        int scale = echoReply & NO_WINDOW_SCALE;
        return scale == NO_WINDOW_SCALE ? -1 : scale;
    }

    /**
     * Tells whether the client sent SACK-permitted, from a TSecr.
     *
     * @param echoReply the ACK's TSecr
     * @return true when it did
     */
    public static boolean sackPermitted(int echoReply) {
        return (echoReply & TS_SACK) != 0;
    }

    /**
     * Tells whether ECN was negotiated, from a TSecr.
     *
     * @param echoReply the ACK's TSecr
     * @return true when it was
     */
    public static boolean ecn(int echoReply) {
        return (echoReply & TS_ECN) != 0;
    }
}
