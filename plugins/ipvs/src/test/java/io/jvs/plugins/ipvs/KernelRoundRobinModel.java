package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationView;

/**
 * A reference model of {@code ip_vs_rr.c} written the kernel's way, over a circular doubly linked
 * list with a head sentinel and a {@code sched_data} pointer, to check {@link RoundRobinScheduler}
 * (which works on indexes into immutable snapshots) against an independent implementation.
 */
final class KernelRoundRobinModel {

    private static final class Node {
        final DestinationView destination;
        Node prev;
        Node next;

        Node(DestinationView destination) {
            this.destination = destination;
        }
    }

    private final Node head = new Node(null);
    private Node schedData;

    KernelRoundRobinModel() {
        head.prev = head;
        head.next = head;
        schedData = head;
    }

    /** {@code list_add_tail_rcu(&dest->n_list, &svc->destinations)}. */
    void add(DestinationView destination) {
        Node node = new Node(destination);
        node.prev = head.prev;
        node.next = head;
        head.prev.next = node;
        head.prev = node;
    }

    /** {@code list_del_rcu} then {@code ip_vs_rr_del_dest}: the unlinked node keeps its next pointer. */
    void remove(DestinationView destination) {
        Node node = head.next;
        while (node.destination != destination) {
            node = node.next;
        }
        node.prev.next = node.next;
        node.next.prev = node.prev;
        if (schedData == node) {
            schedData = node.next.prev;
        }
    }

    /** {@code ip_vs_rr_schedule}, with {@code goto out} and {@code goto stop} as returns. */
    DestinationView schedule() {
        Node p = schedData;
        Node last = p;
        Node dest = p;
        int pass = 0;
        do {
            for (dest = dest.next; dest != head; dest = dest.next) {
                if (dest.destination.isEligible()) {
                    schedData = dest;
                    return dest.destination;
                }
                if (dest == last) {
                    return null;
                }
            }
            pass++;
        } while (pass < 2 && p != head);
        return null;
    }
}
