package io.jvs.engine.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.IpProtocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The open-addressed index alone, at a load of 90% in a 64-slot table, so that probe chains wrap
 * around the end of the array and backward-shift deletion moves many slots.
 */
class FlowIndexTest {

    private static final int ENTRIES = 58;
    private static final int SLOTS = 64;

    private final long[] words = new long[ENTRIES * EntryLayout.WORDS];
    private final FlowIndex index = new FlowIndex(SLOTS, words, new int[0], 99);
    private final FlowKey key = new FlowKey();

    private void writeEntry(int id, int client, int port) {
        int b = EntryLayout.base(id);
        words[b + EntryLayout.ADDRESSES] = EntryLayout.pack(client, 0x0a0a0a0a);
        words[b + EntryLayout.PORTS] = ((long) port << 48) | (80L << 32);
        words[b + EntryLayout.META] = IpProtocol.UDP | EntryLayout.LIVE;
    }

    private FlowKey keyOf(int client, int port) {
        return key.ipv4(IpProtocol.UDP, client, port, 0x0a0a0a0a, 80);
    }

    @Test
    void shouldFindEveryKeyAfterBackwardShiftDeletionsAtHighLoad() {
        Random random = new Random(3);
        int[] client = new int[ENTRIES];
        int[] port = new int[ENTRIES];
        Set<Integer> present = new HashSet<>();
        List<Integer> absent = new ArrayList<>();
        for (int id = 0; id < ENTRIES; id++) {
            absent.add(id);
        }
        int serial = 0;
        for (int round = 0; round < 20_000; round++) {
            if (!absent.isEmpty() && (present.isEmpty() || random.nextBoolean())) {
                int id = absent.remove(random.nextInt(absent.size()));
                client[id] = random.nextInt(3);
                port[id] = ++serial;
                writeEntry(id, client[id], port[id]);
                index.add(index.hash(keyOf(client[id], port[id]), FlowIndex.KIND_IN), id, FlowIndex.KIND_IN);
                present.add(id);
            } else {
                List<Integer> ids = new ArrayList<>(present);
                int id = ids.get(random.nextInt(ids.size()));
                index.remove(index.hashOfEntry(id, FlowIndex.KIND_IN), id, FlowIndex.KIND_IN);
                present.remove(id);
                absent.add(id);
                assertEquals(-1, index.find(keyOf(client[id], port[id]), index.hash(key, FlowIndex.KIND_IN),
                        FlowIndex.MASK_IN));
            }
            for (int id : present) {
                int hit = index.find(keyOf(client[id], port[id]), index.hash(key, FlowIndex.KIND_IN), FlowIndex.MASK_IN);
                assertEquals(id << 2, hit, "round " + round + " entry " + id);
            }
            assertEquals(present.size(), index.size());
        }
    }

    @Test
    void shouldRecomputeTheSameHashFromTheRecordAsFromTheKey() {
        writeEntry(5, 0x01020304, 4242);
        assertEquals(index.hash(keyOf(0x01020304, 4242), FlowIndex.KIND_IN), index.hashOfEntry(5, FlowIndex.KIND_IN));
        assertEquals(index.hash(keyOf(0x01020304, 4242), FlowIndex.KIND_TEMPLATE),
                index.hashOfEntry(5, FlowIndex.KIND_TEMPLATE));
    }

    @Test
    void shouldTouchTheEntryOfTheFirstSlotWithTheKeysTagEvenWhenDisplaced() {
        for (int id = 0; id < ENTRIES; id++) {
            writeEntry(id, 7, 1000 + id);
            // A distinct high half (the destination id in a real record) tells the entries apart.
            words[EntryLayout.base(id) + EntryLayout.META] |= (long) (id + 1) << 32;
            index.add(index.hash(keyOf(7, 1000 + id), FlowIndex.KIND_IN), id, FlowIndex.KIND_IN);
        }
        int touched = 0;
        for (int id = 0; id < ENTRIES; id++) {
            long meta = index.touch(index.hash(keyOf(7, 1000 + id), FlowIndex.KIND_IN));
            if (meta != 0) {
                assertEquals(id + 1, (int) (meta >>> 32), "entry " + id);
                touched++;
            }
        }
        // At 90% load most keys are within one cache line of slots from home, many of them displaced.
        assertTrue(touched >= ENTRIES / 2, "touched " + touched);
    }
}
