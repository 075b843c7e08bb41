package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * Overflow ({@code ovf}): all new connections go to the destination with the highest weight until
 * its active connections exceed its weight; then they overflow to the next highest weight, and so
 * on. The weight works as a connection limit. A port of Linux IPVS
 * {@code net/netfilter/ipvs/ip_vs_ovf.c} ({@code ip_vs_ovf_schedule}).
 *
 * <ul>
 *   <li>A destination is a candidate while {@code active <= weight}; only active connections count,
 *       so the scheduler suits TCP rather than UDP (whose entries are all inactive).</li>
 *   <li>Among candidates the highest weight wins; ties go to the first in list order.</li>
 *   <li>Weight 0 is quiescent; overloaded and unavailable destinations are skipped;
 *       {@link Scheduler#NONE} when every destination is full or ineligible.</li>
 * </ul>
 *
 * <p><b>Threads:</b> stateless; counters are plain (possibly slightly stale) loads, so several
 * workers may overflow a destination by a few connections at once, as several CPUs may in the
 * kernel. Allocation-free, O(number of destinations).
 */
public final class OverflowScheduler implements Scheduler {

    /** Creates the scheduler; it keeps no state. */
    public OverflowScheduler() {
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        DestinationList destinations = service.destinations();
        DestinationView highest = NONE;
        int highestWeight = 0;
        for (int i = 0; i < destinations.size(); i++) {
            DestinationView candidate = destinations.get(i);
            int weight = candidate.weight();
            if (weight > highestWeight && candidate.activeConnections() <= weight && candidate.isEligible()) {
                highest = candidate;
                highestWeight = weight;
            }
        }
        return highest;
    }
}
