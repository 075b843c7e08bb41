package io.jvs.engine.conn;

/**
 * Receives the changes of per-destination connection counters caused by a {@link ConnectionTable}, as
 * IPVS updates {@code dest->activeconns}, {@code dest->inactconns} and {@code dest->persistconns} in
 * {@code ip_vs_bind_dest}, {@code set_tcp_state} and {@code ip_vs_unbind_dest}.
 *
 * <p>A connection counts as active while it is a TCP connection in ESTABLISHED, inactive otherwise
 * (every other TCP state, every UDP and ICMP entry); persistence templates count only as templates.
 * The table calls {@link #adjust} when an entry is inserted (+1), when its state crosses the
 * active/inactive line (+1/-1) and when it is removed (-1), so that the sum of all deltas for a
 * destination always equals the live entries that point to it.
 *
 * <p><b>Threads:</b> called on the table's owner thread, from inside table operations. Must be quick,
 * must not throw and must not call back into the table.
 */
@FunctionalInterface
public interface ConnectionAccounting {

    /** Accounting that ignores every change. */
    ConnectionAccounting NONE = (destId, activeDelta, inactiveDelta, templateDelta) -> {
    };

    /**
     * Applies one change.
     *
     * @param destId the destination id the entry was inserted with
     * @param activeDelta change of the active-connection count: -1, 0 or +1
     * @param inactiveDelta change of the inactive-connection count: -1, 0 or +1
     * @param templateDelta change of the persistence-template count: -1, 0 or +1
     */
    void adjust(int destId, int activeDelta, int inactiveDelta, int templateDelta);
}
