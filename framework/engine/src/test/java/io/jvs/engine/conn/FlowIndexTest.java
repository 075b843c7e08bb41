package io.jvs.engine.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
