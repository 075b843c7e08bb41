package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * Shortest expected delay ({@code sed}): the eligible destination with the smallest
 * {@code (active + 1) / weight}, the expected delay of the new job if it joined that server
 * (Weinrib and Shenker, "Greed is not enough", INFOCOM'88). A port of Linux IPVS
 * {@code net/netfilter/ipvs/ip_vs_sed.c} ({@code ip_vs_sed_schedule}).
 *
 * <ul>
 *   <li>Only active connections count; inactive ones are ignored (unlike {@code wlc}).</li>
 *   <li>Candidate {@code d} replaces {@code least} when
 *       {@code (active(least) + 1) * weight(d) > (active(d) + 1) * weight(least)}, in 64-bit
 *       arithmetic, so ties go to the first in list order.</li>
 *   <li>Weight 0 is quiescent; overloaded and unavailable destinations are skipped;
 *       {@link Scheduler#NONE} when none is eligible.</li>
 * </ul>
 *
 * <p><b>Threads:</b> stateless; counters are plain (possibly slightly stale) loads. Any number of
 * workers may call {@link #schedule} at once. Allocation-free, O(number of destinations).
 */
public final class ShortestExpectedDelayScheduler implements Scheduler {

    /** Creates the scheduler; it keeps no state. */
    public ShortestExpectedDelayScheduler() {
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        return leastExpectedDelay(service.destinations(), false);
    }

    /**
     * Chooses the eligible destination with the smallest {@code (active + 1) / weight}, the first of
     * equals; with {@code idleFirst} ({@code nq}), the first eligible destination without active
     * connections is taken before that.
     *
     * @param destinations the service's destinations
     * @param idleFirst whether an idle destination wins at once
     * @return the destination, {@link Scheduler#NONE} when none is eligible
     */
    static DestinationView leastExpectedDelay(DestinationList destinations, boolean idleFirst) {
        DestinationView least = NONE;
        long leastOverhead = 0;
        long leastWeight = 0;
        for (int i = 0; i < destinations.size(); i++) {
            DestinationView candidate = destinations.get(i);
            if (!candidate.isEligible()) {
                continue;
            }
            int active = candidate.activeConnections();
            if (idleFirst && active == 0) {
                return candidate;
            }
            long overhead = active + 1L;
            long weight = candidate.weight();
            if (least == NONE || leastOverhead * weight > overhead * leastWeight) {
                least = candidate;
                leastOverhead = overhead;
                leastWeight = weight;
            }
        }
        return least;
    }
}
