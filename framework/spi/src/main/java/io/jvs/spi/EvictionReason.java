package io.jvs.spi;

/**
 * Why a connection-cache entry was removed. Every removal produces exactly one notification with one
 * of these reasons.
 */
public enum EvictionReason {
    /** Its timeout ran out with no packet seen (IPVS {@code ip_vs_conn_expire}). */
    EXPIRED,
    /** The protocol closed it: a TCP connection reached CLOSE (after FIN/RST and the short close timeout), or the proxy saw both sides close. */
    CLOSED,
    /**
     * The same session (same session key) arrived from a different 5-tuple, or the tuple was reused by
     * another session: the old entry is removed at once instead of lingering until it expires.
     */
    REPLACED,
    /** Its destination was removed from the service ({@code expire_nodest_conn}). */
    DEST_REMOVED,
    /** Its destination's weight became 0 and the quiescent policy expires its entries ({@code expire_quiescent_template}). */
    DEST_QUIESCED,
    /** The table was full and this entry was dropped to make room (embryonic entries first, as IPVS {@code ip_vs_random_dropentry}). */
    CAPACITY,
    /** An operator flushed it ({@code ipvsadm --flush}-like, or its service was deleted). */
    FLUSHED,
    /** A new connection reused its tuple (a SYN on a TIME_WAIT/CLOSE entry) and was scheduled afresh, as IPVS {@code conn_reuse_mode}. */
    RESCHEDULED
}
