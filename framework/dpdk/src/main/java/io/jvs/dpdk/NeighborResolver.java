package io.jvs.dpdk;

import io.jvs.engine.packet.ArpPacket;
import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.EtherType;
import io.jvs.engine.packet.EthernetHeader;
import io.jvs.engine.packet.MacAddress;
import io.jvs.engine.pipeline.NeighborTable;
import java.lang.foreign.MemorySegment;
import java.util.function.LongSupplier;

/**
 * ARP resolution for {@link DpdkPacketIo}: the engine addresses frames to IPv4 neighbours it has no
 * static MAC for with a next-hop token ({@link NeighborTable#resolvingIpv4}); before such a frame
 * leaves, the token's address is routed ({@link Ipv4Routes}) to the neighbour that must receive it,
 * and the neighbour's MAC from the {@link NeighborCache} replaces the token.
 *
 * <pre>
 *   TX frame, dst = 03:ff:a.b.c.d ──> next hop = routes.nextHop(a.b.c.d) ── none ──> freed (noRoute)
 *        │ cache has its MAC: dst = MAC, sent (stale: asked again, at most once per retry interval)
 *        └ unresolved: ARP request sent (once per retry interval); frame held up to holdNanos
 *          (a few per queue, more are freed: unresolvedDropped), sent when the answer comes
 *   RX ARP reply to us, or request for one of our addresses ──> sender learned (MAC, now)
 * </pre>
 *
 * <p>Shared by the queues (the cache is lock-free); the clock is read by {@link DpdkPacketIo} once
 * per burst and passed in.
 *
 * @param routes where destinations are reached
 * @param cache the learned neighbours
 * @param ownMac the port's MAC, the sender of requests
 * @param timeoutNanos how long an answer is trusted before the neighbour is asked again (its MAC is
 *     used meanwhile)
 * @param retryNanos least time between two requests for one neighbour
 * @param holdNanos longest time a frame waits for its neighbour's answer
 * @param clock monotonic time, nanoseconds
 */
public record NeighborResolver(Ipv4Routes routes, NeighborCache cache, long ownMac, long timeoutNanos,
        long retryNanos, long holdNanos, LongSupplier clock) {

    /** 1 s between two requests for one neighbour, as Linux's {@code retrans_time_ms}. */
    public static final long DEFAULT_RETRY_NANOS = 1_000_000_000L;
    /** Frames wait at most 3 s for an answer (three requests), then are freed. */
    public static final long DEFAULT_HOLD_NANOS = 3_000_000_000L;
    /** Length of an ARP request frame, padded to Ethernet's minimum, bytes. */
    public static final int REQUEST_LENGTH = 60;

    /** {@link #learn}: the frame was an ARP reply to jvs; it is consumed. */
    public static final int CONSUMED = 1;
    /** {@link #learn}: the frame goes on (an ARP request the responder may answer, or not ARP). */
    public static final int PASSED = 0;

    /**
     * Learns from an ARP frame: the sender of a reply to jvs's MAC, or of a request for an address
     * jvs answers for.
     *
     * @param segment memory holding the frame
     * @param frame the frame's first byte
     * @param length the frame's length, bytes
     * @param responder the addresses jvs owns, or {@code null}
     * @param nowNanos the time
     * @return {@link #CONSUMED} for a reply (nothing else to do with it), else {@link #PASSED}
     */
    public int learn(MemorySegment segment, long frame, int length, ArpResponder responder, long nowNanos) {
        if (!ArpResponder.isArp(segment, frame, length)) {
            return PASSED;
        }
        long arp = frame + EthernetHeader.LENGTH;
        if (BigEndian.getUnsignedShort(segment, arp + ArpPacket.HARDWARE_TYPE_OFFSET) != ArpPacket.HARDWARE_TYPE_ETHERNET
                || BigEndian.getUnsignedShort(segment, arp + ArpPacket.PROTOCOL_TYPE_OFFSET) != EtherType.IPV4) {
            return PASSED;
        }
        int operation = BigEndian.getUnsignedShort(segment, arp + ArpPacket.OPERATION_OFFSET);
        int sender = BigEndian.getInt(segment, arp + ArpPacket.SENDER_PROTOCOL_ADDRESS_OFFSET);
        int target = BigEndian.getInt(segment, arp + ArpPacket.TARGET_PROTOCOL_ADDRESS_OFFSET);
        long senderMac = MacAddress.read(segment, arp + ArpPacket.SENDER_HARDWARE_ADDRESS_OFFSET);
        boolean forUs = responder != null && responder.owns(target);
        if (operation == ArpPacket.OPERATION_REPLY) {
            boolean toUs = MacAddress.read(segment, arp + ArpPacket.TARGET_HARDWARE_ADDRESS_OFFSET) == ownMac;
            if (sender != 0 && (toUs || forUs || cache.find(sender) != NeighborCache.MISSING)) {
                cache.learn(sender, senderMac, nowNanos);
            }
            return toUs ? CONSUMED : PASSED;
        }
        if (operation == ArpPacket.OPERATION_REQUEST && forUs && sender != 0) {
            cache.learn(sender, senderMac, nowNanos);
        }
        return PASSED;
    }

    /**
     * Writes an ARP request for a neighbour.
     *
     * @param segment memory of at least {@link #REQUEST_LENGTH} bytes from {@code frame}
     * @param frame where the frame starts
     * @param neighbour the address asked for, as a word
     */
    public void writeRequest(MemorySegment segment, long frame, int neighbour) {
        segment.asSlice(frame, REQUEST_LENGTH).fill((byte) 0);
        MacAddress.write(segment, frame, MacAddress.BROADCAST);
        MacAddress.write(segment, frame + 6, ownMac);
        BigEndian.putShort(segment, frame + EthernetHeader.ETHER_TYPE_OFFSET, EtherType.ARP);
        long arp = frame + EthernetHeader.LENGTH;
        BigEndian.putShort(segment, arp + ArpPacket.HARDWARE_TYPE_OFFSET, ArpPacket.HARDWARE_TYPE_ETHERNET);
        BigEndian.putShort(segment, arp + ArpPacket.PROTOCOL_TYPE_OFFSET, EtherType.IPV4);
        BigEndian.putByte(segment, arp + ArpPacket.HARDWARE_LENGTH_OFFSET, 6);
        BigEndian.putByte(segment, arp + ArpPacket.PROTOCOL_LENGTH_OFFSET, 4);
        BigEndian.putShort(segment, arp + ArpPacket.OPERATION_OFFSET, ArpPacket.OPERATION_REQUEST);
        MacAddress.write(segment, arp + ArpPacket.SENDER_HARDWARE_ADDRESS_OFFSET, ownMac);
        BigEndian.putInt(segment, arp + ArpPacket.SENDER_PROTOCOL_ADDRESS_OFFSET, routes.sourceFor(neighbour));
        BigEndian.putInt(segment, arp + ArpPacket.TARGET_PROTOCOL_ADDRESS_OFFSET, neighbour);
    }

    /**
     * Tells whether a destination MAC is a token to resolve.
     *
     * @param mac the frame's destination
     * @return {@code true} for a next-hop token
     */
    public static boolean isToken(long mac) {
        return NeighborTable.isToken(mac);
    }
}
