package io.jvs.engine.conn;

import static io.jvs.engine.conn.FlowDirection.INPUT;
import static io.jvs.engine.conn.FlowDirection.OUTPUT;
import static io.jvs.engine.conn.TableFixture.MILLI;
import static io.jvs.engine.conn.TableFixture.SECOND;
import static io.jvs.engine.conn.TableFixture.T0;
import static io.jvs.engine.conn.TableFixture.TICK;
import static io.jvs.engine.conn.TableFixture.ceilToTick;
import static io.jvs.engine.conn.TcpFlags.ACK;
import static io.jvs.engine.conn.TcpFlags.FIN;
import static io.jvs.engine.conn.TcpFlags.PSH;
import static io.jvs.engine.conn.TcpFlags.RST;
import static io.jvs.engine.conn.TcpFlags.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * TCP, UDP and ICMP entries in the table: IPVS transitions (tcp_states of ip_vs_proto_tcp.c), the
 * active/inactive accounting of set_tcp_state, and the tcp_timeouts/udp_timeouts deadlines, on a
 * simulated clock.
 */
class ConnectionTableStateTest {

    /** One step: time offset from T0, direction, flags, expected state, active, inactive, timeout (s). */
    private record Step(long offsetNanos, int direction, int flags, TcpState state, int active, int inactive,
            long timeoutSeconds) {
    }

    private static void walk(TableFixture f, int id, int destId, List<Step> steps) {
        for (Step step : steps) {
            long now = T0 + step.offsetNanos();
            int code = f.table.packet(id, step.direction(), step.flags(), now);
            String where = "after " + step;
            assertEquals(step.state().code(), code, where);
            assertEquals(step.state(), f.table.tcpState(id), where);
            assertEquals(step.active(), f.counters.active(destId), where);
            assertEquals(step.inactive(), f.counters.inactive(destId), where);
            assertEquals(ceilToTick(now + step.timeoutSeconds() * SECOND), f.table.deadlineNanos(id), where);
        }
    }

    @Test
    void shouldFollowNatHandshakeAndCloseWithIpvsTimeoutsAndCounts() {
        TableFixture f = new TableFixture(16);
        int id = f.insertTcp(40000, ForwardingMethod.NAT, 7, T0);
        assertEquals(TcpState.NONE, f.table.tcpState(id));
        assertEquals(1, f.counters.inactive(7));
        assertEquals(ceilToTick(T0 + 2 * SECOND), f.table.deadlineNanos(id));
        walk(f, id, 7, List.of(
                new Step(0, INPUT, SYN, TcpState.SYN_RECV, 0, 1, 60),
                new Step(MILLI, OUTPUT, SYN | ACK, TcpState.SYN_RECV, 0, 1, 60),
                new Step(2 * MILLI, INPUT, ACK, TcpState.ESTABLISHED, 1, 0, 900),
                new Step(10 * SECOND, INPUT, ACK | PSH, TcpState.ESTABLISHED, 1, 0, 900),
                new Step(11 * SECOND, OUTPUT, ACK, TcpState.ESTABLISHED, 1, 0, 900),
                new Step(20 * SECOND, INPUT, FIN | ACK, TcpState.CLOSE_WAIT, 0, 1, 60),
                new Step(20 * SECOND + MILLI, OUTPUT, FIN | ACK, TcpState.TIME_WAIT, 0, 1, 120),
                new Step(20 * SECOND + 2 * MILLI, INPUT, ACK, TcpState.TIME_WAIT, 0, 1, 120)));
        long deadline = f.table.deadlineNanos(id);
        long lastPacket = T0 + 20 * SECOND + 2 * MILLI;
        assertTrue(deadline - (lastPacket + 120 * SECOND) < TICK);
        assertEquals(0, f.table.expire(deadline - 1, 100));
        assertEquals(1, f.table.expire(deadline, 100));
        EvictionLog.Event event = f.log.drain().getFirst();
        assertEquals(EvictionReason.CLOSED, event.reason());
        assertEquals("TIME_WAIT", event.stateName());
        assertEquals(0, f.counters.total());
        assertEquals(0, f.table.size());
    }

    @Test
    void shouldCloseOnServerRstAndExpireAsClosedAfterTenSeconds() {
        TableFixture f = new TableFixture(16);
        int id = f.establishedTcp(40000, 3, T0);
        walk(f, id, 3, List.of(new Step(5 * SECOND, OUTPUT, RST | ACK, TcpState.CLOSE, 0, 1, 10)));
        assertEquals(0, f.table.expire(T0 + 14 * SECOND, 100));
        assertEquals(1, f.table.expire(T0 + 15 * SECOND + TICK, 100));
        assertEquals(EvictionReason.CLOSED, f.log.drain().getFirst().reason());
    }

    @Test
    void shouldIgnoreClientRstInSynRecvAndExpireAsExpired() {
        TableFixture f = new TableFixture(16);
        int id = f.insertTcp(40000, ForwardingMethod.NAT, 3, T0);
        walk(f, id, 3, List.of(
                new Step(0, INPUT, SYN, TcpState.SYN_RECV, 0, 1, 60),
                new Step(SECOND, INPUT, RST, TcpState.SYN_RECV, 0, 1, 60)));
        assertEquals(1, f.table.expire(T0 + 62 * SECOND, 100));
        EvictionLog.Event event = f.log.drain().getFirst();
        assertEquals(EvictionReason.EXPIRED, event.reason());
        assertEquals("SYN_RECV", event.stateName());
    }

    @Test
    void shouldUseInputOnlyTableForDirectRoutingUntilAReplyIsSeen() {
        TableFixture f = new TableFixture(16);
        int dr = f.insertTcp(40000, ForwardingMethod.DR, 4, T0);
        walk(f, dr, 4, List.of(
                new Step(0, INPUT, SYN, TcpState.SYN_RECV, 0, 1, 60),
                new Step(MILLI, INPUT, ACK, TcpState.ESTABLISHED, 1, 0, 900),
                new Step(SECOND, INPUT, FIN | ACK, TcpState.FIN_WAIT, 0, 1, 120),
                new Step(2 * SECOND, INPUT, ACK, TcpState.FIN_WAIT, 0, 1, 120)));
        assertEquals(1, f.table.expire(T0 + 123 * SECOND, 100));
        assertEquals(EvictionReason.EXPIRED, f.log.drain().getFirst().reason());

        int tunnel = f.insertTcp(40001, ForwardingMethod.TUNNEL, 5, T0);
        walk(f, tunnel, 5, List.of(
                new Step(0, INPUT, SYN, TcpState.SYN_RECV, 0, 1, 60),
                new Step(MILLI, INPUT, ACK, TcpState.ESTABLISHED, 1, 0, 900),
                // a reply seen once switches the entry to the INPUT table (NOOUTPUT cleared)
                new Step(2 * MILLI, OUTPUT, ACK, TcpState.ESTABLISHED, 1, 0, 900),
                new Step(SECOND, INPUT, FIN | ACK, TcpState.CLOSE_WAIT, 0, 1, 60)));
    }

    @Test
    void shouldUseDpvsTimeoutsForEntriesOfTheDpvsProfile() {
        TableFixture f = new TableFixture(16);
        int id = f.table.insert(f.tcp(TableFixture.CLIENT, 40000, ForwardingMethod.FULLNAT, 2).profile(1), T0);
        assertEquals(ceilToTick(T0 + 2 * SECOND), f.table.deadlineNanos(id));
        walk(f, id, 2, List.of(
                new Step(0, INPUT, SYN, TcpState.SYN_RECV, 0, 1, 30),
                new Step(MILLI, INPUT, ACK, TcpState.ESTABLISHED, 1, 0, 90),
                new Step(SECOND, OUTPUT, FIN | ACK, TcpState.FIN_WAIT, 0, 1, 7),
                new Step(2 * SECOND, INPUT, FIN | ACK, TcpState.TIME_WAIT, 0, 1, 7)));
    }

    @Test
    void shouldApplySecureTcpTableWhenConfigured() {
        TableFixture f = new TableFixture(new ConnectionTableConfig(16).tickShift(TableFixture.TICK_SHIFT)
                .stateMachine(TcpStateMachine.SECURE));
        int id = f.insertTcp(40000, ForwardingMethod.NAT, 1, T0);
        walk(f, id, 1, List.of(
                new Step(0, INPUT, SYN, TcpState.SYN_RECV, 0, 1, 60),
                new Step(MILLI, INPUT, ACK, TcpState.SYN_RECV, 0, 1, 60),
                new Step(2 * MILLI, OUTPUT, SYN | ACK, TcpState.SYNACK, 0, 1, 120),
                new Step(3 * MILLI, OUTPUT, ACK, TcpState.ESTABLISHED, 1, 0, 900)));
    }

    @Test
    void shouldCountDatagramsInactiveAndEmbryonicUntilTheSecondPacket() {
        TableFixture f = new TableFixture(16);
        int udp = f.table.insert(f.udp(TableFixture.CLIENT, 5353, 9), T0);
        assertEquals("UDP", f.table.stateName(udp));
        assertNull(f.table.tcpState(udp));
        assertTrue(f.table.isEmbryonic(udp));
        f.table.packet(udp, INPUT, 0, T0);
        assertTrue(f.table.isEmbryonic(udp));
        f.table.packet(udp, OUTPUT, 0, T0 + SECOND);
        assertFalse(f.table.isEmbryonic(udp));
        assertEquals(0, f.counters.active(9));
        assertEquals(1, f.counters.inactive(9));
        assertEquals(ceilToTick(T0 + SECOND + 300 * SECOND), f.table.deadlineNanos(udp));

        int icmp = f.table.insert(f.spec.clear().ipv4(IpProtocol.ICMP, TableFixture.CLIENT, 7, TableFixture.VIP, 0)
                .destination(TableFixture.RS1, 0).destId(9), T0);
        f.table.packet(icmp, INPUT, 0, T0);
        assertEquals("ICMP", f.table.stateName(icmp));
        assertEquals(ceilToTick(T0 + 60 * SECOND), f.table.deadlineNanos(icmp));
        assertEquals(2, f.counters.inactive(9));

        assertEquals(1, f.table.expire(T0 + 61 * SECOND, 100));
        assertEquals(1, f.table.expire(T0 + 302 * SECOND, 100));
        assertEquals(List.of(EvictionReason.EXPIRED, EvictionReason.EXPIRED),
                f.log.drain().stream().map(EvictionLog.Event::reason).toList());
        assertEquals(0, f.counters.total());
    }

    @Test
    void shouldExpireProxyClosedEntriesAsClosed() {
        TableFixture f = new TableFixture(16);
        int udp = f.table.insert(f.udp(TableFixture.CLIENT, 5353, 9), T0);
        f.table.packet(udp, INPUT, 0, T0);
        int tcp = f.establishedTcp(40000, 9, T0);
        assertTrue(f.table.close(udp, T0 + SECOND));
        assertTrue(f.table.close(tcp, T0 + SECOND));
        assertEquals(TcpState.CLOSE, f.table.tcpState(tcp));
        assertEquals(0, f.counters.active(9));
        assertEquals(ceilToTick(T0 + 11 * SECOND), f.table.deadlineNanos(udp));
        assertEquals(2, f.table.expire(T0 + 12 * SECOND, 100));
        assertEquals(2, f.log.count(EvictionReason.CLOSED));
    }

    @Test
    void shouldSetListenStateWithItsTimeout() {
        TableFixture f = new TableFixture(16);
        int id = f.insertTcp(40000, ForwardingMethod.NAT, 1, T0);
        assertTrue(f.table.setTcpState(id, TcpState.LISTEN, T0));
        assertEquals(ceilToTick(T0 + 120 * SECOND), f.table.deadlineNanos(id));
        assertEquals(TcpState.ESTABLISHED.code(), f.table.packet(id, OUTPUT, ACK, T0 + SECOND));
        assertEquals(1, f.counters.active(1));
    }

    @Test
    void shouldRecognizeReusableEntriesAsConnReuseMode() {
        TableFixture f = new TableFixture(16);
        int timeWait = f.establishedTcp(40000, 1, T0);
        f.table.packet(timeWait, INPUT, FIN, T0);
        f.table.packet(timeWait, OUTPUT, FIN, T0);
        assertEquals(TcpState.TIME_WAIT, f.table.tcpState(timeWait));
        assertTrue(f.table.isReusableForNewConnection(timeWait, SYN, false));
        assertFalse(f.table.isReusableForNewConnection(timeWait, ACK, false));

        int established = f.establishedTcp(40001, 1, T0);
        assertFalse(f.table.isReusableForNewConnection(established, SYN, true));

        int closed = f.establishedTcp(40002, 1, T0);
        f.table.packet(closed, INPUT, RST, T0);
        assertTrue(f.table.isReusableForNewConnection(closed, SYN, false));

        int drFinWait = f.insertTcp(40003, ForwardingMethod.DR, 1, T0);
        f.table.packet(drFinWait, INPUT, SYN, T0);
        f.table.packet(drFinWait, INPUT, ACK, T0);
        f.table.packet(drFinWait, INPUT, FIN, T0);
        assertEquals(TcpState.FIN_WAIT, f.table.tcpState(drFinWait));
        assertFalse(f.table.isReusableForNewConnection(drFinWait, SYN, false));
        assertTrue(f.table.isReusableForNewConnection(drFinWait, SYN, true));

        int natFinWait = f.establishedTcp(40004, 1, T0);
        f.table.packet(natFinWait, OUTPUT, FIN, T0);
        assertEquals(TcpState.FIN_WAIT, f.table.tcpState(natFinWait));
        assertFalse(f.table.isReusableForNewConnection(natFinWait, SYN, true));

        int template = f.table.insertTemplate(f.spec.clear().ipv4(IpProtocol.TCP, TableFixture.CLIENT, 0,
                TableFixture.VIP, 80).destination(TableFixture.RS1, 8080).destId(1), 300 * SECOND, T0);
        int controlled = f.table.insert(f.tcp(TableFixture.CLIENT, 40005, ForwardingMethod.NAT, 1)
                .controlledBy(template), T0);
        f.table.packet(controlled, INPUT, RST, T0);
        assertEquals(TcpState.CLOSE, f.table.tcpState(controlled));
        assertFalse(f.table.isReusableForNewConnection(controlled, SYN, true));

        assertTrue(f.table.remove(timeWait, EvictionReason.RESCHEDULED, T0));
        assertEquals(EvictionReason.RESCHEDULED, f.log.drain().getFirst().reason());
    }

    @Test
    void shouldCountBadInputWithoutThrowing() {
        TableFixture f = new TableFixture(4);
        assertEquals(ConnectionTable.MISSING, f.table.packet(3, INPUT, SYN, T0));
        assertEquals(ConnectionTable.MISSING, f.table.packet(-1, INPUT, SYN, T0));
        int id = f.insertTcp(1, ForwardingMethod.NAT, 1, T0);
        assertEquals(ConnectionTable.MISSING, f.table.packet(id, 7, SYN, T0));
        assertEquals(ConnectionTable.MISSING, f.table.insert(f.tcp(1, 2, ForwardingMethod.NAT, 1).profile(ConnectionTable.MAX_PROFILES), T0));
        assertEquals(ConnectionTable.MISSING, f.table.insert(f.tcp(1, 3, ForwardingMethod.NAT, 1).controlledBy(id), T0));
        assertFalse(f.table.remove(99, EvictionReason.FLUSHED, T0));
        assertFalse(f.table.touch(2, T0));
        assertEquals(6, f.table.invalidRequestCount());
        assertEquals(1, f.table.size());
    }
}
