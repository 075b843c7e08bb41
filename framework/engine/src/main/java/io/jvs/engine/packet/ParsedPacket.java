package io.jvs.engine.packet;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.PacketView;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * What {@link PacketParser} found in one frame: offsets of each layer, the 5-tuple, TCP fields,
 * fragment and ICMP information, and for ICMP error messages the tuple of the packet they quote.
 * One mutable instance per worker, refilled for every frame; it is also the {@link PacketView}
 * handed to schedulers.
 *
 * <p>All offsets are byte offsets within {@link #segment()} (not relative to the frame start); an
 * offset of -1 means "not present". Lengths are in bytes. The values are meaningful only after
 * {@link PacketParser#parse} returned {@link ParseResult#OK} (or, for the L2 fields and {@link
 * #l3Offset()}, {@link ParseResult#ARP}); after any other code they are partly filled and must not
 * be used. Addresses are 32-bit words in network order (see {@link Ipv4Address}, {@link
 * Ipv6Address}); IPv4 uses word 0 only and words 1..3 are 0.
 *
 * <p>Payload: {@link #payloadOffset()} and {@link #payloadLength()} follow the IP total (or payload)
 * length, so Ethernet padding is never payload. For UDP the payload is bounded by the UDP length
 * (which may be shorter than the IP payload), except in a first fragment, where the UDP length
 * describes the whole datagram. A fragment that is not the first has no transport header: its
 * ports are 0, {@link #l4Offset()} is -1 and the payload is the fragment data.
 *
 * <p><b>Not thread-safe;</b> allocation-free in every method.
 */
public final class ParsedPacket implements PacketView {
    final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();

    MemorySegment segment;
    long packetOffset;
    int packetLength;
    int etherType;
    int vlanId;
    int innerVlanId;
    long l3Offset;
    int family;
    int ipHeaderLength;
    int ipPacketLength;
    int protocol;
    long l4Offset;
    long payloadOffset;
    int payloadLength;
    int s0;
    int s1;
    int s2;
    int s3;
    int d0;
    int d1;
    int d2;
    int d3;
    int sourcePort;
    int destinationPort;
    int tcpFlags;
    int tcpSequence;
    int tcpAcknowledgment;
    int tcpHeaderLength;
    boolean fragment;
    boolean firstFragment;
    int fragmentOffset;
    boolean moreFragments;
    int identification;
    int ttl;
    int icmpType;
    int icmpCode;
    boolean icmpError;
    long embeddedL3Offset;
    long embeddedL4Offset;
    int embeddedFamily;
    int embeddedProtocol;
    int es0;
    int es1;
    int es2;
    int es3;
    int ed0;
    int ed1;
    int ed2;
    int ed3;
    int embeddedSourcePort;
    int embeddedDestinationPort;
    boolean embeddedPortsPresent;
    int firewallMark;
    /**
     * Set by {@link PacketParser} when it writes a field most packets do not have (VLAN IDs, IPv6
     * address words 1..3, fragment and ICMP fields, the quoted packet), so that {@link #reset} restores
     * those only when needed.
     */
    boolean hasExtraFields = true;

    /** Creates an empty packet view; {@link PacketParser#parse} fills it. */
    public ParsedPacket() {
        reset(null, 0, 0);
    }

    void reset(MemorySegment segment, long offset, int length) {
        if (this.segment != segment) {
            // Skipped when unchanged: a reference store pays the GC's write barrier (with a fence).
            this.segment = segment;
        }
        packetOffset = offset;
        packetLength = length;
        etherType = -1;
        l3Offset = -1;
        family = 0;
        ipHeaderLength = 0;
        ipPacketLength = 0;
        protocol = -1;
        l4Offset = -1;
        payloadOffset = -1;
        payloadLength = 0;
        s0 = 0;
        d0 = 0;
        sourcePort = 0;
        destinationPort = 0;
        tcpFlags = 0;
        tcpSequence = 0;
        tcpAcknowledgment = 0;
        tcpHeaderLength = 0;
        fragmentOffset = 0;
        moreFragments = false;
        identification = 0;
        ttl = 0;
        firewallMark = 0;
        if (hasExtraFields) {
            resetExtraFields();
        }
    }

    private void resetExtraFields() {
        hasExtraFields = false;
        vlanId = -1;
        innerVlanId = -1;
        s1 = 0;
        s2 = 0;
        s3 = 0;
        d1 = 0;
        d2 = 0;
        d3 = 0;
        fragment = false;
        firstFragment = false;
        icmpType = -1;
        icmpCode = -1;
        icmpError = false;
        embeddedL3Offset = -1;
        embeddedL4Offset = -1;
        embeddedFamily = 0;
        embeddedProtocol = -1;
        es0 = 0;
        es1 = 0;
        es2 = 0;
        es3 = 0;
        ed0 = 0;
        ed1 = 0;
        ed2 = 0;
        ed3 = 0;
        embeddedSourcePort = 0;
        embeddedDestinationPort = 0;
        embeddedPortsPresent = false;
    }

    /** {@return the memory holding the frame} */
    public MemorySegment segment() {
        return segment;
    }

    /** {@return the byte offset of the first byte of the frame} */
    public long packetOffset() {
        return packetOffset;
    }

    /** {@return the frame length in bytes as given to the parser (padding included)} */
    public int packetLength() {
        return packetLength;
    }

    /** {@return the EtherType after any VLAN tags, -1 before it was read} */
    public int etherType() {
        return etherType;
    }

    /** {@return the VLAN ID of the outer (first) tag, or -1 for an untagged frame} */
    public int vlanId() {
        return vlanId;
    }

    /** {@return the VLAN ID of the inner (second, QinQ) tag, or -1 when there is none} */
    public int innerVlanId() {
        return innerVlanId;
    }

    /** {@return the byte offset of the IP header (or ARP packet), -1 before it was found} */
    public long l3Offset() {
        return l3Offset;
    }

    /** {@return {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6} (0 before it was read)} */
    @Override
    public int family() {
        return family;
    }

    /**
     * Returns the length of the IP headers: IHL * 4 for IPv4; for IPv6 the fixed header and the
     * extension headers crossed, up to the upper-layer header (or the fragment data).
     *
     * @return a length in bytes
     */
    public int ipHeaderLength() {
        return ipHeaderLength;
    }

    /** {@return the IP packet length from its header (IPv4 total length; IPv6 40 + payload length)} */
    public int ipPacketLength() {
        return ipPacketLength;
    }

    /** {@return the byte offset just after the IP packet: {@code l3Offset() + ipPacketLength()}} */
    public long ipEndOffset() {
        return l3Offset + ipPacketLength;
    }

    /** {@return the upper-layer protocol (for IPv6, after the extension headers), -1 before it was read} */
    @Override
    public int protocol() {
        return protocol;
    }

    /** {@return the byte offset of the transport header, -1 for a fragment that is not the first} */
    public long l4Offset() {
        return l4Offset;
    }

    /**
     * {@inheritDoc} Within {@link #segment()}; after the transport header (UDP: 8 bytes, ICMP: 8 bytes)
     * or, for a fragment other than the first, right after the IP headers.
     */
    @Override
    public long payloadOffset() {
        return payloadOffset;
    }

    /** {@inheritDoc} Bounded by the IP length (and the UDP length), never by the frame length. */
    @Override
    public int payloadLength() {
        return payloadLength;
    }

    /** {@inheritDoc} */
    @Override
    public byte payloadByte(int index) {
        Objects.checkIndex(index, payloadLength);
        return segment.get(BigEndian.BYTE, payloadOffset + index);
    }

    /** {@inheritDoc} Always {@link #segment()}. */
    @Override
    public MemorySegment payloadSegment() {
        return segment;
    }

    /**
     * Returns one word of the source address.
     *
     * @param index 0..3 (words 1..3 are 0 for IPv4)
     * @return the word
     * @throws IndexOutOfBoundsException for an index outside 0..3
     */
    @Override
    public int sourceAddressWord(int index) {
        return switch (index) {
            case 0 -> s0;
            case 1 -> s1;
            case 2 -> s2;
            case 3 -> s3;
            default -> throw new IndexOutOfBoundsException(index);
        };
    }

    /**
     * Returns one word of the destination address.
     *
     * @param index 0..3 (words 1..3 are 0 for IPv4)
     * @return the word
     * @throws IndexOutOfBoundsException for an index outside 0..3
     */
    @Override
    public int destinationAddressWord(int index) {
        return switch (index) {
            case 0 -> d0;
            case 1 -> d1;
            case 2 -> d2;
            case 3 -> d3;
            default -> throw new IndexOutOfBoundsException(index);
        };
    }

    /** {@return the source port for TCP, UDP and SCTP, else 0} */
    @Override
    public int sourcePort() {
        return sourcePort;
    }

    /** {@return the destination port for TCP, UDP and SCTP, else 0} */
    @Override
    public int destinationPort() {
        return destinationPort;
    }

    /** {@return the mark set by the caller with {@link #firewallMark(int)}; reset to 0 by every parse} */
    @Override
    public int firewallMark() {
        return firewallMark;
    }

    /**
     * Sets the firewall mark (for fwmark services). Set it after parsing: parsing resets it to 0.
     *
     * @param mark the mark
     */
    public void firewallMark(int mark) {
        this.firewallMark = mark;
    }

    /** {@return the TCP flags byte (see {@link TcpFlags}), 0 when not TCP} */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** {@return the TCP sequence number (unsigned 32 bits in an int), 0 when not TCP} */
    public int tcpSequence() {
        return tcpSequence;
    }

    /** {@return the TCP acknowledgment number (unsigned 32 bits in an int), 0 when not TCP} */
    public int tcpAcknowledgment() {
        return tcpAcknowledgment;
    }

    /** {@return the TCP header length in bytes (options included), 0 when not TCP} */
    public int tcpHeaderLength() {
        return tcpHeaderLength;
    }

    /** {@return true for a fragment (IPv4 MF or offset; IPv6 fragment header other than atomic)} */
    public boolean isFragment() {
        return fragment;
    }

    /** {@return true for the fragment at offset 0 of a fragmented datagram (it has the transport header)} */
    public boolean isFirstFragment() {
        return firstFragment;
    }

    /** {@return the fragment offset in bytes (a multiple of 8), 0 when not a fragment} */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** {@return the "more fragments" flag} */
    public boolean moreFragments() {
        return moreFragments;
    }

    /** {@return the IPv4 identification (16 bits) or the IPv6 fragment identification (32 bits; 0 without fragment header)} */
    public int identification() {
        return identification;
    }

    /** {@return the IPv4 TTL or IPv6 hop limit, 0..255} */
    public int ttl() {
        return ttl;
    }

    /** {@return the ICMP or ICMPv6 type, -1 when not ICMP} */
    public int icmpType() {
        return icmpType;
    }

    /** {@return the ICMP or ICMPv6 code, -1 when not ICMP} */
    public int icmpCode() {
        return icmpCode;
    }

    /** {@return true for an ICMP error message (see {@link IcmpHeader#isError})} */
    public boolean isIcmpError() {
        return icmpError;
    }

    /** {@return true when an ICMP error quotes a packet with a usable IP header (same family as the outer one)} */
    public boolean hasEmbeddedPacket() {
        return embeddedL3Offset >= 0;
    }

    /** {@return the byte offset of the quoted IP header, -1 when there is none} */
    public long embeddedL3Offset() {
        return embeddedL3Offset;
    }

    /** {@return the byte offset of the quoted transport header, -1 when not present in the quote} */
    public long embeddedL4Offset() {
        return embeddedL4Offset;
    }

    /** {@return the family of the quoted packet, 0 when there is none} */
    public int embeddedFamily() {
        return embeddedFamily;
    }

    /** {@return the protocol of the quoted packet, -1 when unknown (no quote, or IPv6 chain cut short)} */
    public int embeddedProtocol() {
        return embeddedProtocol;
    }

    /**
     * Returns one word of the quoted packet's source address (usually our own address: the quote is
     * a packet that was sent from here).
     *
     * @param index 0..3
     * @return the word, 0 when there is no quote
     * @throws IndexOutOfBoundsException for an index outside 0..3
     */
    public int embeddedSourceAddressWord(int index) {
        return switch (index) {
            case 0 -> es0;
            case 1 -> es1;
            case 2 -> es2;
            case 3 -> es3;
            default -> throw new IndexOutOfBoundsException(index);
        };
    }

    /**
     * Returns one word of the quoted packet's destination address.
     *
     * @param index 0..3
     * @return the word, 0 when there is no quote
     * @throws IndexOutOfBoundsException for an index outside 0..3
     */
    public int embeddedDestinationAddressWord(int index) {
        return switch (index) {
            case 0 -> ed0;
            case 1 -> ed1;
            case 2 -> ed2;
            case 3 -> ed3;
            default -> throw new IndexOutOfBoundsException(index);
        };
    }

    /** {@return true when the quote holds the first four transport bytes (TCP, UDP, SCTP ports)} */
    public boolean hasEmbeddedPorts() {
        return embeddedPortsPresent;
    }

    /** {@return the quoted packet's source port, 0 when not present} */
    public int embeddedSourcePort() {
        return embeddedSourcePort;
    }

    /** {@return the quoted packet's destination port, 0 when not present} */
    public int embeddedDestinationPort() {
        return embeddedDestinationPort;
    }

    /**
     * Returns a symmetric hash of the 5-tuple (the same for A-&gt;B and B-&gt;A), see {@link
     * FlowHash}. Fragments other than the first hash with ports 0.
     *
     * @return the hash
     */
    public int flowHash() {
        if (family == AddressFamily.IPV6) {
            return FlowHash.symmetricIpv6(protocol, s0, s1, s2, s3, d0, d1, d2, d3, sourcePort, destinationPort);
        }
        return FlowHash.symmetricIpv4(protocol, s0, d0, sourcePort, destinationPort);
    }

    /**
     * Returns the symmetric hash of the quoted packet's 5-tuple: because it is symmetric, it equals
     * the {@link #flowHash()} of the flow the error is about, so the error can be steered to the
     * worker that owns the flow.
     *
     * @return the hash, or 0 when {@link #hasEmbeddedPacket()} is false
     */
    public int embeddedFlowHash() {
        if (embeddedL3Offset < 0) {
            return 0;
        }
        if (embeddedFamily == AddressFamily.IPV6) {
            return FlowHash.symmetricIpv6(embeddedProtocol, es0, es1, es2, es3, ed0, ed1, ed2, ed3,
                    embeddedSourcePort, embeddedDestinationPort);
        }
        return FlowHash.symmetricIpv4(embeddedProtocol, es0, ed0, embeddedSourcePort, embeddedDestinationPort);
    }
}
