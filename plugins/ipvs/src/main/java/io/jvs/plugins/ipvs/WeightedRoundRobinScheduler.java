package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Weighted round robin ({@code wrr}): destinations take turns in list order, and a destination of
 * weight {@code w} gets {@code w} turns per cycle, interleaved. A faithful port of Linux IPVS
 * {@code net/netfilter/ipvs/ip_vs_wrr.c} ({@code ip_vs_wrr_schedule}, {@code ip_vs_wrr_dest_changed}).
 *
 * <p>The kernel's stepping: {@code di} is the greatest common divisor of the weights above 0,
 * {@code mw} the maximum weight minus {@code di - 1}, and {@code cw} the current weight. Each pass
 * over the list picks, one call at a time, the destinations whose weight is at least {@code cw};
 * at the end of the list {@code cw} drops by {@code di}, and below 1 it starts again at {@code mw}.
 * Weights {4, 3, 2} give {@code a a b a b c a b c}, repeated.
 *
 * <ul>
 *   <li>Weight 0 is quiescent, and overloaded ({@code IP_VS_DEST_F_OVERLOAD}) and unavailable
 *       destinations are passed over; when a whole round finds nobody the call returns
 *       {@link Scheduler#NONE}, with the position left where the kernel leaves it.</li>
 *   <li>{@code di} and {@code mw} are recomputed in the hooks (added, removed, updated) from the
 *       weights of that moment, and the position goes back to the head of the list; {@code cw} is
 *       kept, capped to the new {@code mw} and aligned to the new {@code di}, as in the kernel.
 *       Weights are read afresh on every call.</li>
 * </ul>
 *
 * <p><b>Threads:</b> the kernel serialises the position ({@code mark->cl}, {@code mark->cw}) with
 * {@code svc->sched_lock}. Here the position is packed into one {@code long} and advanced with a
 * compare-and-set, retried when another worker moved it first: lock-free, and <b>the sequence over
 * all workers together is exactly the kernel's</b> (each call consumes one step; a worker sees a
 * sub-sequence). Retries cost one more scan under heavy contention. {@link #schedule} allocates
 * nothing; a call scans at most {@code (mw / di + 1)} passes over the list and usually a few
 * entries.
 */
public final class WeightedRoundRobinScheduler implements Scheduler {

    /** The position value for "the list head", before the first destination. */
    private static final int HEAD = -1;

    /** The stop value meaning "no stop destination yet". */
    private static final int NO_STOP = -2;

    /**
     * The destinations and the step parameters of the last hook, plus the position that calls advance.
     *
     * @param members the destinations in list order, as of the hook
     * @param di the weight step: the gcd of the weights above 0, or 1
     * @param mw the starting current weight: the maximum weight minus {@code di - 1}; 0 when no
     *     destination has a weight
     * @param position {@code (index of the last chosen, HEAD for the list head) << 32 | cw}
     */
    private record Round(DestinationView[] members, int di, int mw, AtomicLong position) {
    }

    /** The current round; replaced (one volatile write) by every hook. */
    private volatile Round round;

    /**
     * Creates the scheduler of one service, as {@code ip_vs_wrr_init_svc}.
     *
     * @param service the service, with the destinations it has now
     */
    public WeightedRoundRobinScheduler(ServiceView service) {
        DestinationView[] members = copy(service.destinations());
        int di = gcdOfWeights(members);
        int mw = maxWeight(members) - (di - 1);
        this.round = new Round(members, di, mw, new AtomicLong(pack(HEAD, mw)));
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        Round current = round;
        DestinationView[] members = current.members;
        int di = current.di;
        int mw = current.mw;
        AtomicLong position = current.position;
        while (true) {
            long observed = position.get();
            int last = (int) (observed >> 32);
            int cw = (int) observed;
            if (mw == 0) {
                return NONE;
            }
            int index = last;
            int stop = NO_STOP;
            boolean lastPass = false;
            boolean restarted = false;
            DestinationView found = NONE;
            scan:
            while (true) {
                for (index = index + 1; index < members.length; index++) {
                    DestinationView candidate = members[index];
                    if (candidate.weight() >= cw && candidate.isAvailable() && !candidate.isOverloaded()) {
                        found = candidate;
                        break scan;
                    }
                    if (index == stop) {
                        break scan;
                    }
                }
                index = HEAD;
                cw -= di;
                if (cw <= 0) {
                    cw = mw;
                    if (lastPass || last == HEAD) {
                        break;
                    }
                    restarted = true;
                }
                lastPass = cw <= di;
                if (lastPass && restarted && last != HEAD) {
                    stop = last;
                }
            }
            if (position.compareAndSet(observed, pack(index, cw))) {
                return found;
            }
        }
    }

    @Override
    public void destinationAdded(ServiceView service, DestinationView destination) {
        changed(service);
    }

    @Override
    public void destinationRemoved(ServiceView service, DestinationView destination) {
        changed(service);
    }

    @Override
    public void destinationUpdated(ServiceView service, DestinationView destination) {
        changed(service);
    }

    /** {@code ip_vs_wrr_dest_changed}: new step parameters, position back at the head, cw kept if it fits. */
    private void changed(ServiceView service) {
        DestinationView[] members = copy(service.destinations());
        int di = gcdOfWeights(members);
        int mw = maxWeight(members) - (di - 1);
        int cw = (int) round.position.get();
        if (cw > mw || cw == 0) {
            cw = mw;
        } else if (di > 1) {
            cw = (cw / di) * di + 1;
        }
        round = new Round(members, di, mw, new AtomicLong(pack(HEAD, cw)));
    }

    private static long pack(int index, int cw) {
        return ((long) index << 32) | (cw & 0xFFFFFFFFL);
    }

    /**
     * {@code ip_vs_wrr_gcd_weight}: the greatest common divisor of the weights above 0.
     *
     * @param members the destinations
     * @return the divisor, 1 when no weight is above 0
     */
    static int gcdOfWeights(DestinationView[] members) {
        int g = 0;
        for (DestinationView member : members) {
            int weight = member.weight();
            if (weight > 0) {
                g = g > 0 ? gcd(weight, g) : weight;
            }
        }
        return g > 0 ? g : 1;
    }

    private static int maxWeight(DestinationView[] members) {
        int max = 0;
        for (DestinationView member : members) {
            max = Math.max(max, member.weight());
        }
        return max;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int r = a % b;
            a = b;
            b = r;
        }
        return a;
    }

    private static DestinationView[] copy(DestinationList list) {
        DestinationView[] copy = new DestinationView[list.size()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = list.get(i);
        }
        return copy;
    }
}
