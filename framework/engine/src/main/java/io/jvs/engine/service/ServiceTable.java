package io.jvs.engine.service;

import java.util.Collection;
import java.util.List;

/**
 * An immutable lookup table from (family, protocol, virtual address, port) or (family, firewall
 * mark) to a {@link VirtualService}, rebuilt by the control plane and published by one volatile
 * write; workers look up without locks or allocation.
 *
 * <p>Lookup order follows IPVS {@code ip_vs_service_find}: a firewall mark first when the packet
 * carries one, then the exact (protocol, address, port), then the same address with port 0 (a
 * persistent service on all ports).
 *
 * <p>Storage: open addressing with linear probing over a power-of-two table, load factor at most
 * one half; each slot keeps the key words in {@code int[] keys} (stride {@value #STRIDE}) and the
 * service in {@code services}.
 */
public final class ServiceTable {

    /** The table with no services. */
    public static final ServiceTable EMPTY = new ServiceTable(List.of());

    private static final int STRIDE = 7;
    private static final int MARK_PROTOCOL = 0xFFFF;

    private final int mask;
    private final int[] keys;
    private final VirtualService[] services;
    private final List<VirtualService> all;
    private final int[] virtualAddresses;
    private final boolean hasMarkServices;
    private final boolean hasPortZeroServices;

    /**
     * Builds a table.
     *
     * @param list the services; keys must be unique
     */
    public ServiceTable(Collection<VirtualService> list) {
        int size = Integer.highestOneBit(Math.max(4, list.size() * 2 - 1)) << 1;
        this.mask = size - 1;
        this.keys = new int[size * STRIDE];
        this.services = new VirtualService[size];
        this.all = List.copyOf(list);
        boolean marks = false;
        boolean portZero = false;
        for (VirtualService s : list) {
            ServiceKey k = s.key();
            int protocol = k.isFirewallMark() ? MARK_PROTOCOL : k.protocol();
            int w0 = k.isFirewallMark() ? k.firewallMark() : k.address().w0();
            int w1 = k.isFirewallMark() ? 0 : k.address().w1();
            int w2 = k.isFirewallMark() ? 0 : k.address().w2();
            int w3 = k.isFirewallMark() ? 0 : k.address().w3();
            marks |= k.isFirewallMark();
            portZero |= !k.isFirewallMark() && k.port() == 0;
            int slot = hash(k.family(), protocol, w0, w1, w2, w3, k.port()) & mask;
            while (services[slot] != null) {
                if (matches(slot, k.family(), protocol, w0, w1, w2, w3, k.port())) {
                    throw new IllegalArgumentException("duplicate service " + k.name());
                }
                slot = (slot + 1) & mask;
            }
            services[slot] = s;
            int base = slot * STRIDE;
            keys[base] = k.family();
            keys[base + 1] = protocol;
            keys[base + 2] = w0;
            keys[base + 3] = w1;
            keys[base + 4] = w2;
            keys[base + 5] = w3;
            keys[base + 6] = k.port();
        }
        this.virtualAddresses = list.stream().filter(s -> !s.key().isFirewallMark()).map(s -> s.key().address())
                .distinct().flatMapToInt(a -> java.util.stream.IntStream.of(a.family(), a.w0(), a.w1(), a.w2(), a.w3()))
                .toArray();
        this.hasMarkServices = marks;
        this.hasPortZeroServices = portZero;
    }

    /**
     * Finds the service for a packet, IPVS order: mark, exact, port 0.
     *
     * @param family 4 or 6
     * @param protocol the packet's protocol
     * @param a0 virtual address word 0
     * @param a1 word 1 (0 for IPv4)
     * @param a2 word 2
     * @param a3 word 3
     * @param port the destination port
     * @param mark the packet's firewall mark, 0 for none
     * @return the service, or {@code null} when the packet is for no service
     */
    public VirtualService find(int family, int protocol, int a0, int a1, int a2, int a3, int port, int mark) {
        if (mark != 0 && hasMarkServices) {
            VirtualService s = probe(family, MARK_PROTOCOL, mark, 0, 0, 0, 0);
            if (s != null) {
                return s;
            }
        }
        VirtualService s = probe(family, protocol, a0, a1, a2, a3, port);
        if (s == null && hasPortZeroServices && port != 0) {
            s = probe(family, protocol, a0, a1, a2, a3, 0);
        }
        return s;
    }

    /**
     * Tells whether an address is the virtual address of some service (for steering).
     *
     * @param family the family
     * @param w0 word 0
     * @param w1 word 1
     * @param w2 word 2
     * @param w3 word 3
     * @return {@code true} for a virtual address
     */
    public boolean isVirtualAddress(int family, int w0, int w1, int w2, int w3) {
        final int[] v = virtualAddresses;
        for (int b = 0; b < v.length; b += 5) {
            if (v[b + 1] == w0 && v[b] == family && v[b + 2] == w1 && v[b + 3] == w2 && v[b + 4] == w3) {
                return true;
            }
        }
        return false;
    }

    /**
     * Finds a service by its exact key (control plane).
     *
     * @param key the key
     * @return the service, or {@code null}
     */
    public VirtualService get(ServiceKey key) {
        if (key.isFirewallMark()) {
            return probe(key.family(), MARK_PROTOCOL, key.firewallMark(), 0, 0, 0, 0);
        }
        IpAddress a = key.address();
        return probe(key.family(), key.protocol(), a.w0(), a.w1(), a.w2(), a.w3(), key.port());
    }

    /**
     * Returns every service, in the order given to the constructor.
     *
     * @return an unmodifiable list
     */
    public List<VirtualService> services() {
        return all;
    }

    private VirtualService probe(int family, int protocol, int w0, int w1, int w2, int w3, int port) {
        final VirtualService[] table = services;
        final int m = mask;
        int slot = hash(family, protocol, w0, w1, w2, w3, port) & m;
        VirtualService s;
        while ((s = table[slot]) != null) {
            if (matches(slot, family, protocol, w0, w1, w2, w3, port)) {
                return s;
            }
            slot = (slot + 1) & m;
        }
        return null;
    }

    private boolean matches(int slot, int family, int protocol, int w0, int w1, int w2, int w3, int port) {
        final int[] k = keys;
        int base = slot * STRIDE;
        return k[base + 2] == w0 && k[base + 6] == port && k[base + 1] == protocol && k[base] == family
                && k[base + 3] == w1 && k[base + 4] == w2 && k[base + 5] == w3;
    }

    private static int hash(int family, int protocol, int w0, int w1, int w2, int w3, int port) {
        int h = w0 * 0x9E3779B1;
        h = (h ^ w1) * 0x85EBCA77;
        h = (h ^ w2) * 0xC2B2AE3D;
        h = (h ^ w3) * 0x27D4EB2F;
        h = (h ^ (port | protocol << 16 | family << 28)) * 0x9E3779B1;
        return h ^ (h >>> 15);
    }
}
