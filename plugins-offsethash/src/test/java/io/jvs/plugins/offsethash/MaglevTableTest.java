package io.jvs.plugins.offsethash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Maglev population: the paper's example, spread, weights and minimal disruption. */
class MaglevTableTest {

    private static final int[] PRIMES = {7, 251, 4093, 65537};

    /**
     * Table 1 of the Maglev paper (NSDI 2016): M = 7; B0 offset 3 skip 4, B1 offset 0 skip 2, B2 offset
     * 3 skip 1 give B1 B0 B1 B0 B2 B2 B0; without B1, B0 B0 B0 B0 B2 B2 B2 (worked by hand from the
     * permutations 3 0 4 1 5 2 6 / 0 2 4 6 1 3 5 / 3 4 5 6 0 1 2).
     */
    @Test
    void shouldReproduceTheExampleOfThePaper() {
        assertArrayEquals(new int[] {1, 0, 1, 0, 2, 2, 0},
                MaglevTable.build(new int[] {3, 0, 3}, new int[] {4, 2, 1}, new int[] {1, 1, 1}, 7));
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1},
                MaglevTable.build(new int[] {3, 3}, new int[] {4, 1}, new int[] {1, 1}, 7));
    }

    @Test
    void shouldLeaveEveryCellEmptyWithoutTurns() {
        int[] table = MaglevTable.build(new int[] {1, 2}, new int[] {1, 1}, new int[] {0, 0}, 7);
        assertTrue(Arrays.stream(table).allMatch(cell -> cell == MaglevTable.EMPTY));
        assertEquals(7, MaglevTable.build(new int[0], new int[0], new int[0], 7).length);
    }

    @Test
    void shouldTellPrimes() {
        assertTrue(MaglevTable.isPrime(7));
        assertTrue(MaglevTable.isPrime(65537));
        assertTrue(MaglevTable.isPrime(655373));
        assertFalse(MaglevTable.isPrime(1));
        assertFalse(MaglevTable.isPrime(65536));
        assertFalse(MaglevTable.isPrime(4095));
    }

    @Property(tries = 60, seed = "20261121")
    void shouldGiveEqualTurnsEqualSharesWithinOneSlot(@ForAll @IntRange(min = 1, max = 40) int members,
            @ForAll @IntRange(min = 0, max = 3) int primeIndex, @ForAll long seed) {
        int size = PRIMES[primeIndex];
        int[][] perm = permutations(members, size, new Random(seed));
        int[] turns = new int[members];
        Arrays.fill(turns, 1);
        int[] counts = counts(MaglevTable.build(perm[0], perm[1], turns, size), members);
        if (members <= size) {
            assertTrue(max(counts) - min(counts) <= 1, Arrays.toString(counts));
        }
        assertEquals(size, Arrays.stream(counts).sum());
    }

    @Property(tries = 30, seed = "20261121")
    void shouldFollowTheTurns(@ForAll @IntRange(min = 2, max = 12) int members, @ForAll long seed) {
        int size = 65537;
        Random random = new Random(seed);
        int[][] perm = permutations(members, size, random);
        int[] turns = new int[members];
        for (int i = 0; i < members; i++) {
            turns[i] = 1 + random.nextInt(4);
        }
        int total = Arrays.stream(turns).sum();
        int[] counts = counts(MaglevTable.build(perm[0], perm[1], turns, size), members);
        for (int i = 0; i < members; i++) {
            double expected = (double) size * turns[i] / total;
            assertTrue(Math.abs(counts[i] - expected) <= turns[i], "member " + i + " turns " + turns[i] + " got "
                    + counts[i] + " expected " + expected);
        }
    }

    /**
     * Minimal disruption (paper, section 3.4 and figure 11): removing one of n members reassigns all of
     * its slots and only a few of the others'.
     */
    @Property(tries = 30, seed = "20261121")
    void shouldMoveLittleMoreThanTheRemovedMembersSlots(@ForAll @IntRange(min = 3, max = 50) int members,
            @ForAll long seed) {
        int size = 65537;
        Random random = new Random(seed);
        int[][] perm = permutations(members, size, random);
        int[] turns = new int[members];
        Arrays.fill(turns, 1);
        int[] before = MaglevTable.build(perm[0], perm[1], turns, size);
        int removed = random.nextInt(members);
        int[] afterTurns = turns.clone();
        afterTurns[removed] = 0;
        int[] after = MaglevTable.build(perm[0], perm[1], afterTurns, size);
        int movedOthers = 0;
        for (int s = 0; s < size; s++) {
            assertTrue(after[s] != removed);
            if (before[s] != removed && before[s] != after[s]) {
                movedOthers++;
            }
        }
        // The paper reports a few percent at most for M >> n; allow 2% of the table.
        assertTrue(movedOthers <= size / 50, "slots of remaining members moved: " + movedOthers);
    }

    private static int[][] permutations(int members, int size, Random random) {
        int[] offsets = new int[members];
        int[] skips = new int[members];
        for (int i = 0; i < members; i++) {
            offsets[i] = random.nextInt(size);
            skips[i] = 1 + random.nextInt(size - 1);
        }
        return new int[][] {offsets, skips};
    }

    private static int[] counts(int[] table, int members) {
        int[] counts = new int[members];
        for (int cell : table) {
            counts[cell]++;
        }
        return counts;
    }

    private static int max(int[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

    private static int min(int[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }
}
