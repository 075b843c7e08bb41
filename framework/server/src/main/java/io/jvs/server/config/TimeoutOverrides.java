package io.jvs.server.config;

import io.jvs.engine.conn.TcpState;
import io.jvs.engine.conn.TimeoutProfile;
import java.time.Duration;
import java.util.List;

/**
 * The {@code engine.timeouts} section: what {@code ipvsadm --set tcp tcpfin udp} changes, on top of
 * the timeout profile. An absent key keeps the profile's value.
 *
 * <pre>
 * timeouts: {tcp: 15m, tcp-fin: 2m, udp: 5m}
 * </pre>
 *
 * @param tcp how long an idle ESTABLISHED TCP connection lives, or {@code null} for the profile's
 * @param tcpFin how long a TCP connection lives in FIN_WAIT, or {@code null} for the profile's
 * @param udp how long an idle UDP (and other datagram) entry lives, or {@code null} for the profile's
 */
public record TimeoutOverrides(Duration tcp, Duration tcpFin, Duration udp) {

    /** Key of {@link #tcp}. */
    public static final String TCP = "tcp";
    /** Key of {@link #tcpFin}. */
    public static final String TCP_FIN = "tcp-fin";
    /** Key of {@link #udp}. */
    public static final String UDP = "udp";
    /** The keys of this section. */
    public static final List<String> KEYS = List.of(TCP, TCP_FIN, UDP);

    /** Shortest timeout accepted: one second, as ipvsadm. */
    public static final Duration MIN = Duration.ofSeconds(1);
    /** Longest timeout accepted: 30 days, well within the connection table's 104-day deadline range. */
    public static final Duration MAX = Duration.ofDays(30);

    /** No override: the profile as it is. */
    public static final TimeoutOverrides NONE = new TimeoutOverrides(null, null, null);

    /**
     * Reads the {@code engine.timeouts} section, recording a problem for each invalid key and using the default
     * in its place.
     *
     * @param in the section's mapping
     * @return the section
     */
    static TimeoutOverrides read(MappingReader in) {
        return new TimeoutOverrides(in.duration(TCP, null, MIN, MAX), in.duration(TCP_FIN, null, MIN, MAX),
                in.duration(UDP, null, MIN, MAX));
    }

    /**
     * Applies the overrides to a profile.
     *
     * @param profile the profile
     * @return the profile with the overrides
     */
    public TimeoutProfile applyTo(TimeoutProfile profile) {
        TimeoutProfile p = profile;
        if (tcp != null) {
            p = p.withTcp(TcpState.ESTABLISHED, tcp.toNanos());
        }
        if (tcpFin != null) {
            p = p.withTcp(TcpState.FIN_WAIT, tcpFin.toNanos());
        }
        if (udp != null) {
            p = p.withUdp(udp.toNanos());
        }
        return p;
    }
}
