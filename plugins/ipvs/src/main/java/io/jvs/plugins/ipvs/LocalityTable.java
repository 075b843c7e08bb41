package io.jvs.plugins.ipvs;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.PacketView;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.SchedulerParameters;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The table of {@code lblc} and {@code lblcr}: destination address to a {@linkplain PackedDestinationSet
 * set of destination slots}, with the times of last use and last change. It replaces the kernel's
 * chained hash table of entries allocated per new address ({@code struct ip_vs_lblc_table}: 1024
 * chains, trimmed by a timer once it holds more than 16384 entries) by primitive arrays allocated
 * once, so that {@code schedule} neither allocates nor locks.
 *
 * <pre>
 *  entry i = bucket * 4 + way          bucket = hash_32(fold(address), log2(entries / 4))
 *  keys[i]          long   the address key; 0 = never used
 *  sets[i]          long   the packed set of slots; 0 = no member
 *  lastUse[i]       int    seconds, when the entry last served a lookup
 *  lastModified[i]  int    seconds, when its set last changed
 * </pre>
 *
 * <p><b>Keys.</b> An IPv4 address is kept exactly ({@code 1 << 32 | address}). An IPv6 address is
 * kept as a 64-bit fingerprint with the top bit set, where the kernel compares all 128 bits; two
 * addresses share an entry only if their fingerprints collide (probability about 2<sup>-63</sup> per
 * pair). The bucket is the kernel's {@code hash_32} of the folded address, with more bits.
 *
 * <p><b>Expiry and replacement.</b> An entry unused for {@code expiration} seconds counts as absent.
 * The kernel removes such entries in a full check every 30 minutes, so it may use them up to 30
 * minutes longer. A new address takes, within its bucket of {@value #WAYS} ways, the way that already
 * holds its key, else a free way, else the least recently used one (the kernel instead lets the table
 * grow past 16384 entries and then drops entries unused for 6 minutes, from a timer).
 *
 * <p><b>Threads, without locks.</b> Workers look up, touch and change entries concurrently; the
 * control plane only calls {@link #forget}. A way is claimed for a new address by a compare-and-set
 * of its key; a set is replaced by a compare-and-set from the value the worker read, and a worker
 * that loses the race skips its change (the kernel skips an entry it fails to allocate, too). Times
 * are single {@code int} writes; a lost update moves an expiry by the length of the race. A worker
 * that reads an entry just as another claims it for a new address may see the new key with the old
 * set for an instant; since every member is checked for eligibility before use, the worst outcome is
 * one connection of the new address sent to the previous address's destination. Likewise a worker
 * racing with {@link #forget} may store the slot of a destination being removed: the slot is then
 * empty and the entry is ignored, unless a destination added later takes the slot, which then serves
 * that address (it is eligible, only the locality is lost).
 */
final class LocalityTable {

    /** Entries per bucket. */
    static final int WAYS = 4;

    /** The smallest table: 4 buckets. */
    static final int MIN_ENTRIES = 16;

    /** The largest table: 2^24 entries, 384 MiB. */
    static final int MAX_ENTRIES = 1 << 24;

    /** The default table: the kernel's trimming threshold {@code IP_VS_LBLC_TAB_SIZE * 16}, 16384 entries. */
    static final int DEFAULT_ENTRIES = 16384;

    /** The kernel's {@code GOLDEN_RATIO_32}, used by {@code hash_32}. */
    private static final int GOLDEN_RATIO_32 = 0x61C88647;

    private static final long UNUSED = 0L;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private final long[] keys;
    private final long[] sets;
    private final int[] lastUse;
    private final int[] lastModified;
    private final int bucketBits;

    /**
     * Allocates an empty table.
     *
     * @param entries the number of entries, a power of two in [{@value #MIN_ENTRIES}, {@value #MAX_ENTRIES}]
     * @throws IllegalArgumentException otherwise
     */
    LocalityTable(int entries) {
        if (entries < MIN_ENTRIES || entries > MAX_ENTRIES || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("table size must be a power of two in [" + MIN_ENTRIES + ", "
                    + MAX_ENTRIES + "]: " + entries);
        }
        this.keys = new long[entries];
        this.sets = new long[entries];
        this.lastUse = new int[entries];
        this.lastModified = new int[entries];
        this.bucketBits = Integer.numberOfTrailingZeros(entries / WAYS);
    }

    /**
     * Declares the table-size parameter of {@code lblc} or {@code lblcr}.
     *
     * @param name the parameter's name
     * @return an integer parameter in [{@value #MIN_ENTRIES}, {@value #MAX_ENTRIES}], default {@value
     *     #DEFAULT_ENTRIES}
     */
    static ParameterSpec sizeParameter(String name) {
        return ParameterSpec.integer(name, DEFAULT_ENTRIES, MIN_ENTRIES, MAX_ENTRIES,
                "addresses remembered, a power of two; 24 bytes each, allocated when the service is"
                        + " created (default 16384 = 384 KiB, the kernel's trimming threshold)");
    }

    /**
     * Reads a table-size parameter declared by {@link #sizeParameter} and checks that it is a power of two.
     *
     * @param parameters the scheduler's parameters
     * @param name the parameter's name
     * @return the number of entries
     * @throws InvalidParameterException when it is not a power of two
     */
    static int entries(SchedulerParameters parameters, String name) throws InvalidParameterException {
        int entries = parameters.getInt(name);
        if (Integer.bitCount(entries) != 1) {
            throw new InvalidParameterException(name, "must be a power of two, such as "
                    + Integer.highestOneBit(entries) + " or " + (Integer.highestOneBit(entries) << 1) + "; got "
                    + entries);
        }
        return entries;
    }

    /**
     * Returns the table key of a packet's destination address.
     *
     * @param packet the packet
     * @param fold its folded destination address, {@link AddressFold#destination}
     * @return a non-zero key
     */
    static long key(PacketView packet, int fold) {
        if (packet.family() != AddressFamily.IPV6) {
            return 1L << 32 | (fold & 0xFFFFFFFFL);
        }
        long high = (long) packet.destinationAddressWord(0) << 32 | (packet.destinationAddressWord(1) & 0xFFFFFFFFL);
        long low = (long) packet.destinationAddressWord(2) << 32 | (packet.destinationAddressWord(3) & 0xFFFFFFFFL);
        return SplitMix64.mix(SplitMix64.mix(high) ^ low) | Long.MIN_VALUE;
    }

    /**
     * Converts the engine's clock to the table's whole seconds; differences of these values are
     * exact up to 68 years.
     *
     * @param nowNanos nanoseconds on the engine's monotonic clock
     * @return seconds, wrapping at 32 bits
     */
    static int seconds(long nowNanos) {
        return (int) Math.floorDiv(nowNanos, 1_000_000_000L);
    }

    /**
     * Finds the live entry of a key.
     *
     * @param key the key, {@link #key}
     * @param fold the folded address the key came from
     * @param now the current time, {@link #seconds}
     * @param expiration seconds after which an unused entry counts as absent
     * @return the entry's index, or -1 when there is none with members used in the last
     *     {@code expiration} seconds
     */
    int find(long key, int fold, int now, int expiration) {
        int first = firstWay(fold);
        for (int i = first; i < first + WAYS; i++) {
            if ((long) LONGS.getOpaque(keys, i) == key && (long) LONGS.getOpaque(sets, i) != PackedDestinationSet.EMPTY
                    && now - (int) INTS.getOpaque(lastUse, i) < expiration) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the set of an entry.
     *
     * @param entry an index from {@link #find}
     * @return the packed set
     */
    long members(int entry) {
        return (long) LONGS.getOpaque(sets, entry);
    }

    /**
     * Returns when the set of an entry last changed.
     *
     * @param entry an index from {@link #find}
     * @return seconds
     */
    int lastModified(int entry) {
        return (int) INTS.getOpaque(lastModified, entry);
    }

    /**
     * Records a use of an entry (the kernel's {@code en->lastuse = jiffies}); writes only when the
     * second changed, to spare the cache line.
     *
     * @param entry an index from {@link #find}
     * @param now the current time, seconds
     */
    void touch(int entry, int now) {
        if ((int) INTS.getOpaque(lastUse, entry) != now) {
            INTS.setOpaque(lastUse, entry, now);
        }
    }

    /**
     * Replaces the set of an entry if it still is {@code expected}, and records the change time.
     *
     * @param entry an index from {@link #find}
     * @param expected the set the caller read
     * @param replacement the new set
     * @param now the current time, seconds
     * @return {@code true} when replaced, {@code false} when another worker changed it first
     */
    boolean replaceMembers(int entry, long expected, long replacement, int now) {
        if (expected == replacement) {
            return true;
        }
        if (!LONGS.compareAndSet(sets, entry, expected, replacement)) {
            return false;
        }
        INTS.setOpaque(lastModified, entry, now);
        return true;
    }

    /**
     * Creates the entry of a key with a first set, in the way its bucket can best spare.
     *
     * @param key the key, {@link #key}
     * @param fold the folded address the key came from
     * @param members the set
     * @param now the current time, seconds
     * @return {@code true} when created, {@code false} when another worker claimed the way first
     */
    boolean claim(long key, int fold, long members, int now) {
        int first = firstWay(fold);
        int victim = first;
        long victimKey = UNUSED;
        long oldestAge = -1;
        for (int i = first; i < first + WAYS; i++) {
            long current = (long) LONGS.getOpaque(keys, i);
            if (current == key) {
                victim = i;
                victimKey = current;
                break;
            }
            long age = current == UNUSED || (long) LONGS.getOpaque(sets, i) == PackedDestinationSet.EMPTY
                    ? Long.MAX_VALUE
                    : now - (int) INTS.getOpaque(lastUse, i);
            if (age > oldestAge) {
                oldestAge = age;
                victim = i;
                victimKey = current;
            }
        }
        if (victimKey != key && !LONGS.compareAndSet(keys, victim, victimKey, key)) {
            return false;
        }
        LONGS.setOpaque(sets, victim, members);
        INTS.setOpaque(lastUse, victim, now);
        INTS.setOpaque(lastModified, victim, now);
        return true;
    }

    /**
     * Removes a slot from every set, when its destination left the service. Control plane only;
     * O(entries).
     *
     * @param slot the removed destination's slot
     */
    void forget(int slot) {
        for (int i = 0; i < sets.length; i++) {
            long set = (long) LONGS.getVolatile(sets, i);
            while (PackedDestinationSet.contains(set, slot)
                    && !LONGS.compareAndSet(sets, i, set, PackedDestinationSet.without(set, slot))) {
                set = (long) LONGS.getVolatile(sets, i);
            }
        }
    }

    /**
     * Derives the slots after a destination left the service, having first removed its slot from
     * every set (so that the destination that takes the slot next does not inherit its entries).
     * Control plane only.
     *
     * @param slots the slots before the removal
     * @param removed the removed destination
     * @param remaining the service's destinations after the removal
     * @return the slots to publish
     */
    DestinationSlots afterRemoval(DestinationSlots slots, DestinationView removed, DestinationList remaining) {
        int slot = slots.slotOf(removed);
        if (slot != DestinationSlots.NO_SLOT) {
            forget(slot);
        }
        return slots.next(remaining);
    }

    /**
     * Returns the number of entries.
     *
     * @return the capacity
     */
    int capacity() {
        return keys.length;
    }

    private int firstWay(int fold) {
        return ((fold * GOLDEN_RATIO_32) >>> (32 - bucketBits)) * WAYS;
    }
}
