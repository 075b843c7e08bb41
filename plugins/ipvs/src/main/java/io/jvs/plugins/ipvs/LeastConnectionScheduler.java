package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * Least connection ({@code lc}): the eligible destination with the smallest
 * {@linkplain ConnectionOverhead overhead} {@code active * 256 + inactive}. A port of Linux IPVS
 * {@code net/netfilter/ipvs/ip_vs_lc.c} ({@code ip_vs_lc_schedule}).
 *
 * <ul>
 *   <li>Weights above 0 are ignored (use {@code wlc} to honour them); weight 0 is quiescent.
 *       Overloaded and unavailable destinations are skipped.</li>
 *   <li>Ties go to the first in list order (the kernel replaces its candidate only on a strictly
 *       smaller overhead).</li>
 *   <li>{@link Scheduler#NONE} when no destination is eligible.</li>
 * </ul>
 *
 * <p><b>Threads:</b> stateless; the counters are read with plain loads, possibly slightly stale, as
 * the kernel's {@code atomic_read}. Any number of workers may call {@link #schedule} at once.
 * Allocation-free, O(number of destinations).
 */
public final class LeastConnectionScheduler implements Scheduler {

    /** Creates the scheduler; it keeps no state. */
    public LeastConnectionScheduler() {
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        DestinationList destinations = service.destinations();
        DestinationView least = NONE;
        long leastOverhead = 0;
        for (int i = 0; i < destinations.size(); i++) {
            DestinationView candidate = destinations.get(i);
            if (!candidate.isEligible()) {
                continue;
            }
            long overhead = ConnectionOverhead.of(candidate);
            if (least == NONE || overhead < leastOverhead) {
                least = candidate;
                leastOverhead = overhead;
            }
        }
        return least;
    }
}
