package io.jvs.server.config;

import io.jvs.engine.Tunables;
import java.util.List;

/**
 * The {@code sysctl} section: the IPVS sysctls jvs implements, under their kernel names
 * ({@code /proc/sys/net/ipv4/vs/*}) and with the kernel's defaults. They change live.
 *
 * @param expireNodestConn {@code expire_nodest_conn}
 * @param expireQuiescentTemplate {@code expire_quiescent_template}
 * @param connReuseMode {@code conn_reuse_mode}, 0..3
 * @param sloppyTcp {@code sloppy_tcp}
 * @param scheduleIcmp {@code schedule_icmp}
 */
public record SysctlConfig(boolean expireNodestConn, boolean expireQuiescentTemplate, int connReuseMode,
        boolean sloppyTcp, boolean scheduleIcmp) {

    /** Key of {@link #expireNodestConn}. */
    public static final String EXPIRE_NODEST_CONN = "expire_nodest_conn";
    /**
     * Default 0, the kernel's: connections of a removed destination stay until they expire and their
     * packets are dropped. 1 removes them at once, so clients notice sooner and reconnect elsewhere.
     */
    public static final int EXPIRE_NODEST_CONN_DEFAULT = Tunables.DEFAULT_EXPIRE_NODEST_CONN ? 1 : 0;

    /** Key of {@link #expireQuiescentTemplate}. */
    public static final String EXPIRE_QUIESCENT_TEMPLATE = "expire_quiescent_template";
    /**
     * Default 0, the kernel's: persistence templates keep pointing at a destination whose weight was
     * set to 0, so persistent clients stay on a draining server. 1 moves them on at their next
     * connection.
     */
    public static final int EXPIRE_QUIESCENT_TEMPLATE_DEFAULT = Tunables.DEFAULT_EXPIRE_QUIESCENT_TEMPLATE ? 1 : 0;

    /** Key of {@link #connReuseMode}. */
    public static final String CONN_REUSE_MODE = "conn_reuse_mode";
    /**
     * Default 1, the kernel's: a SYN that reuses the tuple of a TIME_WAIT or CLOSE connection is
     * scheduled afresh, so a busy client's recycled ports spread over the servers. 0 keeps the old
     * destination; bit 2 (values 2, 3) also reuses FIN_WAIT entries.
     */
    public static final int CONN_REUSE_MODE_DEFAULT = Tunables.DEFAULT_CONN_REUSE_MODE;

    /** Key of {@link #sloppyTcp}. */
    public static final String SLOPPY_TCP = "sloppy_tcp";
    /**
     * Default 0, the kernel's: only a SYN creates a TCP connection, which refuses stray segments. 1
     * lets any segment create one: needed when a connection moves between balancers, but any packet
     * then costs an entry.
     */
    public static final int SLOPPY_TCP_DEFAULT = Tunables.DEFAULT_SLOPPY_TCP ? 1 : 0;

    /** Key of {@link #scheduleIcmp}. */
    public static final String SCHEDULE_ICMP = "schedule_icmp";
    /**
     * Default 0, the kernel's: an ICMP error about no known connection is dropped. (IPVS's 1 schedules
     * it like a new flow; the engine does not implement that yet, so 1 is refused.)
     */
    public static final int SCHEDULE_ICMP_DEFAULT = Tunables.DEFAULT_SCHEDULE_ICMP ? 1 : 0;

    /** The keys of this section. */
    public static final List<String> KEYS = List.of(EXPIRE_NODEST_CONN, EXPIRE_QUIESCENT_TEMPLATE, CONN_REUSE_MODE,
            SLOPPY_TCP, SCHEDULE_ICMP);

    /**
     * Returns the kernel's defaults.
     *
     * @return the defaults
     */
    public static SysctlConfig defaults() {
        return new SysctlConfig(EXPIRE_NODEST_CONN_DEFAULT == 1, EXPIRE_QUIESCENT_TEMPLATE_DEFAULT == 1,
                CONN_REUSE_MODE_DEFAULT, SLOPPY_TCP_DEFAULT == 1, SCHEDULE_ICMP_DEFAULT == 1);
    }

    /**
     * Reads the {@code sysctl} section, recording a problem for each invalid key and using the default
     * in its place.
     *
     * @param in the section's mapping
     * @return the section
     */
    static SysctlConfig read(MappingReader in) {
        int scheduleIcmp = in.integer(SCHEDULE_ICMP, SCHEDULE_ICMP_DEFAULT, 0, 1);
        if (scheduleIcmp == 1) {
            in.problem(SCHEDULE_ICMP, "1 is not supported yet: the engine does not schedule ICMP errors; only 0"
                    + " (the kernel's default) is accepted");
        }
        return new SysctlConfig(in.integer(EXPIRE_NODEST_CONN, EXPIRE_NODEST_CONN_DEFAULT, 0, 1) == 1,
                in.integer(EXPIRE_QUIESCENT_TEMPLATE, EXPIRE_QUIESCENT_TEMPLATE_DEFAULT, 0, 1) == 1,
                in.integer(CONN_REUSE_MODE, CONN_REUSE_MODE_DEFAULT, 0, 3),
                in.integer(SLOPPY_TCP, SLOPPY_TCP_DEFAULT, 0, 1) == 1, false);
    }

    /**
     * Sets the engine's live tunables to these values.
     *
     * @param tunables the engine's tunables
     */
    public void applyTo(Tunables tunables) {
        tunables.setExpireNodestConn(expireNodestConn);
        tunables.setExpireQuiescentTemplate(expireQuiescentTemplate);
        tunables.setConnReuseMode(connReuseMode);
        tunables.setSloppyTcp(sloppyTcp);
        tunables.setScheduleIcmp(scheduleIcmp);
    }
}
