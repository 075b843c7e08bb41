package io.jvs.engine.conn;

import io.jvs.spi.IpProtocol;

import java.util.Arrays;

/**
 * How long an idle connection entry lives in each protocol state, in nanoseconds. An entry's deadline
 * is reset to {@code now + timeout(state)} by every packet, as IPVS resets {@code cp->timeout}.
 *
 * <p>Two profiles are built in:
 * <table>
 *   <caption>defaults, seconds</caption>
 *   <tr><th>state</th><th>{@link #ipvs()}</th><th>{@link #dpvs()}</th></tr>
 *   <tr><td>TCP NONE</td><td>2</td><td>2</td></tr>
 *   <tr><td>TCP ESTABLISHED</td><td>900</td><td>90</td></tr>
 *   <tr><td>TCP SYN_SENT</td><td>120</td><td>3</td></tr>
 *   <tr><td>TCP SYN_RECV</td><td>60</td><td>30</td></tr>
 *   <tr><td>TCP FIN_WAIT</td><td>120</td><td>7</td></tr>
 *   <tr><td>TCP TIME_WAIT</td><td>120</td><td>7</td></tr>
 *   <tr><td>TCP CLOSE</td><td>10</td><td>3</td></tr>
 *   <tr><td>TCP CLOSE_WAIT</td><td>60</td><td>7</td></tr>
 *   <tr><td>TCP LAST_ACK</td><td>30</td><td>7</td></tr>
 *   <tr><td>TCP LISTEN</td><td>120</td><td>120</td></tr>
 *   <tr><td>TCP SYNACK</td><td>120</td><td>30</td></tr>
 *   <tr><td>UDP (and every protocol but TCP and ICMP)</td><td>300</td><td>300</td></tr>
 *   <tr><td>ICMP, ICMPv6</td><td>60</td><td>300</td></tr>
 * </table>
 * The IPVS column is {@code tcp_timeouts} of Linux {@code ip_vs_proto_tcp.c} and {@code udp_timeouts}
 * of {@code ip_vs_proto_udp.c}. IPVS keeps no entries for ICMP (it maps ICMP errors to existing
 * entries), so its ICMP value is our choice: one minute, long enough for a ping session. The DPVS
 * column is {@code tcp_timeouts}, {@code udp_timeouts} and {@code icmp_timeouts} of iQIYI DPVS
 * {@code src/ipvs/ip_vs_proto_*.c}. Datagram entries closed by the proxy data plane use the TCP CLOSE
 * timeout.
 *
 * <p>Per-service overrides ({@code ipvsadm --set tcp tcpfin udp}) are profiles derived with the
 * {@code with*} methods and registered with the table (see {@link ConnectionTableConfig#profiles}).
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class TimeoutProfile {

    private static final long SECOND = 1_000_000_000L;

    private final String name;
    private final long[] tcpNanos;
    private final long udpNanos;
    private final long icmpNanos;

    private TimeoutProfile(String name, long[] tcpNanos, long udpNanos, long icmpNanos) {
        this.name = name;
        this.tcpNanos = tcpNanos;
        this.udpNanos = udpNanos;
        this.icmpNanos = icmpNanos;
    }

    /**
     * Returns the Linux IPVS defaults.
     *
     * @return the profile named {@code "ipvs"}
     */
    public static TimeoutProfile ipvs() {
        return new TimeoutProfile("ipvs",
                seconds(2, 900, 120, 60, 120, 120, 10, 60, 30, 120, 120), 300 * SECOND, 60 * SECOND);
    }

    /**
     * Returns the DPVS defaults: much shorter TCP timeouts, for a balancer that must shed idle state
     * quickly.
     *
     * @return the profile named {@code "dpvs"}
     */
    public static TimeoutProfile dpvs() {
        return new TimeoutProfile("dpvs",
                seconds(2, 90, 3, 30, 7, 7, 3, 7, 7, 120, 30), 300 * SECOND, 300 * SECOND);
    }

    private static long[] seconds(long... values) {
        long[] nanos = new long[TcpState.COUNT];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = values[i] * SECOND;
        }
        return nanos;
    }

    /**
     * Returns a copy with one TCP timeout changed.
     *
     * @param state the state
     * @param nanos the timeout, nanoseconds, &gt;= 0
     * @return the new profile
     * @throws IllegalArgumentException when {@code nanos} is negative
     */
    public TimeoutProfile withTcp(TcpState state, long nanos) {
        long[] copy = tcpNanos.clone();
        copy[state.code()] = requireNonNegative(nanos);
        return new TimeoutProfile(name, copy, udpNanos, icmpNanos);
    }

    /**
     * Returns a copy with another UDP (datagram) timeout.
     *
     * @param nanos the timeout, nanoseconds, &gt;= 0
     * @return the new profile
     * @throws IllegalArgumentException when {@code nanos} is negative
     */
    public TimeoutProfile withUdp(long nanos) {
        return new TimeoutProfile(name, tcpNanos, requireNonNegative(nanos), icmpNanos);
    }

    /**
     * Returns a copy with another ICMP timeout.
     *
     * @param nanos the timeout, nanoseconds, &gt;= 0
     * @return the new profile
     * @throws IllegalArgumentException when {@code nanos} is negative
     */
    public TimeoutProfile withIcmp(long nanos) {
        return new TimeoutProfile(name, tcpNanos, udpNanos, requireNonNegative(nanos));
    }

    /**
     * Returns a copy with another name.
     *
     * @param newName the name shown to operators
     * @return the new profile
     */
    public TimeoutProfile named(String newName) {
        return new TimeoutProfile(newName, tcpNanos, udpNanos, icmpNanos);
    }

    /**
     * Returns the profile's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the timeout of a TCP state.
     *
     * @param state the state
     * @return nanoseconds
     */
    public long tcpNanos(TcpState state) {
        return tcpNanos[state.code()];
    }

    /**
     * Returns the timeout of UDP entries and of every protocol other than TCP and ICMP.
     *
     * @return nanoseconds
     */
    public long udpNanos() {
        return udpNanos;
    }

    /**
     * Returns the timeout of ICMP and ICMPv6 entries.
     *
     * @return nanoseconds
     */
    public long icmpNanos() {
        return icmpNanos;
    }

    /**
     * Returns the longest timeout of the profile.
     *
     * @return nanoseconds
     */
    public long maxNanos() {
        long max = Math.max(udpNanos, icmpNanos);
        for (long t : tcpNanos) {
            max = Math.max(max, t);
        }
        return max;
    }

    /**
     * Returns the timeout of an entry's state; the fast path of {@link ConnectionTable}.
     *
     * @param protocol the IANA protocol
     * @param state a {@link TcpState} code for TCP, a datagram state code otherwise
     * @return nanoseconds
     */
    long timeoutNanos(int protocol, int state) {
        if (protocol == IpProtocol.TCP) {
            return tcpNanos[state];
        }
        if (state == ConnectionTable.DATAGRAM_CLOSED) {
            return tcpNanos[TcpState.CLOSE.code()];
        }
        return protocol == IpProtocol.ICMP || protocol == IpProtocol.ICMPV6 ? icmpNanos : udpNanos;
    }

    private static long requireNonNegative(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("timeout must be >= 0 ns, got " + nanos);
        }
        return nanos;
    }

    @Override
    public String toString() {
        return "TimeoutProfile[" + name + ", tcp=" + Arrays.toString(tcpNanos) + ", udp=" + udpNanos
                + ", icmp=" + icmpNanos + "]";
    }
}
