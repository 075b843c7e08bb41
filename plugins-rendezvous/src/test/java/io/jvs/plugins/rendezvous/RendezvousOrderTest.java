package io.jvs.plugins.rendezvous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.testkit.FakeDestination;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The rendezvous order against GLB's own model, and the properties of highest-random-weight
 * hashing: one appearance per row, balance, stable relative order.
 */
class RendezvousOrderTest {

    private static final byte[] SEED = RendezvousSettingsTest.hex("34567890123456783456789012345678");

    @Test
    void shouldOrderEveryRowAsGlbsModel() {
        List<String> hosts = new ArrayList<>();
        List<FakeDestination> destinations = new ArrayList<>(RendezvousFixtures.destinations(20, new Random(5)));
        for (int i = 1; i <= 5; i++) {
            destinations.add(FakeDestination.of("2001:db8::" + Integer.toHexString(i * 4099), 443));
        }
        DestinationAddress[] members = RendezvousFixtures.addresses(destinations);
        for (DestinationAddress member : members) {
            hosts.add(member.toString());
        }
        int hops = 4;
        int[] order = RendezvousOrder.build(SEED, 512, hops, members, false);
        GlbTableModel model = new GlbTableModel(SEED);

        for (int row = 0; row < 512; row++) {
            List<String> expected = model.row(row, hosts, false).subList(0, hops);
            List<String> actual = new ArrayList<>();
            for (int hop = 0; hop < hops; hop++) {
                actual.add(members[order[row * hops + hop]].toString());
            }
            assertEquals(expected, actual, "row " + row);
        }
    }

    @Test
    void shouldHashThePortAfterTheAddressWithTheOption() {
        List<FakeDestination> destinations = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            destinations.add(FakeDestination.of("10.0.0." + (1 + i / 3), 8080 + i % 3));
            destinations.add(FakeDestination.of("2001:db8::" + (1 + i / 3), 8080 + i % 3));
        }
        DestinationAddress[] members = RendezvousFixtures.addresses(destinations);
        List<String> hosts = Arrays.stream(members).map(DestinationAddress::toString).toList();
        int[] order = RendezvousOrder.build(SEED, 256, members.length, members, true);
        GlbTableModel model = new GlbTableModel(SEED);

        for (int row = 0; row < 256; row++) {
            List<String> actual = new ArrayList<>();
            for (int hop = 0; hop < members.length; hop++) {
                actual.add(members[order[row * members.length + hop]].toString());
            }
            assertEquals(model.row(row, hosts, true), actual, "row " + row);
        }
    }

    @Property(tries = 40, seed = "20261121")
    void shouldHoldEachDestinationAtMostOncePerRow(@ForAll @IntRange(min = 1, max = 40) int count,
            @ForAll @IntRange(min = 2, max = 8) int hops, @ForAll long seed, @ForAll RendezvousOrder.Scoring scoring) {
        DestinationAddress[] members = RendezvousFixtures.addresses(
                RendezvousFixtures.destinations(count, new Random(seed)));
        int[] order = RendezvousOrder.build(SEED, 256, hops, members, false, scoring);

        for (int row = 0; row < 256; row++) {
            Set<Integer> seen = new HashSet<>();
            for (int hop = 0; hop < hops; hop++) {
                int member = order[row * hops + hop];
                if (hop < Math.min(count, hops)) {
                    assertTrue(member >= 0 && member < count, "row " + row + " hop " + hop);
                    assertTrue(seen.add(member), "row " + row + " holds member " + member + " twice");
                } else {
                    assertEquals(RendezvousOrder.NO_MEMBER, member, "row " + row + " hop " + hop);
                }
            }
        }
    }

    @Property(tries = 25, seed = "20261121")
    void shouldKeepTheRelativeOrderOfAnyTwoWhenAThirdIsAddedOrRemoved(
            @ForAll @IntRange(min = 3, max = 24) int count, @ForAll long seed,
            @ForAll RendezvousOrder.Scoring scoring) {
        Random random = new Random(seed);
        List<FakeDestination> all = RendezvousFixtures.destinations(count + 1, random);
        List<FakeDestination> without = new ArrayList<>(all);
        without.remove(random.nextInt(all.size()));
        List<FakeDestination> fewer = new ArrayList<>(without);
        fewer.remove(random.nextInt(fewer.size()));

        Map<Integer, List<String>> withAll = fullOrders(all, scoring);
        Map<Integer, List<String>> withOneLess = fullOrders(without, scoring);
        Map<Integer, List<String>> withTwoLess = fullOrders(fewer, scoring);
        for (int row = 0; row < 256; row++) {
            List<String> reference = withOneLess.get(row);
            assertEquals(reference, restricted(withAll.get(row), reference), "added: row " + row);
            assertEquals(withTwoLess.get(row), restricted(reference, withTwoLess.get(row)), "removed: row " + row);
        }
    }

    @Property(tries = 30, seed = "20261121")
    void shouldEqualAFullBuildAfterIncrementalAddsAndRemoves(@ForAll long seed,
            @ForAll RendezvousOrder.Scoring scoring, @ForAll boolean hashPort,
            @ForAll @IntRange(min = 1, max = 4) int hops) {
        Random random = new Random(seed);
        List<DestinationAddress> pool = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            // a few shared addresses with different ports, so that equal scores occur without hashPort
            String address = i % 3 == 0 ? "2001:db8::" + (i % 5) : "10.0.0." + (i % 7);
            pool.add(DestinationAddress.of(FakeDestination.of(address, 80 + i % 4)));
        }
        List<DestinationAddress> current = new ArrayList<>(
                new java.util.TreeSet<>(pool.subList(0, 1 + random.nextInt(8))));
        RendezvousOrder order = RendezvousOrder.of(SEED, 128, hops, current.toArray(DestinationAddress[]::new),
                hashPort, scoring);
        for (int step = 0; step < 12; step++) {
            DestinationAddress candidate = pool.get(random.nextInt(pool.size()));
            if (current.contains(candidate)) {
                order.remove(candidate);
                current.remove(candidate);
            } else {
                order.add(candidate);
                current.add(candidate);
            }
            DestinationAddress[] sorted = current.stream().sorted().toArray(DestinationAddress[]::new);
            assertEquals(Arrays.asList(sorted), Arrays.asList(order.members()), "step " + step);
            assertEquals(Arrays.toString(RendezvousOrder.build(SEED, 128, hops, sorted, hashPort, scoring)),
                    Arrays.toString(order.rows()), "step " + step);
        }
    }

    @Test
    void shouldMakeEveryDestinationPrimaryOfAboutOneNthOfTheRows() {
        // N = 256 over 65,536 rows: each row's primary is a uniform draw, so the primaries of a
        // destination are Binomial(65536, 1/256): mean 256, coefficient of variation
        // sqrt((N - 1) / rows) = 6.24%. That is the inherent spread of rendezvous (GLB) tables.
        double cv = primaryCoefficientOfVariation(256, 65536, RendezvousOrder.Scoring.SIPHASH);
        System.out.printf("glb balance: N=256, 65536 rows: CV of primaries = %.2f%% (binomial expectation 6.24%%)%n",
                cv * 100);
        assertTrue(cv > 0.05 && cv < 0.075, "CV " + cv);
    }

    @Test
    void shouldReachTwoPercentCoefficientOfVariationAtTwoToTheTwentyRows() {
        // The CV falls as 1 / sqrt(rows per destination): 2^20 rows give sqrt(255 / 2^20) = 1.56%.
        // Scored with MIX to keep the test short (268M pairs); both scorings are binomial (tests above).
        double cv = primaryCoefficientOfVariation(256, 1 << 20, RendezvousOrder.Scoring.MIX);
        System.out.printf("glb balance (mix): N=256, 1048576 rows: CV of primaries = %.2f%% (binomial expectation 1.56%%)%n",
                cv * 100);
        assertTrue(cv <= 0.02, "CV " + cv);
    }

    @Test
    void shouldBalanceAsWellWithTheMixScoring() {
        double cv = primaryCoefficientOfVariation(256, 65536, RendezvousOrder.Scoring.MIX);
        System.out.printf("glb balance (mix): N=256, 65536 rows: CV of primaries = %.2f%% (binomial 6.24%%)%n",
                cv * 100);
        assertTrue(cv > 0.05 && cv < 0.075, "CV " + cv);
    }

    @Test
    void shouldScoreMixAsTheMixerOfRowSeedAndMemberHash() {
        DestinationAddress[] members = RendezvousFixtures.addresses(
                RendezvousFixtures.destinations(30, new Random(8)));
        int[] order = RendezvousOrder.build(SEED, 64, 3, members, false, RendezvousOrder.Scoring.MIX);
        GlbTableModel model = new GlbTableModel(SEED);
        for (int row = 0; row < 64; row++) {
            long rowSeed = ReferenceSipHash.littleEndian(model.rowSeed(row));
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < members.length; i++) {
                expected.add(i);
            }
            expected.sort((a, b) -> Long.compareUnsigned(score(rowSeed, members[a]), score(rowSeed, members[b])));
            assertEquals(expected.subList(0, 3), List.of(order[row * 3], order[row * 3 + 1], order[row * 3 + 2]),
                    "row " + row);
        }
    }

    /** SplitMix64's finalizer of row seed XOR the member's SipHash, written out. */
    private static long score(long rowSeed, DestinationAddress member) {
        byte[] address = RendezvousOrder.message(member, false);
        long z = rowSeed ^ ReferenceSipHash.littleEndian(ReferenceSipHash.digest(SEED, address));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double primaryCoefficientOfVariation(int count, int rows, RendezvousOrder.Scoring scoring) {
        DestinationAddress[] members = RendezvousFixtures.addresses(
                RendezvousFixtures.destinations(count, new Random(7)));
        int[] order = RendezvousOrder.build(SEED, rows, 2, members, false, scoring);
        long[] primaries = new long[count];
        for (int row = 0; row < rows; row++) {
            primaries[order[row * 2]]++;
        }
        double mean = (double) rows / count;
        double squares = 0;
        for (long primary : primaries) {
            assertTrue(primary > 0, "every destination is primary somewhere");
            squares += (primary - mean) * (primary - mean);
        }
        return Math.sqrt(squares / count) / mean;
    }

    private static Map<Integer, List<String>> fullOrders(List<FakeDestination> destinations,
            RendezvousOrder.Scoring scoring) {
        DestinationAddress[] members = RendezvousFixtures.addresses(destinations);
        int[] order = RendezvousOrder.build(SEED, 256, members.length, members, false, scoring);
        Map<Integer, List<String>> rows = new HashMap<>();
        for (int row = 0; row < 256; row++) {
            List<String> keys = new ArrayList<>();
            for (int hop = 0; hop < members.length; hop++) {
                keys.add(members[order[row * members.length + hop]].toString());
            }
            rows.put(row, keys);
        }
        return rows;
    }

    private static List<String> restricted(List<String> order, List<String> to) {
        return order.stream().filter(to::contains).toList();
    }
}
