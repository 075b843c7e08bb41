package io.jvs.engine.pipeline;

import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.conn.FlowDirection;
import io.jvs.engine.forward.AddressRewriter;
import io.jvs.engine.forward.EthernetRewriter;
import io.jvs.engine.forward.ForwardResult;
import io.jvs.engine.forward.GlbGueEncapsulator;
import io.jvs.engine.forward.IcmpErrorTranslator;
import io.jvs.engine.forward.IcmpTooBigResponder;
import io.jvs.engine.forward.TunnelEncapsulator;
import io.jvs.engine.forward.TunnelSettings;
import io.jvs.engine.io.PacketBatch;
import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.Ipv4Header;
import io.jvs.engine.packet.Ipv6Header;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.TunnelType;
import java.lang.foreign.MemorySegment;

/**
 * Rewrites a packet for its connection and sets its Ethernet addresses, by the connection's
 * forwarding method (IPVS {@code ip_vs_nat_xmit}, {@code ip_vs_dr_xmit}, {@code ip_vs_tunnel_xmit},
 * and DPVS FULLNAT):
 *
 * <table>
 * <caption>What changes, by method and direction (C client, V virtual, R real server, L local)</caption>
 * <tr><th>method</th><th>C &rarr; V (INPUT)</th><th>R &rarr; C or L (OUTPUT)</th></tr>
 * <tr><td>NAT</td><td>destination V &rarr; R</td><td>source R &rarr; V</td></tr>
 * <tr><td>FULLNAT</td><td>source C &rarr; L, destination V &rarr; R</td><td>source R &rarr; V, destination L &rarr; C</td></tr>
 * <tr><td>DR</td><td>MAC only</td><td>(replies bypass jvs)</td></tr>
 * <tr><td>TUNNEL</td><td>encapsulated to R (IPIP, GUE, GRE)</td><td>(replies bypass jvs)</td></tr>
 * </table>
 *
 * <p>Every forwarded packet's TTL is decremented; a packet too big for a tunnel with DF set (or
 * IPv6) is turned into an ICMP "fragmentation needed" / "packet too big" error back to the client.
 * <b>One instance per worker</b> (the encapsulator counts IPv4 identifications); allocation-free.
 */
public final class ConnectionForwarder {

    private final ForwardingSettings settings;
    private final NeighborTable neighbors;
    private final TunnelEncapsulator encapsulator;
    private final TunnelSettings ipip = TunnelSettings.ipip();
    private final TunnelSettings gre = TunnelSettings.gre();
    private final TunnelSettings gue;
    private final IcmpTooBigResponder tooBig;
    private final GlbGueEncapsulator glbGue;
    private final GlbHops glbHops = new GlbHops();

    /**
     * Creates a worker's forwarder.
     *
     * @param settings addresses and limits
     * @param neighbors known MAC addresses
     * @param worker the worker index (spreads IPv4 identifications of outer headers)
     */
    public ConnectionForwarder(ForwardingSettings settings, NeighborTable neighbors, int worker) {
        this.settings = settings;
        this.neighbors = neighbors;
        IpAddress s4 = settings.tunnelSource4();
        IpAddress s6 = settings.tunnelSource6();
        this.encapsulator = new TunnelEncapsulator(s4 == null ? 0 : s4.w0(),
                s6 == null ? null : new int[] {s6.w0(), s6.w1(), s6.w2(), s6.w3()}, settings.mtu(), worker << 12);
        this.gue = TunnelSettings.gue(settings.guePort(), TunnelSettings.UdpChecksum.DEFAULT);
        this.tooBig = new IcmpTooBigResponder(worker << 12 | 0x800);
        this.glbGue = new GlbGueEncapsulator(s4 == null ? 0 : s4.w0(),
                s6 == null ? null : new int[] {s6.w0(), s6.w1(), s6.w2(), s6.w3()}, settings.mtu(),
                settings.glbGuePort(), worker << 12 | 0x400);
    }

    /**
     * Forwards a packet of a connection.
     *
     * @param batch the burst holding the packet
     * @param i the packet's index in the burst
     * @param p the packet, parsed
     * @param table the worker's connection table
     * @param entry the connection
     * @param direction {@link FlowDirection#INPUT} or {@link FlowDirection#OUTPUT}
     * @param dest the connection's destination
     * @param counters the worker's counters
     * @return the packet's verdict
     */
    public byte forward(PacketBatch batch, int i, ParsedPacket p, ConnectionTable table, int entry, int direction,
            RealServer dest, WorkerCounters counters) {
        ForwardingMethod method = table.forwardingMethod(entry);
        int result;
        boolean input = direction == FlowDirection.INPUT;
        switch (method) {
            case NAT -> result = input ? natToDestination(p, table, entry) : natToClient(p, table, entry);
            case FULLNAT -> result = input ? fullNatToDestination(p, table, entry) : fullNatToClient(p, table, entry);
            case DR -> result = input ? AddressRewriter.decrementTtl(p) : ForwardResult.UNSUPPORTED;
            case TUNNEL -> {
                return input ? tunnel(batch, i, p, dest, counters) : fail(ForwardResult.UNSUPPORTED, counters);
            }
            default -> result = ForwardResult.UNSUPPORTED;
        }
        if (result != ForwardResult.OK) {
            return fail(result, counters);
        }
        setMacs(p, dest, input);
        return PacketBatch.TRANSMIT;
    }

    // One small method per rewrite keeps forward() small enough for the compiler to inline it.

    private static int natToDestination(ParsedPacket p, ConnectionTable table, int entry) {
        return AddressRewriter.rewriteDestination(p, table.destinationAddressWord(entry, 0),
                table.destinationAddressWord(entry, 1), table.destinationAddressWord(entry, 2),
                table.destinationAddressWord(entry, 3), table.destinationPort(entry));
    }

    private static int natToClient(ParsedPacket p, ConnectionTable table, int entry) {
        return AddressRewriter.rewriteSource(p, table.virtualAddressWord(entry, 0),
                table.virtualAddressWord(entry, 1), table.virtualAddressWord(entry, 2),
                table.virtualAddressWord(entry, 3), table.virtualPort(entry));
    }

    private static int fullNatToDestination(ParsedPacket p, ConnectionTable table, int entry) {
        return AddressRewriter.rewriteSourceAndDestination(p, table.localAddressWord(entry, 0),
                table.localAddressWord(entry, 1), table.localAddressWord(entry, 2),
                table.localAddressWord(entry, 3), table.localPort(entry),
                table.destinationAddressWord(entry, 0), table.destinationAddressWord(entry, 1),
                table.destinationAddressWord(entry, 2), table.destinationAddressWord(entry, 3),
                table.destinationPort(entry));
    }

    private static int fullNatToClient(ParsedPacket p, ConnectionTable table, int entry) {
        return AddressRewriter.rewriteSourceAndDestination(p, table.virtualAddressWord(entry, 0),
                table.virtualAddressWord(entry, 1), table.virtualAddressWord(entry, 2),
                table.virtualAddressWord(entry, 3), table.virtualPort(entry),
                table.clientAddressWord(entry, 0), table.clientAddressWord(entry, 1),
                table.clientAddressWord(entry, 2), table.clientAddressWord(entry, 3),
                table.clientPort(entry));
    }

    private byte tunnel(PacketBatch batch, int i, ParsedPacket p, RealServer dest, WorkerCounters counters) {
        int ttl = AddressRewriter.decrementTtl(p);
        if (ttl != ForwardResult.OK) {
            return fail(ttl, counters);
        }
        TunnelType type = dest.tunnelType();
        int result;
        int innerMtu;
        long frameOffset;
        int frameLength;
        if (type == TunnelType.GLB_GUE) {
            int hopCount = glbHops.collect(p, dest, counters);
            result = glbGue.encapsulate(p, batch.headrooms[i], dest.family(), glbHops.words(), hopCount);
            innerMtu = glbGue.innerMtu();
            frameOffset = glbGue.frameOffset();
            frameLength = glbGue.frameLength();
        } else {
            TunnelSettings tunnel = type == TunnelType.GUE ? gue : type == TunnelType.GRE ? gre : ipip;
            result = encapsulator.encapsulate(p, batch.headrooms[i], tunnel, dest.family(), dest.addressWord(0),
                    dest.addressWord(1), dest.addressWord(2), dest.addressWord(3));
            innerMtu = encapsulator.innerMtu();
            frameOffset = encapsulator.frameOffset();
            frameLength = encapsulator.frameLength();
        }
        if (result == ForwardResult.TOO_BIG) {
            counters.increment(WorkerCounters.TOO_BIG);
            int reply = tooBig.respond(p, batch.tailrooms[i], innerMtu);
            if (reply != ForwardResult.OK) {
                return fail(reply, counters);
            }
            batch.tailrooms[i] -= tooBig.frameLength() - batch.lengths[i];
            batch.lengths[i] = tooBig.frameLength();
            EthernetRewriter.setAddresses(p.segment(), p.packetOffset(), settings.ownMac(), settings.gatewayMac());
            return PacketBatch.TRANSMIT;
        }
        if (result != ForwardResult.OK) {
            return fail(result, counters);
        }
        long newStart = frameOffset;
        int delta = (int) (newStart - batch.offsets[i]);
        batch.offsets[i] = newStart;
        batch.headrooms[i] += delta;
        batch.tailrooms[i] += batch.lengths[i] - delta - frameLength;
        batch.lengths[i] = frameLength;
        long nextHop = neighbors.macOf(dest.family(), dest.addressWord(0), dest.addressWord(1), dest.addressWord(2),
                dest.addressWord(3), settings.gatewayMac());
        EthernetRewriter.setAddresses(p.segment(), newStart, settings.ownMac(), nextHop);
        return PacketBatch.TRANSMIT;
    }

    /**
     * Forwards an ICMP error about a connection's packet, translating the quoted packet too.
     *
     * @param batch the burst holding the packet
     * @param i the packet's index in the burst
     * @param p the ICMP error, parsed
     * @param table the worker's connection table
     * @param entry the connection the quoted packet belongs to
     * @param direction the direction the error travels
     * @param dest the connection's destination
     * @param counters the worker's counters
     * @return the packet's verdict
     */
    public byte forwardIcmpError(PacketBatch batch, int i, ParsedPacket p, ConnectionTable table, int entry,
            int direction, RealServer dest, WorkerCounters counters) {
        ForwardingMethod method = table.forwardingMethod(entry);
        boolean input = direction == FlowDirection.INPUT;
        int result;
        if (method == ForwardingMethod.NAT) {
            result = input
                    ? IcmpErrorTranslator.natFromClient(p, table.destinationAddressWord(entry, 0),
                            table.destinationAddressWord(entry, 1), table.destinationAddressWord(entry, 2),
                            table.destinationAddressWord(entry, 3), table.destinationPort(entry))
                    : IcmpErrorTranslator.natFromRealServer(p, table.virtualAddressWord(entry, 0),
                            table.virtualAddressWord(entry, 1), table.virtualAddressWord(entry, 2),
                            table.virtualAddressWord(entry, 3), table.virtualPort(entry));
        } else if (method == ForwardingMethod.FULLNAT) {
            result = input
                    ? IcmpErrorTranslator.fullNatFromClient(p, table.destinationAddressWord(entry, 0),
                            table.destinationAddressWord(entry, 1), table.destinationAddressWord(entry, 2),
                            table.destinationAddressWord(entry, 3), table.destinationPort(entry),
                            table.localAddressWord(entry, 0), table.localAddressWord(entry, 1),
                            table.localAddressWord(entry, 2), table.localAddressWord(entry, 3), table.localPort(entry))
                    : IcmpErrorTranslator.fullNatFromRealServer(p, table.virtualAddressWord(entry, 0),
                            table.virtualAddressWord(entry, 1), table.virtualAddressWord(entry, 2),
                            table.virtualAddressWord(entry, 3), table.virtualPort(entry),
                            table.clientAddressWord(entry, 0), table.clientAddressWord(entry, 1),
                            table.clientAddressWord(entry, 2), table.clientAddressWord(entry, 3), table.clientPort(entry));
        } else if (input && method == ForwardingMethod.DR) {
            result = AddressRewriter.decrementTtl(p);
        } else if (input) {
            return tunnel(batch, i, p, dest, counters);
        } else {
            result = ForwardResult.UNSUPPORTED;
        }
        if (result != ForwardResult.OK) {
            return fail(result, counters);
        }
        setMacs(p, dest, input);
        return PacketBatch.TRANSMIT;
    }

    /**
     * Returns the forwarding MTU.
     *
     * @return bytes
     */
    public int mtu() {
        return settings.mtu();
    }

    /**
     * Returns the MAC address jvs sends from.
     *
     * @return 48 bits
     */
    public long ownMac() {
        return settings.ownMac();
    }

    /**
     * Returns the MAC address of the next hop toward an address: its neighbour entry, or the gateway.
     *
     * @param family the address family
     * @param w0 address word 0
     * @param w1 word 1 (IPv6)
     * @param w2 word 2 (IPv6)
     * @param w3 word 3 (IPv6)
     * @return 48 bits
     */
    public long nextHopMac(int family, int w0, int w1, int w2, int w3) {
        return neighbors.macOf(family, w0, w1, w2, w3, settings.gatewayMac());
    }

    /** Sets the Ethernet addresses: toward the destination's neighbour entry, or toward the packet's own destination. */
    private void setMacs(ParsedPacket p, RealServer dest, boolean towardDestination) {
        long nextHop;
        if (towardDestination) {
            nextHop = neighbors.macOf(dest.family(), dest.addressWord(0), dest.addressWord(1), dest.addressWord(2),
                    dest.addressWord(3), settings.gatewayMac());
        } else if (p.family() == AddressFamily.IPV4) {
            // the destination as rewritten (FULLNAT replaced the local address by the client's), not as parsed
            nextHop = neighbors.macOf(AddressFamily.IPV4, BigEndian.getInt(p.segment(), p.l3Offset()
                    + Ipv4Header.DESTINATION_ADDRESS_OFFSET), 0, 0, 0, settings.gatewayMac());
        } else {
            long d = p.l3Offset() + Ipv6Header.DESTINATION_ADDRESS_OFFSET;
            MemorySegment s = p.segment();
            nextHop = neighbors.macOf(AddressFamily.IPV6, BigEndian.getInt(s, d), BigEndian.getInt(s, d + 4),
                    BigEndian.getInt(s, d + 8), BigEndian.getInt(s, d + 12), settings.gatewayMac());
        }
        EthernetRewriter.setAddresses(p, settings.ownMac(), nextHop);
    }

    private static byte fail(int result, WorkerCounters counters) {
        counters.increment(result == ForwardResult.TTL_EXCEEDED ? WorkerCounters.TTL_EXCEEDED
                : WorkerCounters.FORWARD_ERRORS);
        return PacketBatch.DROP;
    }
}
