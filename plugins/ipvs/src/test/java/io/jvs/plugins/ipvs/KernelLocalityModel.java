package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationView;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * A reference model of {@code ip_vs_lblc.c} and {@code ip_vs_lblcr.c} over plain collections (a map of
 * entries, a linked list per destination set, newest first), to check the lock-free fixed-size
 * implementations. It includes the documented departures of jvs: a remembered destination must
 * not carry the overload flag, a removed destination leaves every entry at once, a set holds at most
 * four members (the most loaded, else the oldest, makes room), and entries expire when looked up.
 */
final class KernelLocalityModel {

    private static final class Entry {
        final LinkedList<DestinationView> set = new LinkedList<>();
        int lastUse;
        int lastModified;
    }

    private final Map<Long, Entry> entries = new HashMap<>();
    private final int expiration;

    KernelLocalityModel(int expirationSeconds) {
        this.expiration = expirationSeconds;
    }

    /** {@code ip_vs_lblc_schedule}. */
    DestinationView scheduleLblc(List<? extends DestinationView> service, long address, int now) {
        Entry en = live(address, now);
        if (en != null) {
            en.lastUse = now;
            DestinationView dest = en.set.getFirst();
            if (dest.isAvailable() && dest.weight() > 0 && !dest.isOverloaded() && !isOverloaded(dest, service)) {
                return dest;
            }
        }
        DestinationView dest = weightedLeastConnection(service);
        if (dest == null) {
            return null;
        }
        if (en == null || en.set.getFirst() != dest) {
            Entry fresh = new Entry();
            fresh.set.add(dest);
            fresh.lastUse = now;
            fresh.lastModified = now;
            entries.put(address, fresh);
        }
        return dest;
    }

    /** {@code ip_vs_lblcr_schedule}. */
    DestinationView scheduleLblcr(List<? extends DestinationView> service, long address, int now) {
        Entry en = live(address, now);
        if (en != null) {
            en.lastUse = now;
            DestinationView dest = weightedLeastConnection(en.set);
            if (en.set.size() > 1 && now - en.lastModified > expiration) {
                DestinationView most = setMax(en.set);
                if (most != null) {
                    en.set.remove(most);
                    en.lastModified = now;
                }
            }
            if (dest != null && !isOverloaded(dest, service)) {
                return dest;
            }
            dest = weightedLeastConnection(service);
            if (dest == null) {
                return null;
            }
            if (!en.set.contains(dest)) {
                if (en.set.size() == 4) {
                    DestinationView most = setMax(en.set);
                    en.set.remove(most != null ? most : en.set.getLast());
                }
                en.set.addFirst(dest);
                en.lastModified = now;
            }
            return dest;
        }
        DestinationView dest = weightedLeastConnection(service);
        if (dest == null) {
            return null;
        }
        Entry fresh = new Entry();
        fresh.set.add(dest);
        fresh.lastUse = now;
        fresh.lastModified = now;
        entries.put(address, fresh);
        return dest;
    }

    /** A destination left the service: it leaves every set. */
    void remove(DestinationView destination) {
        entries.values().forEach(entry -> entry.set.remove(destination));
    }

    private Entry live(long address, int now) {
        Entry en = entries.get(address);
        if (en != null && (en.set.isEmpty() || now - en.lastUse >= expiration)) {
            entries.remove(address);
            return null;
        }
        return en;
    }

    /** {@code is_overloaded(dest, svc)}. */
    private static boolean isOverloaded(DestinationView dest, List<? extends DestinationView> service) {
        if (dest.activeConnections() > dest.weight()) {
            for (DestinationView d : service) {
                if (d.isAvailable() && d.activeConnections() * 2 < d.weight()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long overhead(DestinationView d) {
        return d.activeConnections() * 256L + d.inactiveConnections();
    }

    /**
     * {@code __ip_vs_lblc_schedule} over the service, and {@code ip_vs_dest_set_min} over a set: the
     * first usable destination, then any strictly less loaded one.
     */
    private static DestinationView weightedLeastConnection(List<? extends DestinationView> destinations) {
        DestinationView least = null;
        for (DestinationView dest : destinations) {
            if (dest.isOverloaded() || !dest.isAvailable() || dest.weight() <= 0) {
                continue;
            }
            if (least == null || overhead(least) * dest.weight() > overhead(dest) * least.weight()) {
                least = dest;
            }
        }
        return least;
    }

    /** {@code ip_vs_dest_set_max}. */
    private static DestinationView setMax(List<DestinationView> set) {
        DestinationView most = null;
        for (DestinationView dest : set) {
            if (dest.weight() <= 0) {
                continue;
            }
            if (most == null || overhead(most) * dest.weight() < overhead(dest) * most.weight()) {
                most = dest;
            }
        }
        return most;
    }
}
