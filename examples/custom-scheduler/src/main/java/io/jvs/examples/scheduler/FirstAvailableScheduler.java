package io.jvs.examples.scheduler;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.PluginMetrics;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * First available ({@code fa}): every new connection goes to the first eligible destination in
 * list order. A poor man's active/passive failover: list the primary first and the backups after
 * it; when the primary becomes ineligible (quiescent, overloaded, or down) new connections go to
 * the next one, and they come back to the primary as soon as it is eligible again. Existing
 * connections stay where they are; that is the connection table's job, not the scheduler's.
 *
 * <p>This class is written for people learning to write a jvs scheduler. Read it top to bottom;
 * the comments explain every rule of the SPI that it follows.
 *
 * <p><b>Threads:</b> {@link #schedule} is called by several packet workers at once. It only reads
 * the service's current destination snapshot and final fields, so it needs no lock and is exact
 * on every worker.
 */
public final class FirstAvailableScheduler implements Scheduler {

    // RULE: everything schedule() uses is prepared here, when the scheduler is created, on the
    // control-plane thread. Allocation is fine here; it is not fine in schedule().

    /** Counts connections that did not go to the first destination: how often we failed over. */
    private final PluginMetrics.MetricCounter fallbacks;

    /** The value of the {@code fa-overflow} flag: use an overloaded destination rather than none. */
    private final boolean overflow;

    /**
     * Creates the scheduler of one service.
     *
     * @param metrics where to count fallbacks; the counter is looked up once, here
     * @param overflow when {@code true} and no destination is eligible, choose the first available
     *     destination with a weight above 0 even if it is overloaded, instead of none
     */
    public FirstAvailableScheduler(PluginMetrics metrics, boolean overflow) {
        // Look metrics up once and keep them in a field: counter(name) may allocate the first time,
        // increment() never does.
        this.fallbacks = metrics.counter("fallbacks");
        this.overflow = overflow;
    }

    /**
     * Returns the first eligible destination, or {@link Scheduler#NONE}.
     *
     * <p>The hot path. RULES: no allocation (no {@code new}, no boxing, no iterator, no lambda, no
     * string building), no lock, no blocking, no I/O, no clock read: the time is {@code nowNanos}.
     */
    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        // Read the snapshot ONCE: another thread may publish a new list while we loop, and this
        // local variable keeps our view consistent. An indexed loop creates no iterator.
        DestinationList destinations = service.destinations();
        int count = destinations.size();
        for (int i = 0; i < count; i++) {
            DestinationView candidate = destinations.get(i);
            // isEligible() = available, not overloaded and weight > 0. Weight 0 means "quiescent":
            // the operator is draining that server, so it must get no new connection.
            if (candidate.isEligible()) {
                if (i > 0) {
                    fallbacks.increment();
                }
                return candidate;
            }
        }
        if (overflow) {
            return firstAvailableEvenIfOverloaded(destinations, count);
        }
        // No destination: return NONE (which is null). The engine drops the packet (or answers
        // with RST/ICMP, as configured) and counts it. Never throw from schedule().
        return NONE;
    }

    private DestinationView firstAvailableEvenIfOverloaded(DestinationList destinations, int count) {
        for (int i = 0; i < count; i++) {
            DestinationView candidate = destinations.get(i);
            // Still never a quiescent or a down destination: only the overload limit is relaxed.
            if (candidate.isAvailable() && candidate.weight() > 0) {
                fallbacks.increment();
                return candidate;
            }
        }
        return NONE;
    }

    // The lifecycle hooks destinationAdded/Removed/Updated and done() keep their empty defaults:
    // this scheduler reads the live snapshot and has no table to rebuild. A hashing scheduler would
    // rebuild its table in each hook and publish it with one volatile write.
}
