package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.pipeline.Ipv6Neighbors;
import io.jvs.engine.service.IpAddress;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IPv6 neighbour resolution: solicitations byte for byte against frames written out here (checksum
 * from {@link EchoResponderTest#referenceChecksum}), learning from advertisements and solicitations;
 * needs no DPDK.
 */
class Ipv6NeighborResolverTest {

    static final long OWN = 0x02000000AA01L;
    static final String OWN_HEX = "02000000aa01";
    static final String BACKEND_MAC = "020000000211";
    static final String BACKEND = "20010db8000b00000000000000000011";
    static final String JVS_B = "20010db8000b00000000000000000001";
    static final String JVS_C = "20010db8000c00000000000000000001";

    static Ipv6NeighborResolver resolver(Ipv6Neighbors neighbors) {
        IpAddress b = IpAddress.parse("2001:db8:b::1");
        IpAddress c = IpAddress.parse("2001:db8:c::1");
        return new Ipv6NeighborResolver(new long[] {0x20010DB8000B0000L, 0x20010DB8000C0000L}, new long[] {0, 0},
                new int[] {64, 64}, new long[] {OwnedAddresses.high(c), OwnedAddresses.high(b)},
                new long[] {OwnedAddresses.low(c), OwnedAddresses.low(b)}, neighbors, OWN, 300_000_000_000L,
                1_000_000_000L, 3_000_000_000L);
    }

    @Test
    void shouldSolicitFromTheOwnAddressOnTheNeighboursPrefixToItsSolicitedNodeAddress() {
        Ipv6Neighbors neighbors = new Ipv6Neighbors(16);
        int slot = neighbors.claim(0x20010DB8000B0000L, 0x11);
        byte[] frame = new byte[Ipv6NeighborResolver.SOLICITATION_LENGTH];
        resolver(neighbors).writeSolicitation(MemorySegment.ofArray(frame), 0, slot);
        byte[] expected = NeighborAdvertiserTest.frame("3333ff000011", OWN_HEX, JVS_B,
                "ff0200000000000000000001ff000011", 255, "87 00 0000 00000000" + BACKEND + "0101" + OWN_HEX);
        assertArrayEquals(expected, frame);
    }

    @Test
    void shouldLearnFromAnAdvertisementToJvsAndConsumeIt() {
        Ipv6Neighbors neighbors = new Ipv6Neighbors(16);
        int slot = neighbors.claim(0x20010DB8000B0000L, 0x11);
        byte[] na = NeighborAdvertiserTest.frame(OWN_HEX, BACKEND_MAC, BACKEND, JVS_B, 255,
                "88 00 0000 60000000" + BACKEND + "0201" + BACKEND_MAC);
        assertEquals(Ipv6NeighborResolver.CONSUMED, resolver(neighbors).learn(MemorySegment.ofArray(na), 0, na.length,
                OwnedAddresses.NONE, 42));
        assertEquals(0x020000000211L, neighbors.mac(slot));
        assertFalse(neighbors.isStale(slot, 10, 50));
    }

    @Test
    void shouldIgnoreAdvertisementsWithABadChecksumOrHopLimitAndForUnaskedAddresses() {
        Ipv6Neighbors neighbors = new Ipv6Neighbors(16);
        int slot = neighbors.claim(0x20010DB8000B0000L, 0x11);
        Ipv6NeighborResolver r = resolver(neighbors);
        byte[] bad = NeighborAdvertiserTest.frame(OWN_HEX, BACKEND_MAC, BACKEND, JVS_B, 255,
                "88 00 0000 60000000" + BACKEND + "0201" + BACKEND_MAC);
        bad[14 + 40 + 2] ^= 1;
        assertEquals(Ipv6NeighborResolver.PASSED, r.learn(MemorySegment.ofArray(bad), 0, bad.length,
                OwnedAddresses.NONE, 1));
        byte[] hop = NeighborAdvertiserTest.frame(OWN_HEX, BACKEND_MAC, BACKEND, JVS_B, 64,
                "88 00 0000 60000000" + BACKEND + "0201" + BACKEND_MAC);
        r.learn(MemorySegment.ofArray(hop), 0, hop.length, OwnedAddresses.NONE, 1);
        assertEquals(0, neighbors.mac(slot));
        String other = "20010db8000b00000000000000000012";
        byte[] unasked = NeighborAdvertiserTest.frame(OWN_HEX, "020000000212", other, JVS_B, 255,
                "88 00 0000 60000000" + other + "0201020000000212");
        r.learn(MemorySegment.ofArray(unasked), 0, unasked.length, OwnedAddresses.NONE, 1);
        assertEquals(Ipv6Neighbors.MISSING, neighbors.find(0x20010DB8000B0000L, 0x12));
    }

    @Test
    void shouldLearnTheSolicitorOfAnOwnedAddress() {
        Ipv6Neighbors neighbors = new Ipv6Neighbors(16);
        String client = "20010db8000c00000000000000000010";
        byte[] ns = NeighborAdvertiserTest.frame("3333ff000001", "020000000110", client,
                "ff0200000000000000000001ff000001", 255, "87 00 0000 00000000" + JVS_C + "0101020000000110");
        OwnedAddresses owned = OwnedAddresses.of(List.of(IpAddress.parse("2001:db8:c::1")));
        assertEquals(Ipv6NeighborResolver.PASSED, resolver(neighbors).learn(MemorySegment.ofArray(ns), 0, ns.length,
                owned, 9));
        int slot = neighbors.find(0x20010DB8000C0000L, 0x10);
        assertTrue(slot >= 0);
        assertEquals(0x020000000110L, neighbors.mac(slot));
    }

    @Test
    void shouldTellOnLinkAddresses() {
        Ipv6NeighborResolver r = resolver(new Ipv6Neighbors(16));
        assertTrue(r.isOnLink(0x20010DB8000B0000L, 0x11));
        assertTrue(r.isOnLink(0x20010DB8000C0000L, -1L));
        assertFalse(r.isOnLink(0x20010DB8000D0000L, 0x11));
    }
}
