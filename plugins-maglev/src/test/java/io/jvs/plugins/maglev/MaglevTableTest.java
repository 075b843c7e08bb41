package io.jvs.plugins.maglev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaglevTableTest {

    private static final int M = MaglevTable.DEFAULT_SIZE;

    static List<String> keys(int n) {
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add("10." + (i >>> 16) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF) + ":80");
        }
        return keys;
    }

    static int[] ones(int n) {
        int[] weights = new int[n];
        Arrays.fill(weights, 1);
        return weights;
    }

    static int[] slotsPerOwner(int[] table, int n) {
        int[] counts = new int[n];
        for (int owner : table) {
            counts[owner]++;
        }
        return counts;
    }

    /** Katran CHHelpersTest.testMaglevCHSameWeight, for several N: every share is floor(M/N) or ceil(M/N). */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 400, 1000})
    void shouldGiveEveryDestinationFloorOrCeilOfMOverNSlotsWhenWeightsAreEqual(int n) {
        int[] counts = slotsPerOwner(MaglevTable.build(keys(n), ones(n), M), n);

        int floor = M / n;
        int ceil = (M + n - 1) / n;
        for (int i = 0; i < n; i++) {
            assertTrue(counts[i] == floor || counts[i] == ceil, "destination " + i + " owns " + counts[i]);
        }
        assertEquals(M, Arrays.stream(counts).sum());
    }

    /**
     * 50 destinations with weights 1..8 in a 65537-slot table (M/N = 1310, M/sum(weights) = 291 slots per
     * unit of weight): every share is within 1% of M * weight / sum(weights).
     */
    @Test
    void shouldSplitSlotsInProportionToWeightsWithinOnePercent() {
        int n = 50;
        int[] weights = new int[n];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            weights[i] = 1 + random.nextInt(8);
        }
        int total = Arrays.stream(weights).sum();

        int[] counts = slotsPerOwner(MaglevTable.build(keys(n), weights, M), n);

        for (int i = 0; i < n; i++) {
            double ideal = (double) M * weights[i] / total;
            assertTrue(Math.abs(counts[i] - ideal) <= 0.01 * ideal,
                    "destination " + i + " weight " + weights[i] + " owns " + counts[i] + ", ideal " + ideal);
        }
    }

    @Test
    void shouldGiveNoSlotToWeightZero() {
        int[] weights = {1, 0, 3, 0};

        int[] counts = slotsPerOwner(MaglevTable.build(keys(4), weights, 1021), 4);

        assertEquals(0, counts[1]);
        assertEquals(0, counts[3]);
        assertEquals(1021, counts[0] + counts[2]);
    }

    @Test
    void shouldLeaveEverySlotEmptyWithoutWeightedDestinations() {
        int[] empty = new int[13];
        Arrays.fill(empty, MaglevTable.EMPTY);

        assertArrayEquals(empty, MaglevTable.build(List.of(), new int[0], 13));
        assertArrayEquals(empty, MaglevTable.build(keys(2), new int[] {0, 0}, 13));
    }

    @Test
    void shouldGiveEverySlotToASingleDestination() {
        int[] table = MaglevTable.build(keys(3), new int[] {0, 5, 0}, 251);

        assertTrue(Arrays.stream(table).allMatch(owner -> owner == 1));
    }

    @Test
    void shouldBuildThePapersTableWhenAllWeightsAreEqualButNotOne() {
        int[] sevens = new int[100];
        Arrays.fill(sevens, 7);

        assertArrayEquals(PaperMaglevReference.paper(keys(100), 4093), MaglevTable.build(keys(100), sevens, 4093));
    }

    @Test
    void shouldBuildTheSameTableForProportionalWeights() {
        assertArrayEquals(MaglevTable.build(keys(5), new int[] {1, 2, 3, 0, 5}, 4093),
                MaglevTable.build(keys(5), new int[] {100, 200, 300, 0, 500}, 4093));
    }

    /**
     * Removing one of 1000 destinations (M = 65537) must move its own 65 or 66 slots; every other slot
     * that changes owner is extra disruption. Measured here: 377 other slots on average (0.58% of M), at
     * most 425 (0.65%); the bound asserted is 1% of M. See docs/performance.md for the curve over more
     * removals, the shape of the paper's Figure 12.
     */
    @Test
    void shouldMoveOnlyTheRemovedDestinationsSlotsAndUnderOnePercentOfOthersWhenOneIsRemoved() {
        int n = 1000;
        List<String> keys = keys(n);
        int[] before = MaglevTable.build(keys, ones(n), M);
        for (int removed = 0; removed < n; removed += 20) {
            int[] weights = ones(n);
            weights[removed] = 0;

            int othersMoved = othersMoved(before, MaglevTable.build(keys, weights, M), removed);

            assertTrue(othersMoved <= M / 100, "removing " + removed + " moved " + othersMoved + " other slots");
        }
    }

    @Test
    void shouldDisturbFewerOtherSlotsWithALargerTable() {
        int n = 1000;
        List<String> keys = keys(n);
        int large = 655373;
        int[] beforeSmall = MaglevTable.build(keys, ones(n), M);
        int[] beforeLarge = MaglevTable.build(keys, ones(n), large);
        for (int removed = 0; removed < n; removed += 250) {
            int[] weights = ones(n);
            weights[removed] = 0;

            double smallFraction = (double) othersMoved(beforeSmall, MaglevTable.build(keys, weights, M), removed) / M;
            double largeFraction =
                    (double) othersMoved(beforeLarge, MaglevTable.build(keys, weights, large), removed) / large;

            assertTrue(largeFraction < smallFraction, "M=655373: " + largeFraction + ", M=65537: " + smallFraction);
        }
    }

    /** Counts the slots that changed owner although their owner was not the removed destination. */
    private static int othersMoved(int[] before, int[] after, int removed) {
        int moved = 0;
        for (int slot = 0; slot < before.length; slot++) {
            if (before[slot] == removed) {
                assertTrue(after[slot] != removed);
            } else if (after[slot] != before[slot]) {
                moved++;
            }
        }
        return moved;
    }

    @Test
    void shouldRestoreThePreviousTableExactlyWhenARemovedDestinationIsAddedBack() {
        List<String> all = keys(200);
        List<String> without = new ArrayList<>(all);
        without.remove(77);
        int[] original = MaglevTable.build(all, ones(200), M);
        int[] shrunk = MaglevTable.build(without, ones(199), M);

        int[] restored = MaglevTable.build(all, ones(200), M);

        assertTrue(!Arrays.equals(original, shrunk));
        assertArrayEquals(original, restored);
    }

    @Test
    void shouldRefuseANonPrimeSize() {
        assertThrows(IllegalArgumentException.class, () -> MaglevTable.build(keys(2), ones(2), 65536));
        assertThrows(IllegalArgumentException.class, () -> MaglevTable.build(keys(2), ones(2), 1));
    }

    @Test
    void shouldRefuseWeightsThatDoNotMatchTheKeys() {
        assertThrows(IllegalArgumentException.class, () -> MaglevTable.build(keys(2), ones(3), 13));
        assertThrows(IllegalArgumentException.class, () -> MaglevTable.build(keys(2), new int[] {1, -1}, 13));
        assertThrows(IllegalArgumentException.class, () -> MaglevTable.build(keys(2), new int[] {1, 65536}, 13));
    }

    @Test
    void shouldTellPrimes() {
        int[] primes = {2, 3, 5, 7, 251, 65521, 65537, 655373, 16_777_213};
        int[] composites = {0, 1, 4, 9, 65535, 65536, 655371, 16_777_215};

        for (int p : primes) {
            assertTrue(MaglevTable.isPrime(p), p + " is prime");
        }
        for (int c : composites) {
            assertTrue(!MaglevTable.isPrime(c), c + " is not prime");
        }
        assertEquals(65537, MaglevTable.primeAtLeast(65536));
        assertEquals(65521, MaglevTable.primeAtMost(65536));
    }
}
