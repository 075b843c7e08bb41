package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NeighborCacheTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldKeepAnUnresolvedSlotUntilTheAnswerComes() {
        NeighborCache cache = new NeighborCache(16);
        assertEquals(NeighborCache.MISSING, cache.find(0x0A000001));
        int slot = cache.claim(0x0A000001);
        assertEquals(slot, cache.find(0x0A000001));
        assertEquals(0, cache.mac(slot));
        assertEquals(slot, cache.learn(0x0A000001, 0x0200_0000_0011L, 5 * SECOND));
        assertEquals(0x0200_0000_0011L, cache.mac(slot));
        assertEquals(Map.of(0x0A000001, 0x0200_0000_0011L), cache.entries());
    }

    @Test
    void shouldExpireAnswersAfterTheTimeout() {
        NeighborCache cache = new NeighborCache(16);
        int slot = cache.learn(0x0A000002, 0x0200_0000_0012L, 10 * SECOND);
        assertFalse(cache.isStale(slot, 300 * SECOND, 310 * SECOND));
        assertTrue(cache.isStale(slot, 300 * SECOND, 310 * SECOND + 1));
    }

    @Test
    void shouldGiveOneRequestTurnPerInterval() {
        NeighborCache cache = new NeighborCache(16);
        int slot = cache.claim(0x0A000003);
        assertTrue(cache.takeRequestTurn(slot, SECOND, 100 * SECOND));
        assertFalse(cache.takeRequestTurn(slot, SECOND, 100 * SECOND + SECOND / 2));
        assertTrue(cache.takeRequestTurn(slot, SECOND, 101 * SECOND));
    }

    @Test
    void shouldRefuseNewAddressesWhenFull() {
        NeighborCache cache = new NeighborCache(16);
        for (int i = 1; i <= cache.capacity(); i++) {
            assertNotEquals(NeighborCache.MISSING, cache.claim(i * 7919));
        }
        assertEquals(NeighborCache.MISSING, cache.claim(123_456_789));
        assertEquals(NeighborCache.MISSING, cache.find(123_456_789));
        assertNotEquals(NeighborCache.MISSING, cache.claim(7919), "a known address keeps its slot");
    }
}
