package io.jvs.engine.conn;

import static io.jvs.engine.conn.TableFixture.CLIENT;
import static io.jvs.engine.conn.TableFixture.MILLI;
import static io.jvs.engine.conn.TableFixture.SECOND;
import static io.jvs.engine.conn.TableFixture.T0;
import static io.jvs.engine.conn.TableFixture.TICK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.DestinationView;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.ServiceView;

import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Eviction notifications: exactly once, before release, consistent when the sink throws, no re-entry. */
class ConnectionTableNotificationTest {

    private static <T> T stub(Class<T> type, String name) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> name;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                }));
    }

    private static final ServiceView WEB = stub(ServiceView.class, "web");
    private static final ServiceView DNS = stub(ServiceView.class, "dns");
    private static final DestinationView[] DESTINATIONS = {
        stub(DestinationView.class, "d0"), stub(DestinationView.class, "d1"), stub(DestinationView.class, "d2")};

    /** Destinations 0 and 1 serve "web", 2 serves "dns". */
    private static final DestinationResolver RESOLVER = new DestinationResolver() {
        @Override
        public DestinationView destination(int destId) {
            return DESTINATIONS[destId];
        }

        @Override
        public ServiceView service(int destId) {
            return destId < 2 ? WEB : DNS;
        }
    };

    private static TableFixture fixture(int capacity) {
        return new TableFixture(new ConnectionTableConfig(capacity).tickShift(TableFixture.TICK_SHIFT).seed(5), RESOLVER);
    }

    @Test
    void shouldShowTheWholeEntryToTheSinkBeforeReleasingIt() {
        TableFixture f = fixture(8);
        long created = T0 + 123 * MILLI;
        int id = f.table.insert(f.tcp(CLIENT, 40000, ForwardingMethod.FULLNAT, 1).local(TableFixture.LOCAL, 61000)
                .session(7, 99L), created);
        f.table.packet(id, FlowDirection.INPUT, TcpFlags.SYN, created);
        f.log.onEviction(entry -> {
            assertSame(DESTINATIONS[1], entry.destination());
            assertSame(WEB, entry.service());
            assertEquals(TableFixture.RS1, entry.destinationAddressWord(0));
            assertEquals(8080, entry.destinationPort());
            assertEquals(TableFixture.LOCAL, entry.localAddressWord(0));
            assertEquals(61000, entry.localPort());
            assertEquals(ForwardingMethod.FULLNAT, entry.forwardingMethod());
            assertEquals(TableFixture.VIP, entry.virtualAddressWord(0));
            assertEquals(0, entry.clientAddressWord(1));
            assertEquals(IpProtocol.TCP, entry.protocol());
            assertEquals(id, entry.table().lookupSession(7, 99L), "still indexed during the call");
        });
        assertTrue(f.table.remove(id, EvictionReason.DEST_REMOVED, T0 + SECOND));
        EvictionLog.Event event = f.log.drain().getFirst();
        assertTrue(event.liveDuringCall());
        assertEquals(4, event.family());
        assertEquals(CLIENT, event.clientWord0());
        assertEquals(40000, event.clientPort());
        assertEquals(80, event.virtualPort());
        assertEquals("SYN_RECV", event.stateName());
        assertEquals(99L, event.sessionKey());
        assertFalse(event.template());
        assertEquals(T0 + SECOND, event.nowNanos());
        assertTrue(event.createdNanos() <= created && created - event.createdNanos() < TICK);
        assertFalse(f.table.isLive(id));
        assertEquals(ConnectionTable.MISSING, f.table.lookupSession(7, 99L));
    }

    @Test
    void shouldStayConsistentWhenTheSinkThrowsDuringExpiry() {
        TableFixture f = fixture(8);
        for (int i = 0; i < 3; i++) {
            f.table.insert(f.udp(CLIENT, 100 + i, 2), T0);
        }
        f.log.failNext(1);
        assertThrows(IllegalArgumentException.class, () -> f.table.expire(T0 + 400 * SECOND, 100));
        assertEquals(1, f.log.events.size());
        assertEquals(2, f.table.size(), "the entry whose notification failed is released anyway");
        int failed = f.log.events.getFirst().entryId();
        assertFalse(f.table.isLive(failed));
        assertEquals(ConnectionTable.MISSING,
                f.table.lookupIn(new FlowKey().ipv4(IpProtocol.UDP, CLIENT, f.log.events.getFirst().clientPort(), TableFixture.VIP, 53)));
        assertEquals(2, f.table.expire(T0 + 400 * SECOND, 100));
        assertEquals(0, f.table.size());
        Set<Integer> ports = new HashSet<>();
        f.log.drain().forEach(e -> ports.add(e.clientPort()));
        assertEquals(Set.of(100, 101, 102), ports);
        assertEquals(0, f.counters.total());
        assertEquals(3, f.table.evictionCount(EvictionReason.EXPIRED));
    }

    @Test
    void shouldStayConsistentWhenTheSinkThrowsDuringCapacityEviction() {
        TableFixture f = fixture(2);
        f.insertTcp(1, ForwardingMethod.NAT, 0, T0);
        f.insertTcp(2, ForwardingMethod.NAT, 0, T0);
        f.log.failNext(1);
        assertThrows(IllegalArgumentException.class, () -> f.insertTcp(3, ForwardingMethod.NAT, 0, T0));
        assertEquals(1, f.table.size());
        assertEquals(ConnectionTable.MISSING, f.table.lookupIn(f.inKey(CLIENT, 3)));
        assertTrue(f.insertTcp(3, ForwardingMethod.NAT, 0, T0) >= 0);
        assertEquals(1, f.log.drain().size(), "the retried insert found the freed id without evicting");
        assertEquals(2, f.counters.inactive(0));
    }

    @Test
    void shouldRejectTableChangesFromInsideTheSink() {
        TableFixture f = fixture(8);
        int a = f.insertTcp(1, ForwardingMethod.NAT, 0, T0);
        int b = f.insertTcp(2, ForwardingMethod.NAT, 0, T0);
        f.log.onEviction(entry -> entry.table().remove(b, EvictionReason.FLUSHED, T0));
        assertThrows(IllegalStateException.class, () -> f.table.remove(a, EvictionReason.FLUSHED, T0));
        assertFalse(f.table.isLive(a));
        assertTrue(f.table.isLive(b));
        assertEquals(1, f.log.events.size());
    }

    @Test
    void shouldFlushByDestinationByServiceAndAll() {
        TableFixture f = fixture(16);
        for (int i = 0; i < 9; i++) {
            f.insertTcp(1000 + i, ForwardingMethod.NAT, i % 3, T0);
        }
        f.table.insertTemplate(f.spec.clear().ipv4(IpProtocol.TCP, CLIENT, 0, TableFixture.VIP, 80)
                .destination(TableFixture.RS1, 0).destId(0), 300 * SECOND, T0);
        assertEquals(4, f.table.flushDestination(0, EvictionReason.DEST_REMOVED, T0));
        assertEquals(List.of(EvictionReason.DEST_REMOVED), f.log.drain().stream().map(EvictionLog.Event::reason).distinct().toList());
        assertEquals(3, f.table.flushService(WEB, EvictionReason.FLUSHED, T0));
        assertTrue(f.log.drain().stream().allMatch(e -> e.destId() == 1));
        assertEquals(3, f.table.flushAll(EvictionReason.FLUSHED, T0));
        assertTrue(f.log.drain().stream().allMatch(e -> e.destId() == 2 && e.reason() == EvictionReason.FLUSHED));
        assertEquals(0, f.table.size());
        assertEquals(0, f.counters.total());
        assertEquals(0, f.table.indexedKeys());
    }

    @Test
    void shouldRefuseIpv6WhenItsPoolIsEmptyAndReuseReleasedRecords() {
        TableFixture f = new TableFixture(new ConnectionTableConfig(8).ipv6Capacity(2).tickShift(TableFixture.TICK_SHIFT));
        long prefix = 0x20010db800000000L;
        int[] ids = new int[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = f.table.insert(f.spec.clear().ipv6(IpProtocol.UDP, prefix, i, 5353, prefix, 0x100, 53)
                    .destination(prefix, 0x200, 53).destId(1), T0);
        }
        assertEquals(ConnectionTable.MISSING, ids[2]);
        assertEquals(1, f.table.refusedIpv6Count());
        assertTrue(f.insertTcp(1, ForwardingMethod.NAT, 1, T0) >= 0, "IPv4 is unaffected");
        f.table.remove(ids[0], EvictionReason.FLUSHED, T0);
        int again = f.table.insert(f.spec.clear().ipv6(IpProtocol.UDP, prefix, 7, 5353, prefix, 0x100, 53)
                .destination(prefix, 0x200, 53).destId(1), T0);
        assertTrue(again >= 0);
        assertEquals(7, f.table.clientAddressWord(again, 3));
        assertEquals(1, f.table.clientAddressWord(ids[1], 3), "the other record is intact");
    }
}
