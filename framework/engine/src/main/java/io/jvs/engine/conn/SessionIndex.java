package io.jvs.engine.conn;

/**
 * The session-key index of a {@link ConnectionTable}: (scope, key) to entry id, open addressing with
 * linear probing and backward-shift deletion over parallel primitive arrays (16 bytes a slot). Keys
 * are never 0 ({@link io.jvs.spi.Scheduler#NO_SESSION_KEY} is not indexed), so a 0 key marks an empty
 * slot. The home slot depends on the key only, so that an entry can be unindexed from its stored key
 * without knowing its scope; keys are well-mixed digests by the SPI's contract, and the seed mixes
 * them once more.
 */
final class SessionIndex {

    private final long[] keys;
    private final int[] scopes;
    private final int[] entries;
    private final int mask;
    private final long seed;
    private final int capacity;
    private int size;

    SessionIndex(int capacity, long seed) {
        int slots = capacity == 0 ? 1 : Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) << 1;
        this.keys = new long[slots];
        this.scopes = new int[slots];
        this.entries = new int[slots];
        this.mask = slots - 1;
        this.seed = seed;
        this.capacity = capacity;
    }

    private int home(long key) {
        return (int) FlowHash.mix(key ^ seed) & mask;
    }

    int find(int scope, long key) {
        final long[] k = keys;
        final int m = mask;
        int i = home(key);
        while (true) {
            long slot = k[i];
            if (slot == 0) {
                return ConnectionTable.MISSING;
            }
            if (slot == key && scopes[i] == scope) {
                return entries[i];
            }
            i = (i + 1) & m;
        }
    }

    boolean isFull() {
        return size >= capacity;
    }

    void add(int scope, long key, int entryId) {
        final long[] k = keys;
        final int m = mask;
        int i = home(key);
        while (k[i] != 0) {
            i = (i + 1) & m;
        }
        k[i] = key;
        scopes[i] = scope;
        entries[i] = entryId;
        size++;
    }

    void remove(long key, int entryId) {
        final long[] k = keys;
        final int m = mask;
        int i = home(key);
        while (k[i] != key || entries[i] != entryId) {
            if (k[i] == 0) {
                throw new IllegalStateException("session index lost entry " + entryId);
            }
            i = (i + 1) & m;
        }
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & m;
            long slotKey = k[j];
            if (slotKey == 0) {
                break;
            }
            int home = home(slotKey);
            if (((j - home) & m) >= ((j - hole) & m)) {
                k[hole] = slotKey;
                scopes[hole] = scopes[j];
                entries[hole] = entries[j];
                hole = j;
            }
        }
        k[hole] = 0;
        size--;
    }

    int size() {
        return size;
    }

    int slotCount() {
        return keys.length;
    }
}
