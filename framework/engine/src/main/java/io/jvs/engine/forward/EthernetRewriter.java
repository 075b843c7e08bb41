package io.jvs.engine.forward;

import io.jvs.engine.packet.EthernetHeader;
import io.jvs.engine.packet.MacAddress;
import io.jvs.engine.packet.ParsedPacket;
import java.lang.foreign.MemorySegment;

/**
 * Sets the Ethernet addresses of a frame about to be sent: the whole of what direct routing (DR)
 * changes, and the last step of every other forwarding method. VLAN tags and the EtherType stay as
 * they are.
 *
 * <p>MAC addresses are {@code long}s holding the 48 bits in their low bits, as {@link MacAddress}
 * reads them. Static, allocation-free.
 */
public final class EthernetRewriter {
    private EthernetRewriter() {
    }

    /**
     * Sets the source and destination MAC addresses of a parsed frame.
     *
     * @param packet a parsed frame
     * @param source the new source address (the sending port of jvs)
     * @param destination the new destination address (the real server or the next hop)
     * @return {@link ForwardResult#OK}, or {@link ForwardResult#UNSUPPORTED} when the packet was
     *     parsed without Ethernet header (as a bare IP packet)
     */
    public static int setAddresses(ParsedPacket packet, long source, long destination) {
        if (packet.l3Offset() - packet.packetOffset() < EthernetHeader.LENGTH) {
            return ForwardResult.UNSUPPORTED;
        }
        setAddresses(packet.segment(), packet.packetOffset(), source, destination);
        return ForwardResult.OK;
    }

    /**
     * Sets the source and destination MAC addresses of the Ethernet header at {@code frameOffset}, for
     * example at {@link TunnelEncapsulator#frameOffset()} after an encapsulation.
     *
     * @param segment the memory holding the frame
     * @param frameOffset the byte offset of the Ethernet header; 12 bytes must be writable there
     * @param source the new source address
     * @param destination the new destination address
     */
    public static void setAddresses(MemorySegment segment, long frameOffset, long source, long destination) {
        MacAddress.write(segment, frameOffset + EthernetHeader.DESTINATION_OFFSET, destination);
        MacAddress.write(segment, frameOffset + EthernetHeader.SOURCE_OFFSET, source);
    }
}
