package io.jvs.engine.conn;

import static io.jvs.engine.conn.TableFixture.CLIENT;
import static io.jvs.engine.conn.TableFixture.MILLI;
import static io.jvs.engine.conn.TableFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The overflow policy: oldest embryonic entry first, never an established one, refuse when none. */
class ConnectionTableOverflowTest {

    private static final int CAPACITY = 64;
    private static final int ESTABLISHED = 10;

    @Test
    void shouldEvictOnlyEmbryonicEntriesOldestFirstUnderASynFlood() {
        TableFixture f = new TableFixture(CAPACITY);
        Set<Integer> establishedPorts = new HashSet<>();
        long now = T0;
        for (int i = 0; i < ESTABLISHED; i++) {
            f.establishedTcp(1000 + i, 1, now);
            establishedPorts.add(1000 + i);
        }
        List<Integer> synPortsInOrder = new ArrayList<>();
        for (int i = 0; i < 10 * CAPACITY; i++) {
            now += MILLI;
            int port = 20000 + i;
            int id = f.insertTcp(port, ForwardingMethod.NAT, 2, now);
            assertTrue(id >= 0, "insert " + i);
            f.table.packet(id, FlowDirection.INPUT, TcpFlags.SYN, now);
            synPortsInOrder.add(port);
            assertTrue(f.table.size() <= CAPACITY);
        }
        List<EvictionLog.Event> events = f.log.drain();
        int expectedEvictions = ESTABLISHED + 10 * CAPACITY - CAPACITY;
        assertEquals(expectedEvictions, events.size());
        for (int i = 0; i < events.size(); i++) {
            EvictionLog.Event event = events.get(i);
            assertEquals(EvictionReason.CAPACITY, event.reason());
            assertFalse(establishedPorts.contains(event.clientPort()), "an established entry was evicted");
            assertEquals(synPortsInOrder.get(i), event.clientPort(), "victims leave oldest first");
            assertEquals("SYN_RECV", event.stateName());
        }
        assertEquals(expectedEvictions, f.table.evictionCount(EvictionReason.CAPACITY));
        assertEquals(0, f.table.refusedFullCount());
        assertEquals(CAPACITY, f.table.size());
        assertEquals(ESTABLISHED, f.counters.active(1));
        assertEquals(CAPACITY - ESTABLISHED, f.counters.inactive(2));
        for (int port : establishedPorts) {
            assertTrue(f.table.lookupIn(f.inKey(CLIENT, port)) >= 0);
        }
    }

    @Test
    void shouldRefuseAndCountWhenNoEmbryonicEntryExists() {
        TableFixture f = new TableFixture(CAPACITY);
        for (int i = 0; i < CAPACITY; i++) {
            f.establishedTcp(1000 + i, 1, T0);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(ConnectionTable.MISSING, f.insertTcp(30000 + i, ForwardingMethod.NAT, 2, T0 + MILLI));
        }
        assertEquals(5, f.table.refusedFullCount());
        assertEquals(0, f.log.events.size());
        assertEquals(CAPACITY, f.table.size());
        assertEquals(0, f.counters.inactive(2));
    }

    @Test
    void shouldOrderVictimsByTheirLatestEntryIntoAnEmbryonicState() {
        TableFixture f = new TableFixture(4);
        int a = f.insertTcp(1, ForwardingMethod.NAT, 1, T0);
        f.insertTcp(2, ForwardingMethod.NAT, 1, T0);
        f.insertTcp(3, ForwardingMethod.NAT, 1, T0);
        int d = f.insertTcp(4, ForwardingMethod.NAT, 1, T0);
        // a leaves the embryonic states, then a SYN on its CLOSE state makes it embryonic again: now youngest
        f.table.packet(a, FlowDirection.INPUT, TcpFlags.ACK, T0);
        f.table.packet(a, FlowDirection.INPUT, TcpFlags.RST, T0);
        f.table.packet(a, FlowDirection.INPUT, TcpFlags.SYN, T0);
        assertTrue(f.table.isEmbryonic(a));
        // UDP that saw two packets is no longer embryonic
        f.table.remove(d, EvictionReason.FLUSHED, T0);
        int udp = f.table.insert(f.udp(CLIENT, 53, 1), T0);
        f.table.packet(udp, FlowDirection.INPUT, 0, T0);
        f.table.packet(udp, FlowDirection.OUTPUT, 0, T0);
        f.log.drain();
        List<Integer> victims = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertTrue(f.insertTcp(100 + i, ForwardingMethod.NAT, 1, T0) >= 0);
            victims.add(f.log.drain().getFirst().clientPort());
        }
        assertEquals(List.of(2, 3, 1), victims);
        assertEquals(udp, f.table.lookupIn(new FlowKey().ipv4(17, CLIENT, 53, TableFixture.VIP, 53)),
                "the UDP entry that saw two packets stays");
    }

    @Test
    void shouldNeverEvictTemplatesToMakeRoom() {
        TableFixture f = new TableFixture(2);
        int template = f.table.insertTemplate(f.spec.clear().ipv4(6, CLIENT, 0, TableFixture.VIP, 0)
                .destination(TableFixture.RS1, 0).destId(1), 300 * TableFixture.SECOND, T0);
        assertTrue(template >= 0);
        assertTrue(f.insertTcp(1, ForwardingMethod.NAT, 1, T0) >= 0);
        assertTrue(f.insertTcp(2, ForwardingMethod.NAT, 1, T0) >= 0);
        assertTrue(f.table.isLive(template));
        assertEquals(EvictionReason.CAPACITY, f.log.drain().getFirst().reason());
        assertEquals(1, f.counters.templates(1));
    }

    @Test
    void shouldSqueezeStaleQueueElementsWithoutLosingEmbryonicEntries() {
        TableFixture f = new TableFixture(8);
        // churn far more embryonic entries through the queue than its 16 elements
        long now = T0;
        for (int i = 0; i < 1000; i++) {
            int id = f.insertTcp(i, ForwardingMethod.NAT, 1, now);
            if (i % 3 != 0) {
                f.table.remove(id, EvictionReason.FLUSHED, now);
            }
            assertTrue(f.table.embryonicQueued() <= 16);
        }
        // every live entry is embryonic and reachable as a victim: eight inserts evict all eight
        Set<Integer> before = new HashSet<>();
        for (int id = f.table.nextLive(0); id >= 0; id = f.table.nextLive(id + 1)) {
            before.add(f.table.clientPort(id));
        }
        assertEquals(8, before.size());
        f.log.drain();
        for (int i = 0; i < 8; i++) {
            assertTrue(f.insertTcp(5000 + i, ForwardingMethod.NAT, 1, now) >= 0);
        }
        Set<Integer> victims = new HashSet<>();
        f.log.drain().forEach(e -> victims.add(e.clientPort()));
        assertEquals(before, victims);
    }
}
