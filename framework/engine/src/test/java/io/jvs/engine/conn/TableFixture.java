package io.jvs.engine.conn;

import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;

import java.util.List;

/** A table with a recording sink and counters, a simulated clock and spec shortcuts. */
final class TableFixture {

    static final long SECOND = 1_000_000_000L;
    static final long MILLI = 1_000_000L;
    static final int TICK_SHIFT = 20;
    static final long TICK = 1L << TICK_SHIFT;
    static final long T0 = 5_000 * SECOND;

    static final int VIP = 0xC0000201;       // 192.0.2.1
    static final int RS1 = 0xC6336407;       // 198.51.100.7
    static final int LOCAL = 0xCB007101;     // 203.0.113.1
    static final int CLIENT = 0x0A000001;    // 10.0.0.1

    final EvictionLog log = new EvictionLog();
    final DestinationCounters counters = new DestinationCounters();
    final ConnectionTable table;
    final ConnectionSpec spec = new ConnectionSpec();
    final FlowKey key = new FlowKey();

    TableFixture(int capacity) {
        this(new ConnectionTableConfig(capacity).tickShift(TICK_SHIFT).seed(42)
                .ipv6Capacity(capacity).sessionCapacity(capacity)
                .profiles(List.of(TimeoutProfile.ipvs(), TimeoutProfile.dpvs())));
    }

    TableFixture(ConnectionTableConfig config) {
        this(config, DestinationResolver.NONE);
    }

    TableFixture(ConnectionTableConfig config, DestinationResolver resolver) {
        this.table = new ConnectionTable(config, resolver, counters, log);
    }

    /** Rounds a time up to the table's tick, computed with division (independent of the table's shifts). */
    static long ceilToTick(long nanos) {
        return Math.floorDiv(nanos + TICK - 1, TICK) * TICK;
    }

    ConnectionSpec tcp(int client, int clientPort, ForwardingMethod method, int destId) {
        return spec.clear().ipv4(IpProtocol.TCP, client, clientPort, VIP, 80).destination(RS1, 8080)
                .forwarding(method).destId(destId).local(LOCAL, clientPort);
    }

    ConnectionSpec udp(int client, int clientPort, int destId) {
        return spec.clear().ipv4(IpProtocol.UDP, client, clientPort, VIP, 53).destination(RS1, 53)
                .forwarding(ForwardingMethod.NAT).destId(destId);
    }

    int insertTcp(int clientPort, ForwardingMethod method, int destId, long now) {
        return table.insert(tcp(CLIENT, clientPort, method, destId), now);
    }

    /** Inserts a NAT TCP connection and drives it to ESTABLISHED (client SYN, server SYN-ACK, client ACK). */
    int establishedTcp(int clientPort, int destId, long now) {
        int id = insertTcp(clientPort, ForwardingMethod.NAT, destId, now);
        table.packet(id, FlowDirection.INPUT, TcpFlags.SYN, now);
        table.packet(id, FlowDirection.OUTPUT, TcpFlags.SYN | TcpFlags.ACK, now);
        table.packet(id, FlowDirection.INPUT, TcpFlags.ACK, now);
        return id;
    }

    FlowKey inKey(int client, int clientPort) {
        return key.ipv4(IpProtocol.TCP, client, clientPort, VIP, 80);
    }
}
