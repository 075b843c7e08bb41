package io.jvs.engine.conn;

import static io.jvs.engine.conn.TableFixture.CLIENT;
import static io.jvs.engine.conn.TableFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;

import org.junit.jupiter.api.Test;

/** Session keys: the SPI's "same session from a new tuple replaces the old entry". */
class ConnectionTableSessionTest {

    private static final long KEY = 0x9e3779b97f4a7c15L;

    private static int keyed(TableFixture f, int port, int scope, long key) {
        return f.table.insert(f.udp(CLIENT, port, 1).session(scope, key), T0);
    }

    @Test
    void shouldReplaceTheHolderOfASessionKeyFromANewTuple() {
        TableFixture f = new TableFixture(8);
        int first = keyed(f, 1000, 1, KEY);
        assertEquals(first, f.table.lookupSession(1, KEY));
        assertEquals(KEY, f.table.sessionKey(first));
        int second = keyed(f, 2000, 1, KEY);
        assertEquals(second, f.table.lookupSession(1, KEY));
        EvictionLog.Event event = f.log.drain().getFirst();
        assertEquals(first, event.entryId());
        assertEquals(1000, event.clientPort());
        assertEquals(KEY, event.sessionKey());
        assertEquals(EvictionReason.REPLACED, event.reason());
        assertEquals(1, f.table.size());
    }

    @Test
    void shouldKeepScopesApart() {
        TableFixture f = new TableFixture(8);
        int one = keyed(f, 1000, 1, KEY);
        int two = keyed(f, 2000, 2, KEY);
        assertEquals(one, f.table.lookupSession(1, KEY));
        assertEquals(two, f.table.lookupSession(2, KEY));
        assertEquals(ConnectionTable.MISSING, f.table.lookupSession(3, KEY));
        assertEquals(0, f.log.events.size());
    }

    @Test
    void shouldNotIndexKeyZeroAndUnindexOnRemoval() {
        TableFixture f = new TableFixture(8);
        keyed(f, 1000, 1, 0);
        keyed(f, 2000, 1, 0);
        assertEquals(ConnectionTable.MISSING, f.table.lookupSession(1, 0));
        assertEquals(2, f.table.size());
        int id = keyed(f, 3000, 1, KEY);
        f.table.remove(id, EvictionReason.FLUSHED, T0);
        assertEquals(ConnectionTable.MISSING, f.table.lookupSession(1, KEY));
        assertEquals(0, f.table.sessionKeys());
    }

    @Test
    void shouldRefuseKeyedInsertsWhenTheSessionIndexIsFull() {
        TableFixture f = new TableFixture(new ConnectionTableConfig(8).sessionCapacity(2).tickShift(TableFixture.TICK_SHIFT));
        keyed(f, 1, 1, 11);
        keyed(f, 2, 1, 12);
        assertEquals(ConnectionTable.MISSING, keyed(f, 3, 1, 13));
        assertEquals(1, f.table.refusedSessionCount());
        // replacing a key frees its place first
        assertEquals(2, f.table.size());
        int replacing = keyed(f, 4, 1, 12);
        assertEquals(replacing, f.table.lookupSession(1, 12));
        // unkeyed inserts are unaffected
        assertTrue(f.table.insert(f.tcp(CLIENT, 9, ForwardingMethod.NAT, 1), T0) >= 0);
    }
}
