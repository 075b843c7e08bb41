package io.jvs.engine.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random operation sequences (insert, packet, time + expire, remove, flush by destination, session
 * replacement, templates, closing, inserts far beyond capacity) run against the table and against a
 * simple map-based model of what IPVS-like behaviour must produce. After each operation: the same
 * notifications (entry, reason), the same live entries, lookups, states, deadlines and counters; at the
 * end, every entry ever inserted was notified exactly once.
 */
class ConnectionTableModelPropertyTest {

    private static final int CAPACITY = 12;
    private static final int IPV6_CAPACITY = 6;
    private static final int SESSION_CAPACITY = 6;
    private static final int TICK_SHIFT = 20;
    private static final long TICK = 1L << TICK_SHIFT;
    private static final long SECOND = 1_000_000_000L;
    private static final List<TimeoutProfile> PROFILES = List.of(TimeoutProfile.ipvs(), TimeoutProfile.dpvs());
    /** Time steps, mostly short so that the table fills up, sometimes long enough to expire everything. */
    private static final long[] ADVANCES = {0, 1_000_000, 1_000_000, 500_000_000, 500_000_000, 2 * SECOND,
        2 * SECOND, 9 * SECOND, 9 * SECOND, 31 * SECOND, 31 * SECOND, 61 * SECOND, 100 * SECOND, 130 * SECOND,
        400 * SECOND, 1000 * SECOND};
    private static final long[] TEMPLATE_TIMEOUTS = {SECOND, 60 * SECOND, 300 * SECOND};
    private static final int[] FLAGS = {TcpFlags.SYN, TcpFlags.SYN | TcpFlags.ACK, TcpFlags.ACK, TcpFlags.FIN,
        TcpFlags.FIN | TcpFlags.ACK, TcpFlags.RST, TcpFlags.PSH, 0};
    private static final EvictionReason[] REMOVE_REASONS = {EvictionReason.REPLACED, EvictionReason.RESCHEDULED,
        EvictionReason.DEST_REMOVED, EvictionReason.DEST_QUIESCED, EvictionReason.FLUSHED};
    private static final KernelTcpTable KERNEL = KernelTcpTable.standard();

    private static final int[][] CLIENTS_V4 = {{0x0A000001, 0, 0, 0}, {0x0A000002, 0, 0, 0}};
    private static final int[][] CLIENTS_V6 = {{0x20010db8, 0, 0, 1}, {0x20010db8, 0, 0, 2}};
    private static final int[][] VIRTUAL = {{0xC0000201, 0, 0, 0}, {0x20010db8, 0, 0xff, 1}};
    private static final int[][][] DESTINATIONS = {
        {{0xC6336407, 0, 0, 0}, {0xC6336408, 0, 0, 0}},
        {{0x20010db8, 0, 1, 7}, {0x20010db8, 0, 1, 8}}};
    private static final int[][] LOCALS = {{0xCB007101, 0, 0, 0}, {0x20010db8, 0, 2, 1}};

    /** The model of one entry. */
    private static final class Model {
        final long serial;
        final int id;
        final boolean template;
        final int family;
        final int protocol;
        final ForwardingMethod forwarding;
        final int[] client;
        final int clientPort;
        final int[] virtual;
        final int virtualPort;
        final int[] destination;
        final int destinationPort;
        final int[] local;
        final int localPort;
        final int destId;
        final int scope;
        final long sessionKey;
        final int profile;
        final long templateTimeout;
        final int controller;
        int state;
        boolean noOutput;
        boolean active;
        long deadlineTick;
        long embryonicSince = -1;
        int controlCount;
        boolean lingering;

        Model(long serial, int id, boolean template, int family, int protocol, ForwardingMethod forwarding,
                int[] client, int clientPort, int[] virtual, int virtualPort, int[] destination, int destinationPort,
                int[] local, int localPort, int destId, int scope, long sessionKey, int profile, long templateTimeout,
                int controller) {
            this.serial = serial;
            this.id = id;
            this.template = template;
            this.family = family;
            this.protocol = protocol;
            this.forwarding = forwarding;
            this.client = client;
            this.clientPort = clientPort;
            this.virtual = virtual;
            this.virtualPort = virtualPort;
            this.destination = destination;
            this.destinationPort = destinationPort;
            this.local = local;
            this.localPort = localPort;
            this.destId = destId;
            this.scope = scope;
            this.sessionKey = sessionKey;
            this.profile = profile;
            this.templateTimeout = templateTimeout;
            this.controller = controller;
        }

        boolean hasReply() {
            return !template && (forwarding == ForwardingMethod.NAT || forwarding == ForwardingMethod.FULLNAT);
        }

        List<Object> inKey() {
            return List.of(template, family, protocol, Arrays.toString(client), clientPort, Arrays.toString(virtual),
                    virtualPort);
        }

        List<Object> outKey() {
            return List.of(family, protocol, Arrays.toString(destination), destinationPort, Arrays.toString(local),
                    localPort);
        }

        long timeoutNanos() {
            if (template) {
                return templateTimeout;
            }
            TimeoutProfile p = PROFILES.get(profile);
            if (protocol == IpProtocol.TCP) {
                return p.tcpNanos(TcpState.ofCode(state));
            }
            return state == 3 ? p.tcpNanos(TcpState.CLOSE) : p.udpNanos();
        }

        boolean embryonic() {
            if (template) {
                return false;
            }
            if (protocol == IpProtocol.TCP) {
                TcpState s = TcpState.ofCode(state);
                return s == TcpState.NONE || s == TcpState.SYN_SENT || s == TcpState.SYN_RECV || s == TcpState.SYNACK;
            }
            return state <= 1;
        }
    }

    /** One test run: the table, the model and the expectations of the current operation. */
    private static final class Run {
        final EvictionLog log = new EvictionLog();
        final DestinationCounters counters = new DestinationCounters();
        final ConnectionTable table = new ConnectionTable(new ConnectionTableConfig(CAPACITY).tickShift(TICK_SHIFT)
                .wheelSlots(64).ipv6Capacity(IPV6_CAPACITY).sessionCapacity(SESSION_CAPACITY).seed(11)
                .profiles(PROFILES), DestinationResolver.NONE, counters, log);
        final ConnectionSpec spec = new ConnectionSpec();
        final FlowKey key = new FlowKey();
        final Map<Integer, Model> byId = new HashMap<>();
        final List<String> expected = new ArrayList<>();
        final Set<Long> notifiedSerials = new HashSet<>();
        final Set<Long> allSerials = new HashSet<>();
        long now = 7_000 * SECOND + 12345;
        long serial;
        long embryonicSequence;
        long refusedFull;
        long refusedIpv6;
        long refusedSession;
        int nextFloodPort;
        /** What this run exercised, for the coverage check. */
        final Set<String> seen = new HashSet<>();
        /** Templates whose outcome in the current expiry may be either way (see expire). */
        final Set<Integer> eitherWay = new HashSet<>();

        long ceilTick(long nanos) {
            return Math.floorDiv(nanos + TICK - 1, TICK);
        }

        List<Model> live() {
            return byId.values().stream().filter(m -> !m.lingering).toList();
        }

        List<Model> liveConnections() {
            return byId.values().stream().filter(m -> !m.lingering && !m.template).sorted(
                    (a, b) -> Integer.compare(a.id, b.id)).toList();
        }

        void expectRemoval(Model m, EvictionReason reason) {
            expected.add(m.id + ":" + reason);
            assertTrue(notifiedSerials.add(m.serial), "the model removes entry " + m.serial + " twice");
            if (m.template) {
                if (m.controlCount > 0) {
                    m.lingering = true;
                } else {
                    byId.remove(m.id);
                }
                return;
            }
            byId.remove(m.id);
            if (m.controller >= 0) {
                Model t = byId.get(m.controller);
                t.controlCount--;
                if (t.lingering && t.controlCount == 0) {
                    byId.remove(t.id);
                }
            }
        }

        void transition(Model m, int next) {
            if (next != m.state) {
                boolean wasEmbryonic = m.embryonic();
                m.state = next;
                m.active = m.protocol == IpProtocol.TCP && next == TcpState.ESTABLISHED.code();
                boolean nowEmbryonic = m.embryonic();
                if (wasEmbryonic && !nowEmbryonic) {
                    m.embryonicSince = -1;
                } else if (!wasEmbryonic && nowEmbryonic) {
                    m.embryonicSince = ++embryonicSequence;
                }
            }
            m.deadlineTick = ceilTick(now + m.timeoutNanos());
        }

        // ------------------------------------------------------------------ operations

        void insertConnection(int[] a) {
            insertConnection(a, 0);
        }

        /** Inserts a connection; a positive port overrides the client port (fresh tuples for floods). */
        Model insertConnection(int[] a, int portOverride) {
            boolean ipv6 = a[1] % 4 == 0;
            int family = ipv6 ? 6 : 4;
            int protocol = a[2] % 2 == 0 ? IpProtocol.TCP : IpProtocol.UDP;
            ForwardingMethod forwarding = ForwardingMethod.values()[a[3] % 4];
            int[] client = (ipv6 ? CLIENTS_V6 : CLIENTS_V4)[a[4] % 2];
            int clientPort = portOverride > 0 ? portOverride : 1 + a[4] / 2 % 6;
            int[] virtual = VIRTUAL[ipv6 ? 1 : 0];
            int virtualPort = a[5] % 2 == 0 ? 80 : 443;
            int[] destination = DESTINATIONS[ipv6 ? 1 : 0][a[5] % 2];
            int destinationPort = 8080;
            int[] local;
            int localPort;
            if (forwarding == ForwardingMethod.NAT) {
                local = client;
                localPort = clientPort;
            } else if (forwarding == ForwardingMethod.FULLNAT) {
                local = LOCALS[ipv6 ? 1 : 0];
                localPort = 1 + a[6] % 3;
            } else {
                local = new int[4];
                localPort = 0;
            }
            long sessionKey = a[6] % 3 == 0 ? 0 : 100 + a[6] % 4;
            int scope = a[7] % 2;
            int destId = a[7] % 3;
            int profile = a[2] / 2 % 2;
            List<Model> templates = live().stream().filter(m -> m.template).sorted(
                    (x, y) -> Integer.compare(x.id, y.id)).toList();
            int controller = a[3] / 4 % 3 == 0 && !templates.isEmpty() ? templates.get(a[1] % templates.size()).id : -1;

            spec.clear().forwarding(forwarding).destId(destId).session(scope, sessionKey).profile(profile)
                    .controlledBy(controller);
            if (ipv6) {
                spec.ipv6(protocol, hi(client), lo(client), clientPort, hi(virtual), lo(virtual), virtualPort)
                        .destination(hi(destination), lo(destination), destinationPort);
                if (forwarding == ForwardingMethod.FULLNAT) {
                    spec.local(hi(local), lo(local), localPort);
                }
            } else {
                spec.ipv4(protocol, client[0], clientPort, virtual[0], virtualPort).destination(destination[0], destinationPort);
                if (forwarding == ForwardingMethod.FULLNAT) {
                    spec.local(local[0], localPort);
                }
            }
            Model probe = new Model(0, -1, false, family, protocol, forwarding, client, clientPort, virtual,
                    virtualPort, destination, destinationPort, local, localPort, destId, scope, sessionKey, profile, 0,
                    controller);

            live().stream().filter(m -> m.inKey().equals(probe.inKey())).findFirst()
                    .ifPresent(m -> expectRemoval(m, EvictionReason.REPLACED));
            if (probe.hasReply()) {
                live().stream().filter(m -> m.hasReply() && m.outKey().equals(probe.outKey())).findFirst()
                        .ifPresent(m -> expectRemoval(m, EvictionReason.REPLACED));
            }
            boolean refused = false;
            if (sessionKey != 0) {
                live().stream().filter(m -> !m.template && m.sessionKey == sessionKey && m.scope == scope).findFirst()
                        .ifPresent(m -> expectRemoval(m, EvictionReason.REPLACED));
                if (live().stream().filter(m -> !m.template && m.sessionKey != 0).count() == SESSION_CAPACITY) {
                    refused = true;
                    refusedSession++;
                }
            }
            if (!refused && ipv6 && live().stream().filter(m -> m.family == 6).count() == IPV6_CAPACITY) {
                refused = true;
                refusedIpv6++;
            }
            if (!refused && byId.size() == CAPACITY) {
                Model victim = live().stream().filter(Model::embryonic)
                        .min((x, y) -> Long.compare(x.embryonicSince, y.embryonicSince)).orElse(null);
                if (victim == null) {
                    refused = true;
                    refusedFull++;
                } else {
                    expectRemoval(victim, EvictionReason.CAPACITY);
                }
            }
            int id = table.insert(spec, now);
            if (refused) {
                assertEquals(ConnectionTable.MISSING, id, "refused insert");
                return null;
            }
            assertTrue(id >= 0, "insert should succeed");
            assertFalse(byId.containsKey(id), "id " + id + " handed out twice");
            Model m = new Model(++serial, id, false, family, protocol, forwarding, client, clientPort, virtual,
                    virtualPort, destination, destinationPort, local, localPort, destId, scope, sessionKey, profile, 0,
                    controller);
            m.state = 0;
            m.noOutput = forwarding == ForwardingMethod.DR || forwarding == ForwardingMethod.TUNNEL;
            m.embryonicSince = ++embryonicSequence;
            m.deadlineTick = ceilTick(now + m.timeoutNanos());
            if (controller >= 0) {
                byId.get(controller).controlCount++;
            }
            byId.put(id, m);
            allSerials.add(m.serial);
            return m;
        }

        /** Inserts many connections with fresh tuples, established or not: fills the table beyond capacity. */
        void flood(int[] a) {
            int count = 4 + a[1] % 16;
            boolean establishEach = a[2] % 2 == 0;
            for (int i = 0; i < count; i++) {
                int[] args = {0, a[1] + i, a[2], a[3] + i, a[4], a[5] + i, 0, a[7] + i};
                Model m = insertConnection(args, 1000 + (nextFloodPort++ % 60000));
                if (m != null && establishEach) {
                    establish(m);
                }
            }
        }

        void insertTemplate(int[] a) {
            boolean ipv6 = a[1] % 4 == 0;
            int protocol = a[2] % 2 == 0 ? IpProtocol.TCP : IpProtocol.UDP;
            int[] client = (ipv6 ? CLIENTS_V6 : CLIENTS_V4)[a[4] % 2].clone();
            client[ipv6 ? 3 : 0] &= ~0xff;
            int[] virtual = VIRTUAL[ipv6 ? 1 : 0];
            int virtualPort = a[5] % 2 == 0 ? 0 : 80;
            int[] destination = DESTINATIONS[ipv6 ? 1 : 0][a[5] % 2];
            int destId = a[7] % 3;
            long timeout = TEMPLATE_TIMEOUTS[a[6] % TEMPLATE_TIMEOUTS.length];
            spec.clear().destId(destId);
            if (ipv6) {
                spec.ipv6(protocol, hi(client), lo(client), 0, hi(virtual), lo(virtual), virtualPort)
                        .destination(hi(destination), lo(destination), 0);
            } else {
                spec.ipv4(protocol, client[0], 0, virtual[0], virtualPort).destination(destination[0], 0);
            }
            Model probe = new Model(0, -1, true, ipv6 ? 6 : 4, protocol, ForwardingMethod.NAT, client, 0, virtual,
                    virtualPort, destination, 0, new int[4], 0, destId, 0, 0, 0, timeout, -1);
            live().stream().filter(m -> m.template && m.inKey().equals(probe.inKey())).findFirst()
                    .ifPresent(m -> expectRemoval(m, EvictionReason.REPLACED));
            boolean refused = false;
            if (ipv6 && live().stream().filter(m -> m.family == 6).count() == IPV6_CAPACITY) {
                refused = true;
                refusedIpv6++;
            }
            if (!refused && byId.size() == CAPACITY) {
                Model victim = live().stream().filter(Model::embryonic)
                        .min((x, y) -> Long.compare(x.embryonicSince, y.embryonicSince)).orElse(null);
                if (victim == null) {
                    refused = true;
                    refusedFull++;
                } else {
                    expectRemoval(victim, EvictionReason.CAPACITY);
                }
            }
            int id = table.insertTemplate(spec, timeout, now);
            if (refused) {
                assertEquals(ConnectionTable.MISSING, id, "refused template");
                return;
            }
            assertTrue(id >= 0, "template insert should succeed");
            assertFalse(byId.containsKey(id), "id " + id + " handed out twice");
            Model m = new Model(++serial, id, true, ipv6 ? 6 : 4, protocol, ForwardingMethod.NAT, client, 0, virtual,
                    virtualPort, destination, 0, new int[4], 0, destId, 0, 0, 0, timeout, -1);
            m.deadlineTick = ceilTick(now + timeout);
            byId.put(id, m);
            allSerials.add(m.serial);
        }

        void packet(int[] a) {
            List<Model> connections = liveConnections();
            if (!connections.isEmpty()) {
                packet(connections.get(a[1] % connections.size()), a[2] % 2, FLAGS[a[3] % FLAGS.length]);
            }
        }

        void packet(Model m, int direction, int flags) {
            int next;
            if (m.protocol == IpProtocol.TCP) {
                int tableDirection = direction;
                if (m.noOutput) {
                    if (direction == FlowDirection.OUTPUT) {
                        m.noOutput = false;
                    } else {
                        tableDirection = FlowDirection.INPUT_ONLY;
                    }
                }
                next = KERNEL.next(TcpState.ofCode(m.state), tableDirection, flags).code();
            } else {
                next = m.state >= 2 ? m.state : m.state + 1;
            }
            transition(m, next);
            assertEquals(next, table.packet(m.id, direction, flags, now));
        }

        void establish(int[] a) {
            List<Model> connections = liveConnections();
            if (!connections.isEmpty()) {
                establish(connections.get(a[1] % connections.size()));
            }
        }

        /** Drives a connection through a complete opening: SYN, SYN-ACK, ACK for TCP; two datagrams otherwise. */
        void establish(Model m) {
            if (m.protocol == IpProtocol.TCP) {
                packet(m, FlowDirection.INPUT, TcpFlags.SYN);
                packet(m, FlowDirection.OUTPUT, TcpFlags.SYN | TcpFlags.ACK);
                packet(m, FlowDirection.INPUT, TcpFlags.ACK);
            } else {
                packet(m, FlowDirection.INPUT, 0);
                packet(m, FlowDirection.OUTPUT, 0);
            }
        }

        void close(int[] a) {
            List<Model> connections = liveConnections();
            if (connections.isEmpty()) {
                return;
            }
            Model m = connections.get(a[1] % connections.size());
            transition(m, m.protocol == IpProtocol.TCP ? TcpState.CLOSE.code() : 3);
            assertTrue(table.close(m.id, now));
        }

        void touch(int[] a) {
            List<Model> all = live().stream().sorted((x, y) -> Integer.compare(x.id, y.id)).toList();
            if (all.isEmpty()) {
                return;
            }
            Model m = all.get(a[1] % all.size());
            m.deadlineTick = ceilTick(now + m.timeoutNanos());
            assertTrue(table.touch(m.id, now));
        }

        void remove(int[] a) {
            List<Model> all = live().stream().sorted((x, y) -> Integer.compare(x.id, y.id)).toList();
            if (all.isEmpty()) {
                return;
            }
            Model m = all.get(a[1] % all.size());
            EvictionReason reason = REMOVE_REASONS[a[2] % REMOVE_REASONS.length];
            expectRemoval(m, reason);
            assertTrue(table.remove(m.id, reason, now));
        }

        void flushDestination(int[] a) {
            int destId = a[1] % 3;
            List<Model> victims = live().stream().filter(m -> m.destId == destId).toList();
            victims.forEach(m -> expectRemoval(m, EvictionReason.DEST_REMOVED));
            assertEquals(victims.size(), table.flushDestination(destId, EvictionReason.DEST_REMOVED, now));
        }

        void advanceAndExpire(int[] a) {
            now += ADVANCES[a[1] % ADVANCES.length] + a[2];
            long nowTick = Math.floorDiv(now, TICK);
            List<Model> due = live().stream().filter(m -> m.deadlineTick <= nowTick).toList();
            Map<Integer, Integer> countAtStart = new HashMap<>();
            due.forEach(m -> countAtStart.put(m.id, m.controlCount));
            eitherWay.clear();
            for (Model m : due) {
                if (!m.template) {
                    expectRemoval(m, m.protocol == IpProtocol.TCP
                            ? (m.state == TcpState.CLOSE.code() || m.state == TcpState.TIME_WAIT.code()
                                    ? EvictionReason.CLOSED : EvictionReason.EXPIRED)
                            : (m.state == 3 ? EvictionReason.CLOSED : EvictionReason.EXPIRED));
                }
            }
            for (Model t : due) {
                if (!t.template) {
                    continue;
                }
                if (t.controlCount > 0) {
                    t.deadlineTick = ceilTick(now + t.templateTimeout);
                } else if (countAtStart.get(t.id) > 0) {
                    // its last connections expire in this same call: the wheel's order decides whether the
                    // template is met before them (re-armed) or after them (expired), as with IPVS timers
                    eitherWay.add(t.id);
                } else {
                    expectRemoval(t, EvictionReason.EXPIRED);
                }
            }
            int removed = table.expire(now, Integer.MAX_VALUE);
            for (int id : eitherWay) {
                Model t = byId.get(id);
                boolean expired = log.events.stream().anyMatch(e -> e.entryId() == id && e.template());
                if (expired) {
                    expectRemoval(t, EvictionReason.EXPIRED);
                } else {
                    t.deadlineTick = ceilTick(now + t.templateTimeout);
                }
            }
            assertEquals(expected.size(), removed);
        }

        // ------------------------------------------------------------------ checks

        void checkNotifications(String op) {
            List<String> actual = new ArrayList<>();
            for (EvictionLog.Event event : log.drain()) {
                actual.add(event.entryId() + ":" + event.reason());
                seen.add(event.reason().name());
                assertTrue(event.liveDuringCall(), "notified after release");
            }
            List<String> want = new ArrayList<>(expected);
            want.sort(null);
            actual.sort(null);
            assertEquals(want, actual, "notifications of " + op);
            expected.clear();
        }

        void checkState(String op) {
            List<Model> live = live();
            assertEquals(live.size(), table.size(), "size after " + op);
            assertEquals(byId.size() - live.size(), table.lingeringTemplateCount(), "lingering after " + op);
            for (int d = 0; d < 3; d++) {
                final int dest = d;
                assertEquals(live.stream().filter(m -> !m.template && m.destId == dest && m.active).count(),
                        counters.active(d), "active of " + d + " after " + op);
                assertEquals(live.stream().filter(m -> !m.template && m.destId == dest && !m.active).count(),
                        counters.inactive(d), "inactive of " + d + " after " + op);
                assertEquals(live.stream().filter(m -> m.template && m.destId == dest).count(),
                        counters.templates(d), "templates of " + d + " after " + op);
            }
            for (Model m : live) {
                String what = "entry " + m.id + " after " + op;
                assertTrue(table.isLive(m.id), what);
                fill(key, m.family, m.protocol, m.client, m.clientPort, m.virtual, m.virtualPort);
                if (m.template) {
                    assertEquals(m.id, table.lookupTemplate(key), what);
                    assertEquals(m.controlCount, table.controlCount(m.id), what);
                } else {
                    int hit = table.lookup(key);
                    assertEquals(m.id, ConnectionTable.entryOf(hit), what);
                    assertEquals(FlowDirection.INPUT, ConnectionTable.directionOf(hit), what);
                    assertEquals(m.state, table.state(m.id), what);
                    assertEquals(m.active, table.isActive(m.id), what);
                    assertEquals(m.embryonic(), table.isEmbryonic(m.id), what);
                    assertEquals(m.controller, table.controllingTemplate(m.id), what);
                    if (m.sessionKey != 0) {
                        assertEquals(m.id, table.lookupSession(m.scope, m.sessionKey), what);
                    }
                    fill(key, m.family, m.protocol, m.destination, m.destinationPort, m.local, m.localPort);
                    int reply = table.lookupOut(key);
                    assertEquals(m.hasReply() ? m.id : ConnectionTable.MISSING, reply, what);
                }
                assertEquals(m.deadlineTick * TICK, table.deadlineNanos(m.id), what);
            }
            if (table.lingeringTemplateCount() > 0) {
                seen.add("lingering template");
            }
            if (refusedFull > 0) {
                seen.add("refused full");
            }
            if (refusedIpv6 > 0) {
                seen.add("refused ipv6");
            }
            if (refusedSession > 0) {
                seen.add("refused session");
            }
            if (live.stream().anyMatch(m -> m.active)) {
                seen.add("active");
            }
            assertEquals(refusedFull, table.refusedFullCount(), "refused full");
            assertEquals(refusedIpv6, table.refusedIpv6Count(), "refused ipv6");
            assertEquals(refusedSession, table.refusedSessionCount(), "refused session");
            assertEquals(0, table.invalidRequestCount());
        }
    }

    private static void fill(FlowKey key, int family, int protocol, int[] source, int sourcePort, int[] destination,
            int destinationPort) {
        if (family == 4) {
            key.ipv4(protocol, source[0], sourcePort, destination[0], destinationPort);
        } else {
            key.ipv6(protocol, source, sourcePort, destination, destinationPort);
        }
    }

    private static long hi(int[] words) {
        return ((long) words[0] << 32) | (words[1] & 0xffffffffL);
    }

    private static long lo(int[] words) {
        return ((long) words[2] << 32) | (words[3] & 0xffffffffL);
    }

    @Provide
    Arbitrary<List<int[]>> operations() {
        return Arbitraries.integers().between(0, 9999).array(int[].class).ofSize(8).list().ofMinSize(40).ofMaxSize(300);
    }

    @Property(tries = 250, seed = "20261121")
    void shouldBehaveLikeTheModel(@ForAll("operations") List<int[]> operations) {
        Run run = new Run();
        for (int[] a : operations) {
            int kind = a[0] % 100;
            String op;
            if (kind < 30) {
                op = "insert";
                run.insertConnection(a);
            } else if (kind < 36) {
                op = "template";
                run.insertTemplate(a);
            } else if (kind < 52) {
                op = "packet";
                run.packet(a);
            } else if (kind < 66) {
                op = "establish";
                run.establish(a);
            } else if (kind < 74) {
                op = "expire";
                run.advanceAndExpire(a);
            } else if (kind < 82) {
                op = "flood";
                run.flood(a);
            } else if (kind < 86) {
                op = "remove";
                run.remove(a);
            } else if (kind < 90) {
                op = "flush";
                run.flushDestination(a);
            } else if (kind < 95) {
                op = "close";
                run.close(a);
            } else {
                op = "touch";
                run.touch(a);
            }
            run.checkNotifications(op);
            run.checkState(op);
        }
        List<Model> before = new ArrayList<>(run.live());
        before.forEach(m -> run.expectRemoval(m, EvictionReason.FLUSHED));
        assertEquals(before.size(), run.table.flushAll(EvictionReason.FLUSHED, run.now));
        run.checkNotifications("final flush");
        assertEquals(run.allSerials, run.notifiedSerials, "every entry notified exactly once");
        assertEquals(0, run.table.size());
        assertEquals(0, run.table.lingeringTemplateCount());
        assertEquals(0, run.counters.total());
        assertEquals(0, run.table.indexedKeys());
        assertEquals(0, run.table.sessionKeys());
        assertTrue(Objects.equals(run.byId.size(), 0));
        for (String event : run.seen) {
            Statistics.label("exercised").collect(event);
        }
        Statistics.label("exercised").coverage(coverage -> {
            for (String event : List.of("EXPIRED", "CLOSED", "REPLACED", "CAPACITY", "DEST_REMOVED", "FLUSHED",
                    "lingering template", "refused full", "refused ipv6", "refused session", "active")) {
                coverage.check(event).count(tries -> tries >= 5);
            }
        });
    }
}
