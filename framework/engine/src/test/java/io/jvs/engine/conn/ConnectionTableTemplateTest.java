package io.jvs.engine.conn;

import static io.jvs.engine.conn.TableFixture.CLIENT;
import static io.jvs.engine.conn.TableFixture.RS1;
import static io.jvs.engine.conn.TableFixture.SECOND;
import static io.jvs.engine.conn.TableFixture.T0;
import static io.jvs.engine.conn.TableFixture.VIP;
import static io.jvs.engine.conn.TableFixture.ceilToTick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;

import org.junit.jupiter.api.Test;

/** Persistence templates: IPVS ip_vs_sched_persist templates, control counts and ip_vs_conn_expire re-arming. */
class ConnectionTableTemplateTest {

    private static final int NETWORK = CLIENT & 0xffffff00;
    private static final long PERSISTENCE = 300 * SECOND;

    private static int template(TableFixture f, int vport, int destId) {
        return f.table.insertTemplate(f.spec.clear().ipv4(IpProtocol.TCP, NETWORK, 0, VIP, vport).destination(RS1, 0)
                .forwarding(ForwardingMethod.NAT).destId(destId), PERSISTENCE, T0);
    }

    @Test
    void shouldFindTemplateByMaskedClientAndPortZeroApartFromConnections() {
        TableFixture f = new TableFixture(8);
        int allPorts = template(f, 0, 5);
        FlowKey key = new FlowKey().ipv4(IpProtocol.TCP, NETWORK, 0, VIP, 0);
        assertEquals(allPorts, f.table.lookupTemplate(key));
        assertEquals(ConnectionTable.MISSING, f.table.lookup(key));
        assertEquals(ConnectionTable.MISSING, f.table.lookupTemplate(key.ipv4(IpProtocol.TCP, NETWORK, 0, VIP, 80)));
        assertEquals(ConnectionTable.MISSING, f.table.lookupTemplate(key.ipv4(IpProtocol.UDP, NETWORK, 0, VIP, 0)));
        // a connection with the very same tuple is another kind of key
        int connection = f.table.insert(f.spec.clear().ipv4(IpProtocol.TCP, NETWORK, 0, VIP, 0).destination(RS1, 0)
                .destId(5), T0);
        assertEquals(connection, f.table.lookupIn(key.ipv4(IpProtocol.TCP, NETWORK, 0, VIP, 0)));
        assertEquals(allPorts, f.table.lookupTemplate(key));
        assertEquals(1, f.counters.templates(5));
        assertEquals(1, f.counters.inactive(5));
        assertTrue(f.table.isTemplate(allPorts));
        assertEquals("NONE", f.table.stateName(allPorts));
        assertEquals(PERSISTENCE, f.table.templateTimeoutNanos(allPorts));
        assertEquals(0, f.table.sessionKey(allPorts));
        assertEquals(0, f.table.localPort(allPorts));
    }

    @Test
    void shouldRearmTemplateWhileItControlsConnectionsAndExpireItAfterwards() {
        TableFixture f = new TableFixture(8);
        int t = template(f, 80, 5);
        int a = f.table.insert(f.tcp(CLIENT, 40000, ForwardingMethod.NAT, 5).controlledBy(t), T0);
        f.table.packet(a, FlowDirection.INPUT, TcpFlags.SYN, T0);
        f.table.packet(a, FlowDirection.INPUT, TcpFlags.ACK, T0);
        assertEquals(1, f.table.controlCount(t));
        assertEquals(t, f.table.controllingTemplate(a));

        assertEquals(0, f.table.expire(T0 + 301 * SECOND, 100));
        assertTrue(f.table.isLive(t));
        assertEquals(ceilToTick(T0 + 301 * SECOND + PERSISTENCE), f.table.deadlineNanos(t));

        f.table.remove(a, EvictionReason.DEST_REMOVED, T0 + 400 * SECOND);
        assertEquals(0, f.table.controlCount(t));
        assertEquals(0, f.table.expire(T0 + 600 * SECOND, 100));
        assertEquals(1, f.table.expire(T0 + 602 * SECOND, 100));
        EvictionLog.Event last = f.log.drain().getLast();
        assertEquals(t, last.entryId());
        assertTrue(last.template());
        assertEquals(EvictionReason.EXPIRED, last.reason());
        assertEquals(0, f.counters.total());
    }

    @Test
    void shouldRearmTemplateOnTouch() {
        TableFixture f = new TableFixture(8);
        int t = template(f, 80, 5);
        assertTrue(f.table.touch(t, T0 + 200 * SECOND));
        assertEquals(0, f.table.expire(T0 + 400 * SECOND, 100));
        assertEquals(1, f.table.expire(T0 + 501 * SECOND, 100));
    }

    @Test
    void shouldNotifyAnExplicitlyRemovedTemplateAtOnceAndFreeItsIdWithItsLastConnection() {
        TableFixture f = new TableFixture(2);
        int t = template(f, 80, 5);
        int a = f.table.insert(f.tcp(CLIENT, 40000, ForwardingMethod.NAT, 5).controlledBy(t), T0);
        f.table.packet(a, FlowDirection.INPUT, TcpFlags.SYN, T0);
        f.table.packet(a, FlowDirection.INPUT, TcpFlags.ACK, T0);

        assertTrue(f.table.remove(t, EvictionReason.DEST_QUIESCED, T0));
        EvictionLog.Event event = f.log.drain().getFirst();
        assertEquals(EvictionReason.DEST_QUIESCED, event.reason());
        assertTrue(event.template());
        assertFalse(f.table.isLive(t));
        assertEquals(1, f.table.size());
        assertEquals(1, f.table.lingeringTemplateCount());
        assertEquals(0, f.counters.templates(5));
        assertEquals(ConnectionTable.MISSING, f.table.lookupTemplate(new FlowKey().ipv4(IpProtocol.TCP, NETWORK, 0, VIP, 80)));
        assertFalse(f.table.remove(t, EvictionReason.FLUSHED, T0), "a lingering template is not notified twice");

        // the lingering template still holds its id: with one established connection the table is full
        assertEquals(ConnectionTable.MISSING, f.insertTcp(41000, ForwardingMethod.NAT, 6, T0));
        assertEquals(1, f.table.refusedFullCount());

        f.table.remove(a, EvictionReason.FLUSHED, T0);
        assertEquals(0, f.table.lingeringTemplateCount());
        assertTrue(f.insertTcp(41000, ForwardingMethod.NAT, 6, T0) >= 0);
        assertTrue(f.insertTcp(41001, ForwardingMethod.NAT, 6, T0) >= 0);
        assertEquals(1, f.log.drain().size());
    }

    @Test
    void shouldReplaceATemplateWithTheSameKey() {
        TableFixture f = new TableFixture(8);
        int first = template(f, 80, 5);
        int second = template(f, 80, 6);
        assertEquals(second, f.table.lookupTemplate(new FlowKey().ipv4(IpProtocol.TCP, NETWORK, 0, VIP, 80)));
        EvictionLog.Event event = f.log.drain().getFirst();
        assertEquals(first, event.entryId());
        assertEquals(EvictionReason.REPLACED, event.reason());
        assertEquals(0, f.counters.templates(5));
        assertEquals(1, f.counters.templates(6));
    }

    @Test
    void shouldSupportIpv6Templates() {
        TableFixture f = new TableFixture(8);
        long prefix = 0x20010db800000000L;
        int t = f.table.insertTemplate(f.spec.clear().ipv6(IpProtocol.UDP, prefix, 0, 0, prefix, 1, 53)
                .destination(prefix, 2, 53).destId(3), PERSISTENCE, T0);
        assertEquals(t, f.table.lookupTemplate(new FlowKey().ipv6(IpProtocol.UDP, prefix, 0, 0, prefix, 1, 53)));
        assertEquals(2, f.table.destinationAddressWord(t, 3));
        assertEquals(1, f.table.flushAll(EvictionReason.FLUSHED, T0));
    }
}
