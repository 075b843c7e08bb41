package io.jvs.engine;

/**
 * The IPVS sysctls jvs implements ({@code /proc/sys/net/ipv4/vs/*}), live-changeable by the control
 * plane and read by workers with plain volatile loads. Defaults are the kernel's.
 */
public final class Tunables {

    /** {@code expire_nodest_conn} default: keep entries of removed destinations until they expire (packets dropped). */
    public static final boolean DEFAULT_EXPIRE_NODEST_CONN = false;
    /** {@code expire_quiescent_template} default: templates pointing to weight-0 destinations stay. */
    public static final boolean DEFAULT_EXPIRE_QUIESCENT_TEMPLATE = false;
    /** {@code conn_reuse_mode} default 1: a SYN on a TIME_WAIT/CLOSE entry is scheduled afresh. */
    public static final int DEFAULT_CONN_REUSE_MODE = 1;
    /** {@code sloppy_tcp} default: only a SYN may create a TCP entry. */
    public static final boolean DEFAULT_SLOPPY_TCP = false;
    /** {@code schedule_icmp} default: ICMP errors without an entry are not scheduled. */
    public static final boolean DEFAULT_SCHEDULE_ICMP = false;

    private volatile boolean expireNodestConn = DEFAULT_EXPIRE_NODEST_CONN;
    private volatile boolean expireQuiescentTemplate = DEFAULT_EXPIRE_QUIESCENT_TEMPLATE;
    private volatile int connReuseMode = DEFAULT_CONN_REUSE_MODE;
    private volatile boolean sloppyTcp = DEFAULT_SLOPPY_TCP;
    private volatile boolean scheduleIcmp = DEFAULT_SCHEDULE_ICMP;

    /** @return {@code expire_nodest_conn} */
    public boolean expireNodestConn() {
        return expireNodestConn;
    }

    /** @param value {@code expire_nodest_conn} */
    public void setExpireNodestConn(boolean value) {
        expireNodestConn = value;
    }

    /** @return {@code expire_quiescent_template} */
    public boolean expireQuiescentTemplate() {
        return expireQuiescentTemplate;
    }

    /** @param value {@code expire_quiescent_template} */
    public void setExpireQuiescentTemplate(boolean value) {
        expireQuiescentTemplate = value;
    }

    /** @return {@code conn_reuse_mode} (bit 0: reschedule on port reuse) */
    public int connReuseMode() {
        return connReuseMode;
    }

    /**
     * Sets {@code conn_reuse_mode}.
     *
     * @param value 0..3 as the kernel accepts
     */
    public void setConnReuseMode(int value) {
        if (value < 0 || value > 3) {
            throw new IllegalArgumentException("conn_reuse_mode: " + value + " is out of 0..3");
        }
        connReuseMode = value;
    }

    /** @return {@code sloppy_tcp} */
    public boolean sloppyTcp() {
        return sloppyTcp;
    }

    /** @param value {@code sloppy_tcp} */
    public void setSloppyTcp(boolean value) {
        sloppyTcp = value;
    }

    /** @return {@code schedule_icmp} */
    public boolean scheduleIcmp() {
        return scheduleIcmp;
    }

    /** @param value {@code schedule_icmp} */
    public void setScheduleIcmp(boolean value) {
        scheduleIcmp = value;
    }
}
