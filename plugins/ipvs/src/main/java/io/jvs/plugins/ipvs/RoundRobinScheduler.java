package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round robin ({@code rr}): each new connection goes to the next eligible destination in list
 * order, continuing after the one chosen last. A faithful port of Linux IPVS
 * {@code net/netfilter/ipvs/ip_vs_rr.c} ({@code ip_vs_rr_schedule}, {@code ip_vs_rr_del_dest}).
 *
 * <ul>
 *   <li><b>Eligible</b> means {@link DestinationView#isEligible()}: available, not overloaded
 *       ({@code IP_VS_DEST_F_OVERLOAD}) and weight above 0 (weight 0 is quiescent). Weights above 0
 *       are otherwise ignored; {@code wrr} honours them.</li>
 *   <li>The scan starts at the destination after the last chosen one and goes once around the
 *       list, ending with the last chosen one itself; when none is eligible it returns
 *       {@link Scheduler#NONE} (IPVS logs "no destination available" and returns {@code NULL}).</li>
 *   <li>When the destination chosen last is removed, the turn passes to the one that followed it;
 *       removing an earlier one does not disturb the turn. Added destinations join at the end.</li>
 * </ul>
 *
 * <p><b>Threads:</b> the position is one {@code int} shared by all workers, read and written with
 * opaque (non-fenced) accesses and no lock, where the kernel takes {@code svc->sched_lock}. With
 * one worker the sequence is exactly IPVS's. With several, two workers may read the same position
 * at once and choose the same destination, or one may skip a turn: every choice is still eligible
 * and the shares stay equal over many connections, but strict alternation is not guaranteed.
 * {@link #schedule} allocates nothing and is O(number of destinations) at worst.
 */
public final class RoundRobinScheduler implements Scheduler {

    /** Index, in the current snapshot, of the destination chosen last; -1 before the first choice. */
    private final AtomicInteger lastChosen = new AtomicInteger(-1);

    /** The destinations as of the last hook, to find a removed one's index. Control plane only. */
    private DestinationView[] members;

    /**
     * Creates the scheduler of one service.
     *
     * @param service the service, with the destinations it has now
     */
    public RoundRobinScheduler(ServiceView service) {
        this.members = copy(service.destinations());
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        DestinationList destinations = service.destinations();
        int count = destinations.size();
        if (count == 0) {
            return NONE;
        }
        int index = (lastChosen.getOpaque() + 1) % count;
        for (int scanned = 0; scanned < count; scanned++) {
            DestinationView candidate = destinations.get(index);
            if (candidate.isEligible()) {
                lastChosen.setOpaque(index);
                return candidate;
            }
            index = index + 1 == count ? 0 : index + 1;
        }
        return NONE;
    }

    @Override
    public void destinationAdded(ServiceView service, DestinationView destination) {
        members = copy(service.destinations());
    }

    @Override
    public void destinationRemoved(ServiceView service, DestinationView destination) {
        int removedIndex = indexOf(members, destination);
        members = copy(service.destinations());
        int last = lastChosen.getOpaque();
        if (removedIndex >= 0 && removedIndex <= last) {
            lastChosen.setOpaque(last - 1);
        }
    }

    private static int indexOf(DestinationView[] destinations, DestinationView wanted) {
        for (int i = 0; i < destinations.length; i++) {
            if (destinations[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static DestinationView[] copy(DestinationList list) {
        DestinationView[] copy = new DestinationView[list.size()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = list.get(i);
        }
        return copy;
    }
}
