package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * Weighted failover ({@code fo}): every new connection goes to the eligible destination with the
 * highest weight; when it fails, is overloaded or is quiesced, the next highest takes over. A port
 * of Linux IPVS {@code net/netfilter/ipvs/ip_vs_fo.c} ({@code ip_vs_fo_schedule}).
 *
 * <ul>
 *   <li>Ties go to the first in list order (the kernel replaces its candidate only on a strictly
 *       higher weight).</li>
 *   <li>Connection counts play no part; weight 0 is quiescent; overloaded and unavailable
 *       destinations are skipped; {@link Scheduler#NONE} when none is eligible.</li>
 * </ul>
 *
 * <p><b>Threads:</b> stateless. Any number of workers may call {@link #schedule} at once.
 * Allocation-free, O(number of destinations).
 */
public final class WeightedFailoverScheduler implements Scheduler {

    /** Creates the scheduler; it keeps no state. */
    public WeightedFailoverScheduler() {
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        DestinationList destinations = service.destinations();
        DestinationView highest = NONE;
        int highestWeight = 0;
        for (int i = 0; i < destinations.size(); i++) {
            DestinationView candidate = destinations.get(i);
            int weight = candidate.weight();
            if (weight > highestWeight && candidate.isEligible()) {
                highest = candidate;
                highestWeight = weight;
            }
        }
        return highest;
    }
}
