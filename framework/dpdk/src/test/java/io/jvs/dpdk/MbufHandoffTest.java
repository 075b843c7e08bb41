package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The single-producer single-consumer hand-off between queues; needs no DPDK. */
class MbufHandoffTest {

    @Test
    void shouldRefuseWhenFullAndGiveFramesBackInOrderAcrossTheWrap() {
        MbufHandoff h = new MbufHandoff(4);
        for (long m = 1; m <= 4; m++) {
            assertTrue(h.offer(m * 64));
        }
        assertFalse(h.offer(5 * 64), "full");
        long[] out = new long[8];
        assertEquals(3, h.drain(out, 0, 3));
        assertArrayEquals(new long[] {64, 128, 192}, Arrays.copyOf(out, 3));
        assertTrue(h.offer(5 * 64));
        assertTrue(h.offer(6 * 64));
        assertTrue(h.offer(7 * 64));
        assertFalse(h.offer(8 * 64));
        assertEquals(4, h.size());
        assertEquals(4, h.drain(out, 2, 8));
        assertArrayEquals(new long[] {256, 320, 384, 448}, Arrays.copyOfRange(out, 2, 6));
        assertEquals(0, h.drain(out, 0, 8));
    }

    @Test
    void shouldPassEveryFrameOnceBetweenTwoThreads() throws InterruptedException {
        MbufHandoff h = new MbufHandoff(64);
        int total = 200_000;
        Thread producer = Thread.ofPlatform().start(() -> {
            for (long m = 1; m <= total; ) {
                if (h.offer(m)) {
                    m++;
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        long[] out = new long[32];
        long expected = 1;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (expected <= total && System.nanoTime() < deadline) {
            int n = h.drain(out, 0, out.length);
            for (int i = 0; i < n; i++) {
                assertEquals(expected++, out[i]);
            }
        }
        producer.join(5000);
        assertEquals(total + 1, expected, "every frame arrived, in order");
    }

    @Test
    void shouldRequireAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new MbufHandoff(3));
    }
}
