package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * Never queue ({@code nq}): an idle destination (no active connection) if there is one, otherwise
 * the one with the shortest expected delay {@code (active + 1) / weight}, as {@code sed}. A port of
 * Linux IPVS {@code net/netfilter/ipvs/ip_vs_nq.c} ({@code ip_vs_nq_schedule}).
 *
 * <ul>
 *   <li>The first idle eligible destination in list order is returned at once, whatever its
 *       weight: a job never waits while a server is idle.</li>
 *   <li>Otherwise candidate {@code d} replaces {@code least} when
 *       {@code (active(least) + 1) * weight(d) > (active(d) + 1) * weight(least)}; ties go to the
 *       first in list order.</li>
 *   <li>Weight 0 is quiescent; overloaded and unavailable destinations are skipped;
 *       {@link Scheduler#NONE} when none is eligible.</li>
 * </ul>
 *
 * <p><b>Threads:</b> stateless; counters are plain (possibly slightly stale) loads. Any number of
 * workers may call {@link #schedule} at once. Allocation-free, O(number of destinations).
 */
public final class NeverQueueScheduler implements Scheduler {

    /** Creates the scheduler; it keeps no state. */
    public NeverQueueScheduler() {
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        return ShortestExpectedDelayScheduler.leastExpectedDelay(service.destinations(), true);
    }
}
