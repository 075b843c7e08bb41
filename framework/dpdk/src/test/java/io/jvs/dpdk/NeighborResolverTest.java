package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.pipeline.NeighborTable;
import io.jvs.engine.service.IpAddress;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeighborResolverTest {

    private static final long OWN = 0x0200_0000_0001L;
    private static final long HOST = 0x0200_0000_0211L;

    private static int ip(String text) {
        return IpAddress.parse(text).w0();
    }

    private final NeighborCache cache = new NeighborCache(64);
    private final NeighborResolver resolver = new NeighborResolver(
            new Ipv4Routes(List.of(new Ipv4Routes.Entry(ip("203.0.113.0"), 24, 0)), 0, List.of(ip("203.0.113.1"))),
            cache, OWN, 300_000_000_000L, NeighborResolver.DEFAULT_RETRY_NANOS, NeighborResolver.DEFAULT_HOLD_NANOS,
            () -> 0L);
    private final ArpResponder responder = new ArpResponder(OWN, List.of(ip("203.0.113.1")));

    /** An ARP frame written byte by byte from RFC 826's layout. */
    private static MemorySegment arp(int op, String dst, String sha, String spa, String tha, String tpa) {
        String hex = dst + sha + "0806" + "0001" + "0800" + "06" + "04" + String.format("%04x", op) + sha + spa + tha
                + tpa + "00".repeat(18);
        return MemorySegment.ofArray(HexFormat.of().parseHex(hex));
    }

    @Test
    void shouldLearnAndConsumeAReplyToItsOwnMac() {
        MemorySegment reply = arp(2, "020000000001", "020000000211", "cb00710b", "020000000001", "cb007101");
        assertEquals(NeighborResolver.CONSUMED, resolver.learn(reply, 0, 60, responder, 7));
        assertEquals(HOST, cache.mac(cache.find(ip("203.0.113.11"))));
    }

    @Test
    void shouldLearnTheSenderOfARequestForAnOwnedAddressAndLetTheResponderAnswer() {
        MemorySegment request = arp(1, "ffffffffffff", "020000000211", "cb00710b", "000000000000", "cb007101");
        assertEquals(NeighborResolver.PASSED, resolver.learn(request, 0, 60, responder, 7));
        assertEquals(HOST, cache.mac(cache.find(ip("203.0.113.11"))));
        assertTrue(responder.answer(request, 0, 60));
    }

    @Test
    void shouldNotLearnFromRequestsForOtherHosts() {
        MemorySegment request = arp(1, "ffffffffffff", "020000000211", "cb00710b", "000000000000", "cb00710c");
        assertEquals(NeighborResolver.PASSED, resolver.learn(request, 0, 60, responder, 7));
        assertEquals(NeighborCache.MISSING, cache.find(ip("203.0.113.11")));
    }

    @Test
    void shouldWriteARequestFromTheAddressOnTheNeighboursPrefix() {
        MemorySegment frame = MemorySegment.ofArray(new byte[NeighborResolver.REQUEST_LENGTH]);
        resolver.writeRequest(frame, 0, ip("203.0.113.12"));
        byte[] expected = arp(1, "ffffffffffff", "020000000001", "cb007101", "000000000000", "cb00710c").toArray(
                java.lang.foreign.ValueLayout.JAVA_BYTE);
        assertArrayEquals(expected, frame.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }

    @Test
    void shouldRecogniseTokens() {
        assertTrue(NeighborResolver.isToken(NeighborTable.token(ip("203.0.113.12"))));
        assertEquals(ip("203.0.113.12"), (int) NeighborTable.token(ip("203.0.113.12")));
        assertTrue(!NeighborResolver.isToken(HOST) && !NeighborResolver.isToken(0xFFFF_FFFF_FFFFL));
    }
}
