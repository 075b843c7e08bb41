package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationView;

/**
 * A reference model of {@code ip_vs_wrr.c} written the kernel's way, over a circular doubly linked
 * list with a head sentinel and a {@code struct ip_vs_wrr_mark} ({@code cl}, {@code cw}, {@code mw},
 * {@code di}), to check {@link WeightedRoundRobinScheduler} (indexes into snapshots, a packed
 * position advanced by compare-and-set) against an independent implementation. Destinations whose
 * {@code isAvailable()} is false are treated as if unlinked, as the kernel's list holds only
 * available ones.
 */
final class KernelWeightedRoundRobinModel {

    private static final class Node {
        final DestinationView destination;
        Node prev;
        Node next;

        Node(DestinationView destination) {
            this.destination = destination;
        }
    }

    private final Node head = new Node(null);
    private Node cl;
    private int cw;
    private int mw;
    private int di;

    /** {@code ip_vs_wrr_init_svc} over the destinations added before. */
    KernelWeightedRoundRobinModel(Iterable<? extends DestinationView> initial) {
        head.prev = head;
        head.next = head;
        for (DestinationView destination : initial) {
            link(destination);
        }
        cl = head;
        di = gcdWeight();
        mw = maxWeight() - (di - 1);
        cw = mw;
    }

    /** {@code list_add_tail_rcu}, then {@code add_dest}. */
    void add(DestinationView destination) {
        link(destination);
        destChanged();
    }

    /** {@code list_del_rcu}, then {@code del_dest}. */
    void remove(DestinationView destination) {
        Node node = head.next;
        while (node.destination != destination) {
            node = node.next;
        }
        node.prev.next = node.next;
        node.next.prev = node.prev;
        destChanged();
    }

    /** {@code upd_dest}. */
    void update() {
        destChanged();
    }

    private void link(DestinationView destination) {
        Node node = new Node(destination);
        node.prev = head.prev;
        node.next = head;
        head.prev.next = node;
        head.prev = node;
    }

    /** {@code ip_vs_wrr_dest_changed}. */
    private void destChanged() {
        cl = head;
        di = gcdWeight();
        mw = maxWeight() - (di - 1);
        if (cw > mw || cw == 0) {
            cw = mw;
        } else if (di > 1) {
            cw = (cw / di) * di + 1;
        }
    }

    /** {@code ip_vs_wrr_schedule}, with its gotos as returns. */
    DestinationView schedule() {
        Node dest = cl;
        Node stop = null;
        boolean lastPass = false;
        boolean restarted = false;
        if (mw == 0) {
            cl = dest;
            return null;
        }
        Node last = dest;
        while (true) {
            for (dest = dest.next; dest != head; dest = dest.next) {
                DestinationView d = dest.destination;
                if (d.isAvailable() && !d.isOverloaded() && d.weight() >= cw) {
                    cl = dest;
                    return d;
                }
                if (dest == stop) {
                    cl = dest;
                    return null;
                }
            }
            cw -= di;
            if (cw <= 0) {
                cw = mw;
                if (lastPass || last == head) {
                    cl = dest;
                    return null;
                }
                restarted = true;
            }
            lastPass = cw <= di;
            if (lastPass && restarted && last != head) {
                stop = last;
            }
        }
    }

    private int gcdWeight() {
        int g = 0;
        for (Node n = head.next; n != head; n = n.next) {
            int weight = n.destination.weight();
            if (weight > 0) {
                g = g > 0 ? java.math.BigInteger.valueOf(weight).gcd(java.math.BigInteger.valueOf(g)).intValue() : weight;
            }
        }
        return g != 0 ? g : 1;
    }

    private int maxWeight() {
        int weight = 0;
        for (Node n = head.next; n != head; n = n.next) {
            weight = Math.max(weight, n.destination.weight());
        }
        return weight;
    }
}
