package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * Weighted least connection ({@code wlc}), the scheduler a service gets when it names none (as with
 * {@code ipvsadm}): the eligible destination with the smallest
 * {@code (active * 256 + inactive) / weight}. A port of Linux IPVS
 * {@code net/netfilter/ipvs/ip_vs_wlc.c} ({@code ip_vs_wlc_schedule}).
 *
 * <ul>
 *   <li>The ratios are compared without division, as the kernel does: candidate {@code d} replaces
 *       the current {@code least} when {@code overhead(least) * weight(d) > overhead(d) * weight(least)},
 *       in 64-bit arithmetic. Ties therefore go to the first in list order.</li>
 *   <li>Weight 0 is quiescent; overloaded and unavailable destinations are skipped;
 *       {@link Scheduler#NONE} when none is eligible.</li>
 * </ul>
 *
 * <p><b>Threads:</b> stateless; counters are plain (possibly slightly stale) loads. Any number of
 * workers may call {@link #schedule} at once. Allocation-free, O(number of destinations).
 */
public final class WeightedLeastConnectionScheduler implements Scheduler {

    /** Creates the scheduler; it keeps no state. */
    public WeightedLeastConnectionScheduler() {
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        DestinationList destinations = service.destinations();
        int least = indexOfLeastLoaded(destinations);
        return least < 0 ? NONE : destinations.get(least);
    }

    /**
     * Finds the weighted least-connection destination of a list: IPVS's {@code wlc} rule, which
     * {@code lblc} and {@code lblcr} use as well ({@code __ip_vs_lblc_schedule}).
     *
     * @param destinations the destinations, in list order
     * @return the index of the eligible destination with the smallest overhead per weight (the first
     *     on ties), or -1 when none is eligible
     */
    static int indexOfLeastLoaded(DestinationList destinations) {
        int least = -1;
        long leastOverhead = 0;
        long leastWeight = 0;
        for (int i = 0; i < destinations.size(); i++) {
            DestinationView candidate = destinations.get(i);
            if (!candidate.isEligible()) {
                continue;
            }
            long overhead = ConnectionOverhead.of(candidate);
            long weight = candidate.weight();
            if (least < 0 || leastOverhead * weight > overhead * leastWeight) {
                least = i;
                leastOverhead = overhead;
                leastWeight = weight;
            }
        }
        return least;
    }
}
