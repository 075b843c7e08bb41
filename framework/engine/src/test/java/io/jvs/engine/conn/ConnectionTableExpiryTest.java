package io.jvs.engine.conn;

import static io.jvs.engine.conn.TableFixture.CLIENT;
import static io.jvs.engine.conn.TableFixture.MILLI;
import static io.jvs.engine.conn.TableFixture.SECOND;
import static io.jvs.engine.conn.TableFixture.T0;
import static io.jvs.engine.conn.TableFixture.TICK;
import static io.jvs.engine.conn.TableFixture.ceilToTick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The timing wheel: entries leave within one tick of their deadline, however often they were re-armed. */
class ConnectionTableExpiryTest {

    /** Short timeouts so that the test crosses many 16-slot laps quickly. */
    private static final List<TimeoutProfile> PROFILES = List.of(
            TimeoutProfile.ipvs().withUdp(5 * MILLI),
            TimeoutProfile.ipvs().withUdp(37 * MILLI),
            TimeoutProfile.ipvs().withUdp(1300 * MILLI),
            TimeoutProfile.ipvs().withTcp(TcpState.NONE, 3 * MILLI).withTcp(TcpState.SYN_RECV, 40 * MILLI)
                    .withTcp(TcpState.ESTABLISHED, 2 * SECOND).withTcp(TcpState.CLOSE, 30 * MILLI));

    private static TableFixture smallWheel(int capacity) {
        return new TableFixture(new ConnectionTableConfig(capacity).tickShift(TableFixture.TICK_SHIFT).wheelSlots(16)
                .seed(1).profiles(PROFILES));
    }

    /** What the test expects of one live entry. */
    private static final class Expectation {
        final boolean tcp;
        final int profile;
        TcpState state = TcpState.NONE;
        long trueDeadline;

        Expectation(boolean tcp, int profile) {
            this.tcp = tcp;
            this.profile = profile;
        }

        long timeout() {
            TimeoutProfile p = PROFILES.get(profile);
            return tcp ? p.tcpNanos(state) : p.udpNanos();
        }
    }

    @Test
    void shouldExpireEveryEntryWithinOneTickOfItsDeadlineAfterArbitraryRearming() {
        TableFixture f = smallWheel(512);
        Random random = new Random(2024);
        Map<Integer, Expectation> live = new HashMap<>();
        long now = T0;
        int port = 1;
        int removedTotal = 0;
        for (int step = 0; step < 4000; step++) {
            now += random.nextInt(12) * MILLI + random.nextInt(1000);
            if (live.size() < 400 && random.nextInt(3) == 0) {
                boolean tcp = random.nextBoolean();
                int profile = tcp ? 3 : random.nextInt(3);
                int id = tcp
                        ? f.table.insert(f.tcp(CLIENT, port++, ForwardingMethod.NAT, 1).profile(profile), now)
                        : f.table.insert(f.udp(CLIENT, port++, 1).profile(profile), now);
                Expectation e = new Expectation(tcp, profile);
                e.trueDeadline = now + e.timeout();
                live.put(id, e);
            }
            List<Integer> ids = new ArrayList<>(live.keySet());
            for (int touches = random.nextInt(4); touches > 0 && !ids.isEmpty(); touches--) {
                int id = ids.get(random.nextInt(ids.size()));
                Expectation e = live.get(id);
                int flags = switch (e.state) {
                    case NONE -> TcpFlags.SYN;
                    case SYN_RECV -> TcpFlags.ACK;
                    case ESTABLISHED -> random.nextInt(4) == 0 ? TcpFlags.RST : TcpFlags.ACK;
                    default -> TcpFlags.ACK;
                };
                f.table.packet(id, FlowDirection.INPUT, flags, now);
                if (e.tcp) {
                    e.state = KernelTcpTable.standard().next(e.state, FlowDirection.INPUT, flags);
                }
                e.trueDeadline = now + e.timeout();
            }
            int removed = f.table.expire(now, Integer.MAX_VALUE);
            List<EvictionLog.Event> events = f.log.drain();
            assertEquals(removed, events.size());
            for (EvictionLog.Event event : events) {
                Expectation e = live.remove(event.entryId());
                assertTrue(e.trueDeadline <= now, "expired early: deadline " + e.trueDeadline + " now " + now);
                assertEquals(e.tcp && e.state == TcpState.CLOSE ? EvictionReason.CLOSED : EvictionReason.EXPIRED,
                        event.reason());
            }
            // nothing overdue is left: each entry leaves at the first call at or after its deadline rounded up
            // to the tick, so never more than one tick after its deadline when expire runs every tick
            for (Map.Entry<Integer, Expectation> entry : live.entrySet()) {
                assertTrue(ceilToTick(entry.getValue().trueDeadline) > now,
                        "entry " + entry.getKey() + " overdue at " + now);
                assertEquals(ceilToTick(entry.getValue().trueDeadline), f.table.deadlineNanos(entry.getKey()));
                assertTrue(f.table.deadlineNanos(entry.getKey()) - entry.getValue().trueDeadline < TICK);
            }
            removedTotal += removed;
            assertEquals(live.size(), f.table.size());
        }
        assertTrue(removedTotal > 1000, "the test exercised few expiries: " + removedTotal);
    }

    @Test
    void shouldRemoveEachEntryInTheFirstTickAtOrAfterItsDeadlineWhenExpiringEveryTick() {
        TableFixture f = smallWheel(256);
        Random random = new Random(77);
        Map<Integer, Long> deadlines = new HashMap<>();
        long now = ceilToTick(T0);
        int port = 1;
        for (int tick = 0; tick < 3000; tick++) {
            now += TICK;
            if (deadlines.size() < 200 && random.nextInt(2) == 0) {
                int profile = random.nextInt(3);
                int id = f.table.insert(f.udp(CLIENT, port++, 1).profile(profile), now);
                deadlines.put(id, now + PROFILES.get(profile).udpNanos());
            }
            List<Integer> ids = new ArrayList<>(deadlines.keySet());
            if (!ids.isEmpty() && random.nextInt(3) == 0) {
                int id = ids.get(random.nextInt(ids.size()));
                long at = now + random.nextInt((int) TICK);
                f.table.packet(id, FlowDirection.OUTPUT, 0, at);
                deadlines.put(id, at + PROFILES.get(f.table.profileId(id)).udpNanos());
            }
            f.table.expire(now, Integer.MAX_VALUE);
            for (EvictionLog.Event event : f.log.drain()) {
                long deadline = deadlines.remove(event.entryId());
                assertTrue(deadline <= now && now - deadline < TICK,
                        "deadline " + deadline + " removed at " + now);
            }
        }
        assertTrue(port > 500);
    }

    @Test
    void shouldHonourThePerCallLimit() {
        TableFixture f = smallWheel(256);
        for (int i = 0; i < 100; i++) {
            f.table.insert(f.udp(CLIENT, i, 1).profile(0), T0);
        }
        long later = T0 + SECOND;
        int calls = 0;
        int total = 0;
        while (f.table.size() > 0) {
            int before = f.log.events.size();
            int removed = f.table.expire(later, 7);
            assertTrue(removed <= 7);
            assertEquals(removed, f.log.events.size() - before);
            total += removed;
            calls++;
            assertTrue(calls < 100, "no progress");
        }
        assertEquals(100, total);
        assertEquals(15, calls);
        assertEquals(0, f.table.expire(later, 0));
    }

    @Test
    void shouldCountRefiledEntriesAgainstTheLimitAndStillProgress() {
        TableFixture f = smallWheel(64);
        int ids = 0;
        for (int i = 0; i < 20; i++) {
            f.table.insert(f.udp(CLIENT, i, 1).profile(1), T0);
            ids++;
        }
        // re-arm all of them so that each is met once in its old slot before its real deadline
        for (int id = 0; id < ids; id++) {
            f.table.packet(id, FlowDirection.INPUT, 0, T0 + 30 * MILLI);
        }
        long now = T0 + 40 * MILLI;
        int removed = 0;
        for (int call = 0; call < 200 && f.table.size() > 0; call++) {
            removed += f.table.expire(now, 1);
            now += MILLI;
        }
        assertEquals(20, removed);
        assertTrue(now >= ceilToTick(T0 + 67 * MILLI));
    }

    @Test
    void shouldExpireEverythingAfterALongPause() {
        TableFixture f = smallWheel(64);
        for (int i = 0; i < 30; i++) {
            int id = f.table.insert(f.udp(CLIENT, i, 1).profile(i % 3), T0 + i * MILLI);
            f.table.packet(id, FlowDirection.INPUT, 0, T0 + i * MILLI);
        }
        assertEquals(30, f.table.expire(T0 + 3600 * SECOND, 1000));
        assertEquals(0, f.table.size());
        assertEquals(30, f.log.count(EvictionReason.EXPIRED));
    }

    @Test
    void shouldRefileAtOnceWhenAStateChangeShortensTheTimeout() {
        TableFixture f = smallWheel(8);
        int id = f.table.insert(f.tcp(CLIENT, 1, ForwardingMethod.NAT, 1).profile(3), T0);
        f.table.packet(id, FlowDirection.INPUT, TcpFlags.SYN, T0);
        f.table.packet(id, FlowDirection.INPUT, TcpFlags.ACK, T0);
        assertEquals(0, f.table.expire(T0 + 10 * MILLI, 100));
        f.table.packet(id, FlowDirection.OUTPUT, TcpFlags.RST, T0 + 10 * MILLI);
        assertEquals(ceilToTick(T0 + 40 * MILLI), f.table.deadlineNanos(id));
        assertEquals(0, f.table.expire(ceilToTick(T0 + 40 * MILLI) - 1, 100));
        assertEquals(1, f.table.expire(ceilToTick(T0 + 40 * MILLI), 100));
        assertEquals(EvictionReason.CLOSED, f.log.drain().getFirst().reason());
    }
}
