package io.jvs.dpdk;

import io.jvs.engine.packet.ArpPacket;
import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.EtherType;
import io.jvs.engine.packet.EthernetHeader;
import io.jvs.engine.packet.MacAddress;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * Answers ARP requests (RFC 826) for the IPv4 addresses jvs owns on a port — virtual addresses,
 * FULLNAT local addresses, the address hosts use as their gateway — with the port's MAC address, by
 * turning the request into the reply in its own buffer:
 *
 * <pre>
 * request:  eth dst=ff:..:ff src=H    | ARP op=1 sha=H spa=h tha=? tpa=A
 * reply:    eth dst=H        src=OWN  | ARP op=2 sha=OWN spa=A tha=H tpa=h
 * </pre>
 *
 * <p>Only untagged Ethernet/IPv4 requests are answered. Allocation-free; shared by all queues. The
 * address set is replaced as a whole ({@link #setAddresses}, one volatile write), so that virtual
 * addresses added by a reload are answered at once.
 */
public final class ArpResponder {

    private static final int ETHERNET_HEADER_BYTES = EthernetHeader.LENGTH;

    private final long ownMac;
    private volatile int[] addresses;

    /**
     * Creates a responder.
     *
     * @param ownMac the port's MAC address, in the low 48 bits
     * @param ipv4Addresses the addresses to answer for, as 32-bit words (first octet most significant)
     */
    public ArpResponder(long ownMac, List<Integer> ipv4Addresses) {
        this.ownMac = ownMac;
        this.addresses = sorted(ipv4Addresses);
    }

    private static int[] sorted(List<Integer> ipv4Addresses) {
        return ipv4Addresses.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    }

    /**
     * Replaces the addresses answered for; any thread, visible to the workers' next frame.
     *
     * @param ipv4Addresses the addresses, as 32-bit words
     */
    public void setAddresses(List<Integer> ipv4Addresses) {
        this.addresses = sorted(ipv4Addresses);
    }

    /**
     * Tells whether an address is answered for.
     *
     * @param ipv4 the address as a word
     * @return {@code true} when ARP requests for it are answered
     */
    public boolean owns(int ipv4) {
        return Arrays.binarySearch(addresses, ipv4) >= 0;
    }

    /** Returns the MAC address replies carry. @return the address in the low 48 bits */
    public long ownMac() {
        return ownMac;
    }

    /**
     * Tells whether a frame is ARP (untagged), the cheap test for the receive loop.
     *
     * @param segment memory holding the frame
     * @param frame the frame's first byte
     * @param length the frame's length, bytes
     * @return {@code true} for an ARP frame
     */
    public static boolean isArp(MemorySegment segment, long frame, int length) {
        return length >= ETHERNET_HEADER_BYTES + ArpPacket.LENGTH
                && BigEndian.getUnsignedShort(segment, frame + EthernetHeader.ETHER_TYPE_OFFSET) == EtherType.ARP;
    }

    /**
     * Turns an ARP request for an owned address into its reply, in place. The frame keeps its
     * length (padding included).
     *
     * @param segment memory holding the frame
     * @param frame the frame's first byte
     * @param length the frame's length, bytes
     * @return {@code true} when the frame is now a reply to send back; {@code false} when it was left
     *     unchanged (not a request, not for an owned address, not Ethernet/IPv4)
     */
    public boolean answer(MemorySegment segment, long frame, int length) {
        if (!isArp(segment, frame, length)) {
            return false;
        }
        long arp = frame + ETHERNET_HEADER_BYTES;
        if (!isEthernetIpv4(segment, arp) || readShort(segment, arp + ArpPacket.OPERATION_OFFSET)
                != ArpPacket.OPERATION_REQUEST) {
            return false;
        }
        int target = readInt(segment, arp + ArpPacket.TARGET_PROTOCOL_ADDRESS_OFFSET);
        if (Arrays.binarySearch(addresses, target) < 0) {
            return false;
        }
        long requesterMac = MacAddress.read(segment, arp + ArpPacket.SENDER_HARDWARE_ADDRESS_OFFSET);
        int requesterIp = readInt(segment, arp + ArpPacket.SENDER_PROTOCOL_ADDRESS_OFFSET);
        writeShort(segment, arp + ArpPacket.OPERATION_OFFSET, ArpPacket.OPERATION_REPLY);
        MacAddress.write(segment, arp + ArpPacket.SENDER_HARDWARE_ADDRESS_OFFSET, ownMac);
        writeInt(segment, arp + ArpPacket.SENDER_PROTOCOL_ADDRESS_OFFSET, target);
        MacAddress.write(segment, arp + ArpPacket.TARGET_HARDWARE_ADDRESS_OFFSET, requesterMac);
        writeInt(segment, arp + ArpPacket.TARGET_PROTOCOL_ADDRESS_OFFSET, requesterIp);
        MacAddress.write(segment, frame, requesterMac);
        MacAddress.write(segment, frame + 6, ownMac);
        return true;
    }

    private static boolean isEthernetIpv4(MemorySegment s, long arp) {
        return readShort(s, arp + ArpPacket.HARDWARE_TYPE_OFFSET) == ArpPacket.HARDWARE_TYPE_ETHERNET
                && readShort(s, arp + ArpPacket.PROTOCOL_TYPE_OFFSET) == EtherType.IPV4
                && BigEndian.getUnsignedByte(s, arp + ArpPacket.HARDWARE_LENGTH_OFFSET) == 6
                && BigEndian.getUnsignedByte(s, arp + ArpPacket.PROTOCOL_LENGTH_OFFSET) == 4;
    }

    private static int readShort(MemorySegment s, long at) {
        return BigEndian.getUnsignedShort(s, at);
    }

    private static int readInt(MemorySegment s, long at) {
        return BigEndian.getInt(s, at);
    }

    private static void writeShort(MemorySegment s, long at, int value) {
        BigEndian.putShort(s, at, value);
    }

    private static void writeInt(MemorySegment s, long at, int value) {
        BigEndian.putInt(s, at, value);
    }
}
