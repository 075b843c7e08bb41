package io.jvs.engine.conn;

import static io.jvs.engine.conn.TableFixture.LOCAL;
import static io.jvs.engine.conn.TableFixture.RS1;
import static io.jvs.engine.conn.TableFixture.T0;
import static io.jvs.engine.conn.TableFixture.VIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The tuple index: both directions, NAT and FULLNAT replies, no reply key for DR/TUNNEL, IPv4 and IPv6,
 * and backward-shift deletion under churn, checked against a plain map of expected keys.
 */
class ConnectionTableIndexTest {

    private static final long V6_PREFIX = 0x20010db800000000L;

    @Test
    void shouldFindNatEntryFromClientPacketAndFromReply() {
        TableFixture f = new TableFixture(8);
        int id = f.insertTcp(40000, ForwardingMethod.NAT, 1, T0);
        FlowKey key = new FlowKey();
        assertEquals(id, f.table.lookupIn(key.ipv4(IpProtocol.TCP, TableFixture.CLIENT, 40000, VIP, 80)));
        int hit = f.table.lookup(key);
        assertEquals(id, ConnectionTable.entryOf(hit));
        assertEquals(FlowDirection.INPUT, ConnectionTable.directionOf(hit));

        key.ipv4(IpProtocol.TCP, RS1, 8080, TableFixture.CLIENT, 40000);
        assertEquals(id, f.table.lookupOut(key));
        hit = f.table.lookup(key);
        assertEquals(id, ConnectionTable.entryOf(hit));
        assertEquals(FlowDirection.OUTPUT, ConnectionTable.directionOf(hit));
        assertEquals(ConnectionTable.MISSING, f.table.lookupIn(key));

        assertEquals(ConnectionTable.MISSING, f.table.lookup(key.ipv4(IpProtocol.UDP, RS1, 8080, TableFixture.CLIENT, 40000)));
        assertEquals(ConnectionTable.MISSING, f.table.lookup(key.ipv4(IpProtocol.TCP, RS1, 8081, TableFixture.CLIENT, 40000)));
        assertEquals(ConnectionTable.MISSING, f.table.lookup(key.ipv4(IpProtocol.TCP, TableFixture.CLIENT, 40000, VIP, 81)));
        assertEquals(TableFixture.CLIENT, f.table.localAddressWord(id, 0));
        assertEquals(40000, f.table.localPort(id));
    }

    @Test
    void shouldFindFullNatReplyByLocalAddressAndPort() {
        TableFixture f = new TableFixture(8);
        int id = f.table.insert(f.tcp(TableFixture.CLIENT, 40000, ForwardingMethod.FULLNAT, 1).local(LOCAL, 61000), T0);
        FlowKey key = new FlowKey();
        assertEquals(id, f.table.lookupOut(key.ipv4(IpProtocol.TCP, RS1, 8080, LOCAL, 61000)));
        assertEquals(ConnectionTable.MISSING, f.table.lookupOut(key.ipv4(IpProtocol.TCP, RS1, 8080, TableFixture.CLIENT, 40000)));
        assertEquals(FlowDirection.OUTPUT, ConnectionTable.directionOf(f.table.lookup(key.ipv4(IpProtocol.TCP, RS1, 8080, LOCAL, 61000))));
        assertEquals(LOCAL, f.table.localAddressWord(id, 0));
        assertEquals(61000, f.table.localPort(id));
    }

    @Test
    void shouldFindTheSameEntryWithAPrecomputedHashAfterPrefetch() {
        TableFixture f = new TableFixture(8);
        int id = f.insertTcp(40000, ForwardingMethod.NAT, 1, T0);
        FlowKey key = new FlowKey().ipv4(IpProtocol.TCP, RS1, 8080, TableFixture.CLIENT, 40000);
        long hash = f.table.hash(key);
        f.table.prefetch(hash);
        f.table.prefetch(hash + 1);
        int hit = f.table.lookup(key, hash);
        assertEquals(f.table.lookup(key), hit);
        assertEquals(id, ConnectionTable.entryOf(hit));
        assertEquals(FlowDirection.OUTPUT, ConnectionTable.directionOf(hit));
        assertEquals(ConnectionTable.MISSING, f.table.lookup(key, hash ^ 0x55));
    }

    @Test
    void shouldIndexNoReplyKeyForDirectRoutingAndTunnel() {
        TableFixture f = new TableFixture(8);
        int dr = f.insertTcp(40000, ForwardingMethod.DR, 1, T0);
        int tun = f.insertTcp(40001, ForwardingMethod.TUNNEL, 1, T0);
        FlowKey key = new FlowKey();
        assertEquals(ConnectionTable.MISSING, f.table.lookupOut(key.ipv4(IpProtocol.TCP, RS1, 8080, TableFixture.CLIENT, 40000)));
        assertEquals(ConnectionTable.MISSING, f.table.lookup(key.ipv4(IpProtocol.TCP, RS1, 8080, TableFixture.CLIENT, 40001)));
        assertEquals(ConnectionTable.MISSING, f.table.lookup(key.ipv4(IpProtocol.TCP, RS1, 8080, LOCAL, 40000)));
        assertEquals(dr, f.table.lookupIn(f.inKey(TableFixture.CLIENT, 40000)));
        assertEquals(tun, f.table.lookupIn(f.inKey(TableFixture.CLIENT, 40001)));
        assertEquals(2, f.table.indexedKeys());
    }

    @Test
    void shouldFindIpv6EntriesInBothDirections() {
        TableFixture f = new TableFixture(8);
        long vip = 0x1;
        f.spec.clear().ipv6(IpProtocol.UDP, V6_PREFIX, 0xabcdL, 5353, V6_PREFIX, vip, 53)
                .destination(V6_PREFIX | 0xff, 0x7, 5300).forwarding(ForwardingMethod.NAT).destId(3);
        int nat = f.table.insert(f.spec, T0);
        f.spec.forwarding(ForwardingMethod.FULLNAT).local(V6_PREFIX | 0xee, 0x9, 62000)
                .ipv6(IpProtocol.UDP, V6_PREFIX, 0xabceL, 5353, V6_PREFIX, vip, 53);
        int fullnat = f.table.insert(f.spec, T0);
        assertNotEquals(nat, fullnat);
        FlowKey key = new FlowKey();
        assertEquals(nat, f.table.lookupIn(key.ipv6(IpProtocol.UDP, V6_PREFIX, 0xabcdL, 5353, V6_PREFIX, vip, 53)));
        assertEquals(nat, f.table.lookupOut(key.ipv6(IpProtocol.UDP, V6_PREFIX | 0xff, 0x7, 5300, V6_PREFIX, 0xabcdL, 5353)));
        assertEquals(fullnat, f.table.lookupOut(key.ipv6(IpProtocol.UDP, V6_PREFIX | 0xff, 0x7, 5300, V6_PREFIX | 0xee, 0x9, 62000)));
        assertEquals(ConnectionTable.MISSING, f.table.lookupOut(key.ipv6(IpProtocol.UDP, V6_PREFIX | 0xff, 0x7, 5300, V6_PREFIX, 0xabceL, 5353)));
        // the same words as IPv4 are another family
        assertEquals(ConnectionTable.MISSING, f.table.lookupIn(key.ipv4(IpProtocol.UDP, (int) (V6_PREFIX >>> 32), 5353, 0, 53)));
        assertEquals(AddressFamily.IPV6, f.table.family(nat));
        assertEquals(0x20010db8, f.table.clientAddressWord(nat, 0));
        assertEquals(0xabcd, f.table.clientAddressWord(nat, 3));
        assertEquals(0x7, f.table.destinationAddressWord(nat, 3));
        assertEquals(0xabcd, f.table.localAddressWord(nat, 3));
        assertEquals(0x9, f.table.localAddressWord(fullnat, 3));
        assertEquals(1, f.table.virtualAddressWord(nat, 3));
    }

    @Test
    void shouldReplaceHolderOfTheSameTupleOnInsert() {
        TableFixture f = new TableFixture(8);
        int first = f.insertTcp(40000, ForwardingMethod.NAT, 1, T0);
        int second = f.insertTcp(40000, ForwardingMethod.NAT, 2, T0);
        assertEquals(second, f.table.lookupIn(f.inKey(TableFixture.CLIENT, 40000)));
        EvictionLog.Event event = f.log.drain().getFirst();
        assertEquals(first, event.entryId());
        assertEquals(EvictionReason.REPLACED, event.reason());
        assertEquals(1, event.destId());
        assertEquals(1, f.table.size());
    }

    /** A key the test expects to find: its tuple and the entry and direction it must resolve to. */
    private record Expected(int family, int protocol, int[] source, int sourcePort, int[] destination,
            int destinationPort, int entry, int direction) {
        String name() {
            return family + "/" + protocol + "/" + List.of(source[0], source[1], source[2], source[3]) + ":"
                    + sourcePort + ">" + List.of(destination[0], destination[1], destination[2], destination[3])
                    + ":" + destinationPort;
        }
    }

    @Test
    void shouldKeepEveryRemainingKeyFindableUnderInsertDeleteChurn() {
        int capacity = 256;
        TableFixture f = new TableFixture(new ConnectionTableConfig(capacity).tickShift(TableFixture.TICK_SHIFT)
                .ipv6Capacity(capacity).seed(7));
        Random random = new Random(12345);
        Map<Integer, List<Expected>> keysByEntry = new HashMap<>();
        List<Integer> live = new ArrayList<>();
        FlowKey key = new FlowKey();
        ForwardingMethod[] methods = ForwardingMethod.values();
        int nextPort = 1;
        for (int round = 0; round < 6000; round++) {
            boolean insert = live.isEmpty() || (live.size() < capacity - 1 && random.nextInt(100) < 55);
            if (insert) {
                boolean ipv6 = random.nextBoolean();
                ForwardingMethod method = methods[random.nextInt(methods.length)];
                int cport = nextPort++ & 0xffff;
                int lport = (cport * 7 + 3) & 0xffff;
                int[] client = ipv6 ? new int[] {0x20010db8, 0, 0, random.nextInt(4)} : new int[] {TableFixture.CLIENT + random.nextInt(4), 0, 0, 0};
                int[] vip = ipv6 ? new int[] {0x20010db8, 0, 0, 0x100} : new int[] {VIP, 0, 0, 0};
                int[] dest = ipv6 ? new int[] {0x20010db8, 0, 1, 0x200} : new int[] {RS1, 0, 0, 0};
                int[] local = ipv6 ? new int[] {0x20010db8, 0, 2, 0x300} : new int[] {LOCAL, 0, 0, 0};
                if (ipv6) {
                    f.spec.clear().ipv6(IpProtocol.TCP, toLong(client, 0), toLong(client, 2), cport, toLong(vip, 0), toLong(vip, 2), 443)
                            .destination(toLong(dest, 0), toLong(dest, 2), 8443).local(toLong(local, 0), toLong(local, 2), lport);
                } else {
                    f.spec.clear().ipv4(IpProtocol.TCP, client[0], cport, vip[0], 443).destination(dest[0], 8443).local(local[0], lport);
                }
                f.spec.forwarding(method).destId(1);
                int id = f.table.insert(f.spec, T0);
                assertTrue(id >= 0);
                int family = ipv6 ? 6 : 4;
                List<Expected> keys = new ArrayList<>();
                keys.add(new Expected(family, IpProtocol.TCP, client, cport, vip, 443, id, FlowDirection.INPUT));
                if (method == ForwardingMethod.NAT) {
                    keys.add(new Expected(family, IpProtocol.TCP, dest, 8443, client, cport, id, FlowDirection.OUTPUT));
                } else if (method == ForwardingMethod.FULLNAT) {
                    keys.add(new Expected(family, IpProtocol.TCP, dest, 8443, local, lport, id, FlowDirection.OUTPUT));
                }
                keysByEntry.put(id, keys);
                live.add(id);
            } else {
                int id = live.remove(random.nextInt(live.size()));
                assertTrue(f.table.remove(id, EvictionReason.FLUSHED, T0));
                for (Expected gone : keysByEntry.remove(id)) {
                    assertEquals(ConnectionTable.MISSING, f.table.lookup(fill(key, gone)), gone.name());
                }
            }
            if (round % 97 == 0 || round > 5900) {
                int keyCount = 0;
                for (List<Expected> keys : keysByEntry.values()) {
                    for (Expected expected : keys) {
                        int hit = f.table.lookup(fill(key, expected));
                        assertEquals(expected.entry(), ConnectionTable.entryOf(hit), expected.name());
                        assertEquals(expected.direction(), ConnectionTable.directionOf(hit), expected.name());
                        keyCount++;
                    }
                }
                assertEquals(keyCount, f.table.indexedKeys());
            }
        }
        assertEquals(live.size(), f.table.size());
        assertEquals(0, f.table.evictionCount(EvictionReason.REPLACED));
    }

    private static FlowKey fill(FlowKey key, Expected e) {
        if (e.family() == 4) {
            return key.ipv4(e.protocol(), e.source()[0], e.sourcePort(), e.destination()[0], e.destinationPort());
        }
        return key.ipv6(e.protocol(), e.source(), e.sourcePort(), e.destination(), e.destinationPort());
    }

    private static long toLong(int[] words, int from) {
        return ((long) words[from] << 32) | (words[from + 1] & 0xffffffffL);
    }

    @Test
    void shouldHashIpv4FieldsAsTheSameTupleAsAKey() {
        TableFixture f = new TableFixture(8);
        Random random = new Random(7);
        FlowKey key = new FlowKey();
        for (int n = 0; n < 10_000; n++) {
            int protocol = random.nextInt(256);
            int source = random.nextInt();
            int sourcePort = random.nextInt(65536);
            int destination = random.nextInt();
            int destinationPort = random.nextInt(65536);
            long expected = f.table.hash(key.ipv4(protocol, source, sourcePort, destination, destinationPort));
            assertEquals(expected, f.table.hashIpv4(protocol, source, sourcePort, destination, destinationPort));
        }
        assertNotEquals(f.table.hashIpv4(IpProtocol.TCP, TableFixture.CLIENT, 40000, VIP, 80),
                f.table.hashIpv4(IpProtocol.TCP, TableFixture.CLIENT, 80, VIP, 40000));
    }

    @Test
    void shouldFindEveryConnectionOfAFullTableAfterPrefetchingItsHash() {
        int capacity = 4096;
        TableFixture f = new TableFixture(capacity);
        int[] ids = new int[capacity];
        for (int port = 0; port < capacity; port++) {
            ids[port] = f.insertTcp(1024 + port, ForwardingMethod.NAT, 1, T0);
        }
        FlowKey key = new FlowKey();
        for (int port = 0; port < capacity; port++) {
            key.ipv4(IpProtocol.TCP, TableFixture.CLIENT, 1024 + port, VIP, 80);
            long hash = f.table.hashIpv4(IpProtocol.TCP, TableFixture.CLIENT, 1024 + port, VIP, 80);
            f.table.prefetchSlot(hash);
            f.table.prefetch(hash);
            int hit = f.table.lookup(key, hash);
            assertEquals(ids[port], ConnectionTable.entryOf(hit));
            assertEquals(FlowDirection.INPUT, ConnectionTable.directionOf(hit));
        }
    }
}
