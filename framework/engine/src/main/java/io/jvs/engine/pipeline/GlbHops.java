package io.jvs.engine.pipeline;

import io.jvs.engine.forward.GlbGueEncapsulator;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.VirtualService;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SecondChanceHops;

/**
 * The hop list of a {@code glb-gue} packet: the connection's destination first, then the further
 * hops its service's scheduler gives for the packet when it implements {@link SecondChanceHops}
 * (GLB's rendezvous row without the first hop). Hops of another address family than the first are
 * left out (the outer header has one family); a scheduler that throws is counted as a scheduler
 * error and the packet goes with its first hop only.
 *
 * <p><b>Not thread-safe:</b> one instance per worker; allocation-free per packet.
 */
final class GlbHops {
    private final DestinationView[] next = new DestinationView[SecondChanceHops.MAX_NEXT_HOPS];
    private final int[] words = new int[4 * (1 + SecondChanceHops.MAX_NEXT_HOPS)];

    /**
     * Collects the hops of a packet into {@link #words()}.
     *
     * @param packet the packet, parsed (before encapsulation)
     * @param first the connection's destination, the outer destination
     * @param counters where a scheduler error is counted
     * @return the number of hops, at least 1
     */
    int collect(PacketView packet, RealServer first, WorkerCounters counters) {
        int family = first.family();
        int stride = family == AddressFamily.IPV4 ? 1 : 4;
        int count = put(0, first, stride);
        VirtualService service = first.service();
        Scheduler scheduler = service.scheduler();
        if (!(scheduler instanceof SecondChanceHops source)) {
            return count;
        }
        int max = family == AddressFamily.IPV4 ? SecondChanceHops.MAX_NEXT_HOPS
                : Math.min(SecondChanceHops.MAX_NEXT_HOPS, GlbGueEncapsulator.MAX_IPV6_HOPS - 1);
        int given;
        try {
            given = Math.min(source.nextHops(service, packet, first, next), max);
        } catch (RuntimeException e) {
            counters.increment(WorkerCounters.SCHEDULER_ERRORS);
            return count;
        }
        for (int h = 0; h < given; h++) {
            DestinationView hop = next[h];
            if (hop != null && hop != first && hop.family() == family) {
                count = put(count, hop, stride);
            }
        }
        return count;
    }

    private int put(int count, DestinationView hop, int stride) {
        int at = count * stride;
        for (int w = 0; w < stride; w++) {
            words[at + w] = hop.addressWord(w);
        }
        return count + 1;
    }

    /** {@return the hop addresses of the last {@link #collect}, network byte order, one or four words per hop} */
    int[] words() {
        return words;
    }
}
