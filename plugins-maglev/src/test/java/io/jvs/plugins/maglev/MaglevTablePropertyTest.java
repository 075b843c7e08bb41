package io.jvs.plugins.maglev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

class MaglevTablePropertyTest {

    @Provide
    Arbitrary<Integer> primes() {
        return Arbitraries.of(7, 13, 251, 1021, 4093);
    }

    private static List<String> keysOf(Set<Integer> hosts) {
        List<String> keys = new ArrayList<>();
        for (int host : hosts) {
            keys.add("192.0.2." + host + ":" + (8000 + host));
        }
        return keys;
    }

    @Property(tries = 200, seed = "20250101")
    void shouldBuildThePapersTableWhenWeightsAreEqual(
            @ForAll @Size(min = 0, max = 40) @UniqueElements Set<@IntRange(min = 0, max = 255) Integer> hosts,
            @ForAll("primes") int m) {
        List<String> keys = keysOf(hosts);
        int[] weights = new int[keys.size()];
        Arrays.fill(weights, 1);

        assertArrayEquals(PaperMaglevReference.paper(keys, m), MaglevTable.build(keys, weights, m));
    }

    @Property(tries = 200, seed = "20250102")
    void shouldBuildKatransWeightedTable(
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 20) Integer> weightList,
            @ForAll("primes") int m) {
        List<String> keys = new ArrayList<>();
        int[] weights = new int[weightList.size()];
        for (int i = 0; i < weights.length; i++) {
            keys.add("[2001:db8::" + Integer.toHexString(i + 1) + "]:443");
            weights[i] = weightList.get(i);
        }

        assertArrayEquals(PaperMaglevReference.katranV2(keys, weights, m), MaglevTable.build(keys, weights, m));
    }

    @Property(tries = 100, seed = "20250103")
    void shouldKeepEqualSharesWithinOneSlot(
            @ForAll @Size(min = 1, max = 60) @UniqueElements Set<@IntRange(min = 0, max = 255) Integer> hosts,
            @ForAll("primes") int m) {
        List<String> keys = keysOf(hosts);
        int n = keys.size();
        int[] weights = new int[n];
        Arrays.fill(weights, 1);

        int[] counts = MaglevTableTest.slotsPerOwner(MaglevTable.build(keys, weights, m), n);

        int min = Arrays.stream(counts).min().orElseThrow();
        int max = Arrays.stream(counts).max().orElseThrow();
        assertTrue(max - min <= 1, "min " + min + " max " + max);
        assertEquals(m, Arrays.stream(counts).sum());
    }

    /**
     * The credit scheme gives destination i floor(r w_i / w_max) turns after r rounds, and the last round
     * is partial, so its share differs from M w_i / W by at most 2 + 2 N w_i / W slots.
     */
    @Property(tries = 100, seed = "20250104")
    void shouldKeepWeightedSharesWithinTheCreditBound(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 100) Integer> weightList) {
        int m = 65537;
        int n = weightList.size();
        int[] weights = weightList.stream().mapToInt(Integer::intValue).toArray();
        long total = Arrays.stream(weights).sum();

        int[] counts = MaglevTableTest.slotsPerOwner(MaglevTable.build(MaglevTableTest.keys(n), weights, m), n);

        for (int i = 0; i < n; i++) {
            double ideal = (double) m * weights[i] / total;
            double bound = 2 + 2.0 * n * weights[i] / total;
            assertTrue(Math.abs(counts[i] - ideal) <= bound,
                    "destination " + i + " owns " + counts[i] + ", ideal " + ideal + ", bound " + bound);
        }
    }
}
