package io.jvs.plugins.ipvs;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * Power of two choices ({@code twos}): picks two destinations at random, each with probability
 * proportional to its weight, and returns the one with fewer connections per weight (Mitzenmacher,
 * "The Power of Two Random Choices: A Survey of Techniques and Results"). A port of Linux IPVS
 * {@code net/netfilter/ipvs/ip_vs_twos.c} ({@code ip_vs_twos_schedule}).
 *
 * <ul>
 *   <li>With {@code total} the sum of the eligible weights, two random numbers {@code r1}, {@code r2}
 *       are drawn in {@code [0, total]} (both ends, as in the kernel: {@code random % (total + 1)}).
 *       Walking the eligible destinations in list order and subtracting each weight from both, the
 *       first destination that brings {@code r1} to 0 or below is the first candidate, and likewise
 *       for {@code r2}. As in the kernel, the first destination is thus one draw more likely than its
 *       weight alone would make it.</li>
 *   <li>The second candidate wins when
 *       {@code weight2 * overhead1 > weight1 * overhead2}, with the {@linkplain ConnectionOverhead
 *       overhead} {@code active * 256 + inactive}; otherwise, ties included, the first.</li>
 *   <li>Weight 0 is quiescent; overloaded and unavailable destinations are skipped;
 *       {@link Scheduler#NONE} when none is eligible.</li>
 * </ul>
 *
 * <p><b>Randomness, and threads:</b> the kernel calls {@code prandom_u32()}. Here one 64-bit
 * random value per call comes from a {@link SplitMix64} sequence (a state advanced by a constant, then
 * mixed) whose state is a plain field shared by the workers and updated racily, <b>XORed with a hash
 * of the packet's 5-tuple</b> before mixing. Two workers that read the same state at once still get
 * different values for different flows; a lost update only repeats a state. The high and low
 * 32 bits give {@code r1} and {@code r2}. No allocation, no lock, no {@code ThreadLocalRandom}. The
 * sequence is deterministic for a given seed and packet order, which makes tests exact; the values
 * are not cryptographic and are not meant to be.
 */
public final class PowerOfTwoChoicesScheduler implements Scheduler {

    /** The random state; read and written without synchronisation by all workers (see the class notes). */
    private long state;

    /**
     * Creates the scheduler of one service.
     *
     * @param seed the initial random state; the factory derives it from the service's name
     */
    public PowerOfTwoChoicesScheduler(long seed) {
        this.state = seed;
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        DestinationList destinations = service.destinations();
        int count = destinations.size();
        long total = 0;
        for (int i = 0; i < count; i++) {
            DestinationView candidate = destinations.get(i);
            if (candidate.isEligible()) {
                total += candidate.weight();
            }
        }
        if (total == 0) {
            return NONE;
        }
        long random = nextRandom(packet);
        long remaining1 = (random >>> 32) % (total + 1);
        long remaining2 = (random & 0xFFFFFFFFL) % (total + 1);

        DestinationView choice1 = NONE;
        DestinationView choice2 = NONE;
        DestinationView lastEligible = NONE;
        long weight1 = 0;
        long weight2 = 0;
        long overhead1 = 0;
        long overhead2 = 0;
        for (int i = 0; i < count && (choice1 == NONE || choice2 == NONE); i++) {
            DestinationView candidate = destinations.get(i);
            if (!candidate.isEligible()) {
                continue;
            }
            lastEligible = candidate;
            int weight = candidate.weight();
            remaining1 -= weight;
            remaining2 -= weight;
            if (remaining1 <= 0 && choice1 == NONE) {
                choice1 = candidate;
                weight1 = weight;
                overhead1 = ConnectionOverhead.of(candidate);
            }
            if (remaining2 <= 0 && choice2 == NONE) {
                choice2 = candidate;
                weight2 = weight;
                overhead2 = ConnectionOverhead.of(candidate);
            }
        }
        if (choice1 == NONE) {
            // Only when weights changed between the two walks: the kernel then keeps the last eligible one.
            return choice2 != NONE ? choice2 : lastEligible;
        }
        if (choice2 != NONE && weight2 * overhead1 > weight1 * overhead2) {
            return choice2;
        }
        return choice1;
    }

    /** Advances the shared state racily and mixes it with the packet's tuple. */
    private long nextRandom(PacketView packet) {
        long next = state + SplitMix64.GOLDEN_GAMMA;
        state = next;
        return SplitMix64.mix(next ^ tupleHash(packet));
    }

    /**
     * Hashes a packet's 5-tuple to 64 bits, so that concurrent calls for different flows draw
     * different numbers.
     *
     * @param packet the packet
     * @return the hash
     */
    static long tupleHash(PacketView packet) {
        long hash = packet.protocol();
        int words = packet.family() == AddressFamily.IPV6 ? 4 : 1;
        for (int i = 0; i < words; i++) {
            long pair = (long) packet.sourceAddressWord(i) << 32 | (packet.destinationAddressWord(i) & 0xFFFFFFFFL);
            hash = hash * SplitMix64.GOLDEN_GAMMA + pair;
        }
        return hash * SplitMix64.GOLDEN_GAMMA + ((long) packet.sourcePort() << 16 | packet.destinationPort());
    }
}
