package io.jvs.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.service.IpAddress;
import io.jvs.spi.AddressFamily;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** IPv6 neighbour slots and the IPv6 next-hop tokens that name them. */
class Ipv6NeighborsTest {

    @Test
    void shouldGiveEachAddressOneSlotAndKeepItsAddress() {
        Ipv6Neighbors n = new Ipv6Neighbors(64);
        Set<Integer> slots = new HashSet<>();
        for (long i = 1; i <= 64; i++) {
            int s = n.claim(0x20010DB8_000B0000L, i);
            assertTrue(s >= 0);
            assertTrue(slots.add(s), "a slot per address");
            assertEquals(0x20010DB8_000B0000L, n.high(s));
            assertEquals(i, n.low(s));
            assertEquals(s, n.claim(0x20010DB8_000B0000L, i), "claimed again: the same slot");
            assertEquals(s, n.find(0x20010DB8_000B0000L, i));
        }
        assertEquals(Ipv6Neighbors.MISSING, n.claim(0x20010DB8_000B0000L, 65), "full");
        assertEquals(Ipv6Neighbors.MISSING, n.find(0x20010DB8_000B0000L, 65));
    }

    @Test
    void shouldKeepAnswersAndTimeRequests() {
        Ipv6Neighbors n = new Ipv6Neighbors(16);
        int s = n.claim(1, 2);
        assertEquals(0, n.mac(s));
        assertTrue(n.takeRequestTurn(s, 1_000, 5_000));
        assertFalse(n.takeRequestTurn(s, 1_000, 5_500));
        assertTrue(n.takeRequestTurn(s, 1_000, 6_000));
        n.learn(s, 0x020000000211L, 7_000);
        assertEquals(0x020000000211L, n.mac(s));
        assertFalse(n.isStale(s, 1_000, 7_500));
        assertTrue(n.isStale(s, 1_000, 8_001));
        assertEquals(Map.of("00000000000000010000000000000002", 0x020000000211L), n.entries());
    }

    @Test
    void shouldNameIpv6NextHopsBySlotAndIpv4OnesByAddress() {
        Ipv6Neighbors n = new Ipv6Neighbors(16);
        IpAddress backend = IpAddress.parse("2001:db8:b::11");
        IpAddress listed = IpAddress.parse("2001:db8:b::99");
        NeighborTable t = NeighborTable.resolving(Map.of(listed, 0x020000000299L), n);
        long token = t.macOf(AddressFamily.IPV6, backend.w0(), backend.w1(), backend.w2(), backend.w3(), 7);
        assertTrue(NeighborTable.isIpv6Token(token));
        assertFalse(NeighborTable.isToken(token));
        int slot = (int) (token & 0xFFFF_FFFFL);
        assertEquals(0x20010DB8000B0000L, n.high(slot));
        assertEquals(0x11L, n.low(slot));
        assertEquals(token, t.macOf(AddressFamily.IPV6, backend.w0(), backend.w1(), backend.w2(), backend.w3(), 7));
        assertEquals(0x020000000299L, t.macOf(AddressFamily.IPV6, listed.w0(), listed.w1(), listed.w2(), listed.w3(), 7),
                "static entries first");
        long v4 = t.macOf(AddressFamily.IPV4, 0xCB00710B, 0, 0, 0, 7);
        assertEquals(NeighborTable.token(0xCB00710B), v4);
        assertNotEquals(token, v4);
        NeighborTable ipv4Only = NeighborTable.resolvingIpv4(Map.of());
        assertEquals(7, ipv4Only.macOf(AddressFamily.IPV6, backend.w0(), backend.w1(), backend.w2(), backend.w3(), 7),
                "without IPv6 slots, IPv6 goes to the fallback");
    }
}
