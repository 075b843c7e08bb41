package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.testkit.FakePacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalityTableTest {

    private static final int EXPIRATION = 100;

    /** The kernel's {@code hash_32(value, bits)}: {@code (value * GOLDEN_RATIO_32) >> (32 - bits)}, unsigned. */
    private static int hash32(int value, int bits) {
        return (int) (((value & 0xFFFFFFFFL) * 0x61C88647L & 0xFFFFFFFFL) >>> (32 - bits));
    }

    @Test
    void shouldFindWhatWasClaimedUntilItExpires() {
        LocalityTable table = new LocalityTable(16);
        int fold = 0xC0000201;
        long key = key(fold);

        assertEquals(-1, table.find(key, fold, 0, EXPIRATION));
        assertTrue(table.claim(key, fold, PackedDestinationSet.of(7), 5));
        int entry = table.find(key, fold, 104, EXPIRATION);

        assertEquals(7, PackedDestinationSet.slotAt(table.members(entry), 0));
        assertEquals(hash32(fold, 2), entry / LocalityTable.WAYS, "bucket = hash_32 of the address");
        assertEquals(5, table.lastModified(entry));
        assertEquals(-1, table.find(key, fold, 105, EXPIRATION), "100 s unused");
    }

    @Test
    void shouldReplaceTheLeastRecentlyUsedWayOfAFullBucket() {
        LocalityTable table = new LocalityTable(16);
        List<Integer> sameBucket = new ArrayList<>();
        for (int address = 0xC0000200; sameBucket.size() < 5; address++) {
            if (hash32(address, 2) == 1) {
                sameBucket.add(address);
            }
        }
        for (int i = 0; i < 4; i++) {
            int fold = sameBucket.get(i);
            assertTrue(table.claim(key(fold), fold, PackedDestinationSet.of(i), 10 + i));
        }
        int first = sameBucket.get(0);
        table.touch(table.find(key(first), first, 20, EXPIRATION), 20);

        int fifth = sameBucket.get(4);
        assertTrue(table.claim(key(fifth), fifth, PackedDestinationSet.of(4), 21));

        int second = sameBucket.get(1);
        assertEquals(-1, table.find(key(second), second, 21, EXPIRATION), "used last at 11: replaced");
        for (int i : new int[] {0, 2, 3, 4}) {
            int fold = sameBucket.get(i);
            int entry = table.find(key(fold), fold, 21, EXPIRATION);
            assertEquals(i, PackedDestinationSet.slotAt(table.members(entry), 0));
        }
    }

    @Test
    void shouldReplaceMembersOnlyFromTheValueRead() {
        LocalityTable table = new LocalityTable(16);
        int fold = 42;
        table.claim(key(fold), fold, PackedDestinationSet.of(1), 0);
        int entry = table.find(key(fold), fold, 1, EXPIRATION);
        long read = table.members(entry);

        assertTrue(table.replaceMembers(entry, read, PackedDestinationSet.withNewest(read, 2), 3));
        assertFalse(table.replaceMembers(entry, read, PackedDestinationSet.of(9), 4), "lost the race");
        assertEquals(PackedDestinationSet.withNewest(PackedDestinationSet.of(1), 2), table.members(entry));
        assertEquals(3, table.lastModified(entry));
    }

    @Test
    void shouldForgetASlotInEverySetAndTreatEmptiedEntriesAsAbsent() {
        LocalityTable table = new LocalityTable(64);
        int lonely = 1;
        int shared = 2;
        table.claim(key(lonely), lonely, PackedDestinationSet.of(5), 0);
        table.claim(key(shared), shared, PackedDestinationSet.withNewest(PackedDestinationSet.of(5), 6), 0);

        table.forget(5);

        assertEquals(-1, table.find(key(lonely), lonely, 1, EXPIRATION));
        assertEquals(PackedDestinationSet.of(6), table.members(table.find(key(shared), shared, 1, EXPIRATION)));
    }

    @Test
    void shouldKeyIpv4ExactlyAndIpv6ByAFingerprintWithTheTopBitSet() {
        FakePacket v4 = FakePacket.tcp("198.51.100.1", 1, "192.0.2.1", 80);
        FakePacket v6a = FakePacket.tcp("2001:db8::1", 1, "2001:db8::5", 80);
        FakePacket v6b = FakePacket.tcp("2001:db8::1", 1, "2001:db8::5:0:0", 80);

        assertEquals(0x1_C000_0201L, LocalityTable.key(v4, AddressFold.destination(v4)));
        long a = LocalityTable.key(v6a, AddressFold.destination(v6a));
        long b = LocalityTable.key(v6b, AddressFold.destination(v6b));
        assertTrue(a < 0 && b < 0);
        assertEquals(AddressFold.destination(v6a), AddressFold.destination(v6b), "the same fold (XOR of words)");
        assertNotEquals(a, b, "but different keys");
    }

    @Test
    void shouldConvertNanosecondsToWholeSecondsRoundingDown() {
        assertEquals(0, LocalityTable.seconds(999_999_999L));
        assertEquals(1, LocalityTable.seconds(1_000_000_000L));
        assertEquals(-1, LocalityTable.seconds(-1L));
    }

    @Test
    void shouldRefuseSizesThatAreNotPowersOfTwoInRange() {
        assertThrows(IllegalArgumentException.class, () -> new LocalityTable(8));
        assertThrows(IllegalArgumentException.class, () -> new LocalityTable(1000));
        assertEquals(1024, new LocalityTable(1024).capacity());
    }

    private static long key(int fold) {
        return 1L << 32 | (fold & 0xFFFFFFFFL);
    }
}
