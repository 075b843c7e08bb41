package io.jvs.plugins.maglev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.testkit.FakePacket;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlowHashTest {

    /** The construction documented on {@link FlowHash}, written out with the XXH64 constants spelled here. */
    private static long reference(long[] words) {
        long h = 0x6A76732D666C6F77L + 0x27D4EB2F165667C5L + 4L * words.length;
        int i = 0;
        for (; i + 1 < words.length; i += 2) {
            long lane = (words[i] & 0xFFFFFFFFL) << 32 | (words[i + 1] & 0xFFFFFFFFL);
            long k = Long.rotateLeft(lane * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B185EBCA87L;
            h = Long.rotateLeft(h ^ k, 27) * 0x9E3779B185EBCA87L + 0x85EBCA77C2B2AE63L;
        }
        if (i < words.length) {
            h ^= (words[i] & 0xFFFFFFFFL) * 0x9E3779B185EBCA87L;
            h = Long.rotateLeft(h, 23) * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
        }
        h ^= h >>> 33;
        h *= 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        h *= 0x165667B19E3779F9L;
        h ^= h >>> 32;
        return h;
    }

    @Test
    void shouldHashTheSourceAddressOnly() {
        FakePacket packet = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);

        assertEquals(reference(new long[] {0xC6336409L}), FlowHash.hash(packet, false, false));
    }

    @Test
    void shouldHashTheSourceAddressAndPort() {
        FakePacket packet = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);

        assertEquals(reference(new long[] {0xC6336409L, 40000}), FlowHash.hash(packet, true, false));
    }

    @Test
    void shouldHashTheFiveTuple() {
        FakePacket packet = FakePacket.udp("198.51.100.9", 40000, "203.0.113.1", 53);

        assertEquals(reference(new long[] {0xC6336409L, 40000, 0xCB007101L, 53 | 17 << 16}),
                FlowHash.hash(packet, true, true));
    }

    @Test
    void shouldHashAllFourWordsOfAnIpv6Source() {
        int[] source = {0x20010DB8, 0, 0x12345678, 7};
        Ipv6Packet packet = new Ipv6Packet(source, 5000, new int[] {0x20010DB8, 0, 0, 1}, 443);
        Ipv6Packet thirdWordDiffers = new Ipv6Packet(new int[] {0x20010DB8, 0, 0x12345679, 7}, 5000,
                new int[] {0x20010DB8, 0, 0, 1}, 443);

        assertEquals(reference(new long[] {0x20010DB8L, 0, 0x12345678L, 7}), FlowHash.hash(packet, false, false));
        assertEquals(reference(new long[] {0x20010DB8L, 0, 0x12345678L, 7, 5000}), FlowHash.hash(packet, true, false));
        assertEquals(reference(new long[] {0x20010DB8L, 0, 0x12345678L, 7, 5000, 0x20010DB8L, 0, 0, 1, 443 | 6 << 16}),
                FlowHash.hash(packet, true, true));
        assertNotEquals(FlowHash.hash(packet, false, false), FlowHash.hash(thirdWordDiffers, false, false));
    }

    @Test
    void shouldMapHashesUniformlyOntoSlots() {
        int m = 251;
        int[] counts = new int[m];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 251_000; i++) {
            counts[FlowHash.slot(FlowHash.hash(
                    FakePacket.tcp("10.1." + random.nextInt(256) + "." + random.nextInt(256), 1024 + random.nextInt(60000),
                            "203.0.113.1", 80), true, false), m)]++;
        }

        for (int slot = 0; slot < m; slot++) {
            assertTrue(counts[slot] > 850 && counts[slot] < 1150, "slot " + slot + ": " + counts[slot]);
        }
    }

    @Test
    void shouldKeepSlotsInsideTheTable() {
        assertEquals(0, FlowHash.slot(0L, 65537));
        assertEquals(65536, FlowHash.slot(-1L, 65537));
        assertEquals(0, FlowHash.slot(-1L, 1));
    }
}
