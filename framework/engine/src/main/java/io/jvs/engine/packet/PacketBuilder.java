package io.jvs.engine.packet;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds valid frames with correct lengths and checksums, for tests, pcap tooling and fixtures. Not
 * for the packet path: it allocates freely.
 *
 * <pre>{@code
 * byte[] syn = PacketBuilder.tcp4()
 *         .src("198.51.100.10", 40000).dst("203.0.113.1", 80)
 *         .flags(TcpFlags.SYN).seq(1000).mss(1460).sackPermitted().windowScale(7)
 *         .build();
 * byte[] tooBig = PacketBuilder.icmp6()
 *         .src("2001:db8::fe").dst("2001:db8::10")
 *         .icmpError(IcmpHeader.V6_PACKET_TOO_BIG, 0, PacketBuilder.tcp6().payload(new byte[1400]))
 *         .mtu(1280)
 *         .build();
 * }</pre>
 *
 * <p>The frame is Ethernet II (source 02:00:00:00:00:01, destination 02:00:00:00:00:02 unless set),
 * optionally VLAN-tagged, or a bare IP packet after {@link #noEthernet()}. IPv6 extension headers
 * and the IPv6 fragment header appear in the order they were added. A fragment is built as a test
 * fragment, not a slice of a real datagram: a first fragment carries the transport header with
 * a checksum over the bytes present, a later fragment carries only the payload bytes.
 */
public final class PacketBuilder {
    /** Longest ICMPv4 error quote by default: an error stays within 576 bytes (RFC 1812 4.3.2.3). */
    public static final int DEFAULT_IPV4_QUOTE_LIMIT = 576 - Ipv4Header.MIN_LENGTH - IcmpHeader.LENGTH;
    /** Longest ICMPv6 error quote by default: an error stays within 1280 bytes (RFC 4443 2.4). */
    public static final int DEFAULT_IPV6_QUOTE_LIMIT = 1280 - Ipv6Header.LENGTH - IcmpHeader.LENGTH;

    private static final int AUTHENTICATION_HEADER_LENGTH = 16;
    private static final int OPTION_HEADER_LENGTH = 8;
    private static final int MAX_TCP_OPTIONS_LENGTH = 40;
    private static final int EXPERIMENTAL_ROUTING_TYPE = 253;

    private final int family;
    private final int protocol;
    private boolean ethernet = true;
    private long sourceMac = 0x0200_0000_0001L;
    private long destinationMac = 0x0200_0000_0002L;
    private int[] vlans = new int[0];
    private final int[] source = new int[4];
    private final int[] destination = new int[4];
    private int sourcePort = 40000;
    private int destinationPort = 80;
    private int ttl = 64;
    private int tos;
    private int identification = 1;
    private int flowLabel;
    private boolean dontFragment;
    private boolean fragment;
    private int fragmentOffset;
    private boolean moreFragments;
    private byte[] ipv4Options = new byte[0];
    private int[] extensionHeaders = new int[0];
    private int tcpFlags = TcpFlags.ACK;
    private int sequence = 1;
    private int acknowledgment;
    private int window = 65535;
    private int mss = -1;
    private int windowScale = -1;
    private boolean sackPermitted;
    private boolean timestamps;
    private int timestampValue;
    private int timestampEchoReply;
    private int[] sackBlocks = new int[0];
    private boolean udpChecksum = true;
    private int icmpType;
    private int icmpCode;
    private int icmpRestOfHeader;
    private PacketBuilder quoted;
    private int quoteLimit;
    private byte[] payload = new byte[0];
    private boolean padToMinimumFrame;

    private PacketBuilder(int family, int protocol) {
        this.family = family;
        this.protocol = protocol;
        if (family == AddressFamily.IPV4) {
            source[0] = Ipv4Address.parse("192.0.2.1");
            destination[0] = Ipv4Address.parse("192.0.2.2");
            icmpType = IcmpHeader.V4_ECHO_REQUEST;
            quoteLimit = DEFAULT_IPV4_QUOTE_LIMIT;
        } else {
            Ipv6Address.parse("2001:db8::1", source);
            Ipv6Address.parse("2001:db8::2", destination);
            icmpType = IcmpHeader.V6_ECHO_REQUEST;
            quoteLimit = DEFAULT_IPV6_QUOTE_LIMIT;
        }
        icmpRestOfHeader = 0x0001_0001;
    }

    /** {@return a builder of a TCP segment over IPv4 (ACK, 192.0.2.1:40000 to 192.0.2.2:80 until set)} */
    public static PacketBuilder tcp4() {
        return new PacketBuilder(AddressFamily.IPV4, IpProtocol.TCP);
    }

    /** {@return a builder of a TCP segment over IPv6 (2001:db8::1 to 2001:db8::2 until set)} */
    public static PacketBuilder tcp6() {
        return new PacketBuilder(AddressFamily.IPV6, IpProtocol.TCP);
    }

    /** {@return a builder of a UDP datagram over IPv4} */
    public static PacketBuilder udp4() {
        return new PacketBuilder(AddressFamily.IPV4, IpProtocol.UDP);
    }

    /** {@return a builder of a UDP datagram over IPv6} */
    public static PacketBuilder udp6() {
        return new PacketBuilder(AddressFamily.IPV6, IpProtocol.UDP);
    }

    /** {@return a builder of an ICMP message over IPv4 (echo request, identifier 1, sequence 1 until set)} */
    public static PacketBuilder icmp4() {
        return new PacketBuilder(AddressFamily.IPV4, IpProtocol.ICMP);
    }

    /** {@return a builder of an ICMPv6 message (echo request, identifier 1, sequence 1 until set)} */
    public static PacketBuilder icmp6() {
        return new PacketBuilder(AddressFamily.IPV6, IpProtocol.ICMPV6);
    }

    /**
     * Returns a builder of an IPv4 packet whose whole payload is {@link #payload(byte[])}, for
     * protocols without a builder of their own (GRE, IP-in-IP, ...).
     *
     * @param protocol the IP protocol number
     * @return the builder
     */
    public static PacketBuilder ip4(int protocol) {
        return new PacketBuilder(AddressFamily.IPV4, protocol);
    }

    /**
     * Returns a builder of an IPv6 packet whose whole upper-layer content is {@link #payload(byte[])}.
     *
     * @param protocol the upper-layer protocol number
     * @return the builder
     */
    public static PacketBuilder ip6(int protocol) {
        return new PacketBuilder(AddressFamily.IPV6, protocol);
    }

    /**
     * Sets the source address and port.
     *
     * @param address an address of the builder's family
     * @param port 0..65535 (ignored by protocols without ports)
     * @return this
     * @throws IllegalArgumentException when the address is not of the builder's family
     */
    public PacketBuilder src(String address, int port) {
        parseAddress(address, source);
        sourcePort = port;
        return this;
    }

    /**
     * Sets the destination address and port.
     *
     * @param address an address of the builder's family
     * @param port 0..65535 (ignored by protocols without ports)
     * @return this
     * @throws IllegalArgumentException when the address is not of the builder's family
     */
    public PacketBuilder dst(String address, int port) {
        parseAddress(address, destination);
        destinationPort = port;
        return this;
    }

    /**
     * Sets the source address.
     *
     * @param address an address of the builder's family
     * @return this
     */
    public PacketBuilder src(String address) {
        parseAddress(address, source);
        return this;
    }

    /**
     * Sets the destination address.
     *
     * @param address an address of the builder's family
     * @return this
     */
    public PacketBuilder dst(String address) {
        parseAddress(address, destination);
        return this;
    }

    /**
     * Sets the source MAC address.
     *
     * @param address for example {@code "02:00:00:00:00:0a"}
     * @return this
     */
    public PacketBuilder srcMac(String address) {
        sourceMac = MacAddress.parse(address);
        return this;
    }

    /**
     * Sets the destination MAC address.
     *
     * @param address for example {@code "02:00:00:00:00:0b"}
     * @return this
     */
    public PacketBuilder dstMac(String address) {
        destinationMac = MacAddress.parse(address);
        return this;
    }

    /**
     * Adds a VLAN tag. The first call adds the outer tag; a second call makes the frame QinQ (outer
     * TPID 0x88A8, inner 0x8100). More than two tags are allowed for negative tests.
     *
     * @param vlanId 0..4095
     * @return this
     */
    public PacketBuilder vlan(int vlanId) {
        vlans = Arrays.copyOf(vlans, vlans.length + 1);
        vlans[vlans.length - 1] = vlanId;
        return this;
    }

    /**
     * Builds a bare IP packet, without Ethernet header.
     *
     * @return this
     */
    public PacketBuilder noEthernet() {
        ethernet = false;
        return this;
    }

    /**
     * Pads the Ethernet frame with zero bytes to {@link EthernetHeader#MIN_FRAME_LENGTH} bytes when
     * it is shorter, as a NIC does.
     *
     * @return this
     */
    public PacketBuilder padToMinimumFrame() {
        padToMinimumFrame = true;
        return this;
    }

    /**
     * Sets the IPv4 TTL or IPv6 hop limit (64 by default).
     *
     * @param ttl 0..255
     * @return this
     */
    public PacketBuilder ttl(int ttl) {
        this.ttl = ttl;
        return this;
    }

    /**
     * Sets the IPv4 type of service or IPv6 traffic class.
     *
     * @param tos 0..255
     * @return this
     */
    public PacketBuilder tos(int tos) {
        this.tos = tos;
        return this;
    }

    /**
     * Sets the IPv4 identification (16 bits) or the IPv6 fragment header identification (32 bits).
     *
     * @param identification the value
     * @return this
     */
    public PacketBuilder identification(int identification) {
        this.identification = identification;
        return this;
    }

    /**
     * Sets the IPv6 flow label.
     *
     * @param flowLabel 20 bits
     * @return this
     */
    public PacketBuilder flowLabel(int flowLabel) {
        this.flowLabel = flowLabel;
        return this;
    }

    /**
     * Sets the IPv4 "don't fragment" flag.
     *
     * @return this
     */
    public PacketBuilder dontFragment() {
        dontFragment = true;
        return this;
    }

    /**
     * Makes the packet a fragment: IPv4 flags and offset, or an IPv6 fragment header added at this
     * point of the extension header chain.
     *
     * @param offsetBytes the fragment offset in bytes, a multiple of 8
     * @param more the "more fragments" flag
     * @return this
     */
    public PacketBuilder fragment(int offsetBytes, boolean more) {
        if ((offsetBytes & 7) != 0 || offsetBytes < 0 || offsetBytes > 0xFFF8) {
            throw new IllegalArgumentException("fragment offset must be a multiple of 8 in 0..65528: " + offsetBytes);
        }
        fragment = true;
        fragmentOffset = offsetBytes;
        moreFragments = more;
        if (family == AddressFamily.IPV6) {
            addExtensionHeader(Ipv6ExtensionWalker.FRAGMENT);
        }
        return this;
    }

    /**
     * Sets IPv4 options; they are padded with zero bytes (End of Options) to a multiple of 4.
     *
     * @param options at most 40 bytes
     * @return this
     */
    public PacketBuilder ipv4Options(byte[] options) {
        requireFamily(AddressFamily.IPV4);
        if (options.length > Ipv4Header.MAX_LENGTH - Ipv4Header.MIN_LENGTH) {
            throw new IllegalArgumentException("IPv4 options are at most 40 bytes: " + options.length);
        }
        ipv4Options = Arrays.copyOf(options, (options.length + 3) & ~3);
        return this;
    }

    /**
     * Adds an IPv6 extension header: hop-by-hop or destination options (8 bytes of padding
     * options), routing (8 bytes, type 253, no segments left) or authentication (16 bytes, zero SPI
     * and ICV).
     *
     * @param type {@link Ipv6ExtensionWalker#HOP_BY_HOP}, {@link Ipv6ExtensionWalker#ROUTING},
     *     {@link Ipv6ExtensionWalker#DESTINATION_OPTIONS} or {@link Ipv6ExtensionWalker#AUTHENTICATION}
     * @return this
     */
    public PacketBuilder extensionHeader(int type) {
        requireFamily(AddressFamily.IPV6);
        if (type != Ipv6ExtensionWalker.HOP_BY_HOP && type != Ipv6ExtensionWalker.ROUTING
                && type != Ipv6ExtensionWalker.DESTINATION_OPTIONS && type != Ipv6ExtensionWalker.AUTHENTICATION) {
            throw new IllegalArgumentException("not an extension header this builder writes: " + type
                    + " (use fragment() for a fragment header)");
        }
        addExtensionHeader(type);
        return this;
    }

    /**
     * Sets the TCP flags (ACK by default).
     *
     * @param flags see {@link TcpFlags}
     * @return this
     */
    public PacketBuilder flags(int flags) {
        tcpFlags = flags;
        return this;
    }

    /**
     * Sets the TCP sequence number.
     *
     * @param sequence unsigned 32 bits
     * @return this
     */
    public PacketBuilder seq(int sequence) {
        this.sequence = sequence;
        return this;
    }

    /**
     * Sets the TCP acknowledgment number.
     *
     * @param acknowledgment unsigned 32 bits
     * @return this
     */
    public PacketBuilder ack(int acknowledgment) {
        this.acknowledgment = acknowledgment;
        return this;
    }

    /**
     * Sets the TCP window (65535 by default).
     *
     * @param window 0..65535
     * @return this
     */
    public PacketBuilder window(int window) {
        this.window = window;
        return this;
    }

    /**
     * Adds the TCP MSS option.
     *
     * @param mss in bytes
     * @return this
     */
    public PacketBuilder mss(int mss) {
        this.mss = mss;
        return this;
    }

    /**
     * Adds the TCP window scale option.
     *
     * @param shift 0..14
     * @return this
     */
    public PacketBuilder windowScale(int shift) {
        this.windowScale = shift;
        return this;
    }

    /**
     * Adds the TCP SACK-permitted option.
     *
     * @return this
     */
    public PacketBuilder sackPermitted() {
        this.sackPermitted = true;
        return this;
    }

    /**
     * Adds the TCP timestamps option.
     *
     * @param value TSval
     * @param echoReply TSecr
     * @return this
     */
    public PacketBuilder timestamps(int value, int echoReply) {
        this.timestamps = true;
        this.timestampValue = value;
        this.timestampEchoReply = echoReply;
        return this;
    }

    /**
     * Adds a block to the TCP SACK option.
     *
     * @param left the first sequence number of the block
     * @param right the sequence number after the block
     * @return this
     */
    public PacketBuilder sackBlock(int left, int right) {
        sackBlocks = Arrays.copyOf(sackBlocks, sackBlocks.length + 2);
        sackBlocks[sackBlocks.length - 2] = left;
        sackBlocks[sackBlocks.length - 1] = right;
        return this;
    }

    /**
     * Sends UDP over IPv4 without checksum (the field is 0).
     *
     * @return this
     */
    public PacketBuilder noUdpChecksum() {
        udpChecksum = false;
        return this;
    }

    /**
     * Sets the ICMP type and code.
     *
     * @param type see {@link IcmpHeader}
     * @param code the code
     * @return this
     */
    public PacketBuilder icmpType(int type, int code) {
        icmpType = type;
        icmpCode = code;
        return this;
    }

    /**
     * Makes the message an echo request with an identifier and sequence number.
     *
     * @param identifier 0..65535
     * @param sequence 0..65535
     * @return this
     */
    public PacketBuilder icmpEcho(int identifier, int sequence) {
        icmpType = family == AddressFamily.IPV4 ? IcmpHeader.V4_ECHO_REQUEST : IcmpHeader.V6_ECHO_REQUEST;
        icmpCode = 0;
        icmpRestOfHeader = (identifier << 16) | (sequence & 0xFFFF);
        return this;
    }

    /**
     * Makes the message an error that quotes another packet (its IP header onwards, up to the quote
     * limit). The rest of header becomes 0; set it after this call with {@link #mtu(int)} when the
     * type needs one.
     *
     * @param type for example {@link IcmpHeader#V4_DESTINATION_UNREACHABLE}
     * @param code the code
     * @param original the packet that caused the error (its Ethernet settings are ignored)
     * @return this
     */
    public PacketBuilder icmpError(int type, int code, PacketBuilder original) {
        icmpType = type;
        icmpCode = code;
        icmpRestOfHeader = 0;
        quoted = original;
        return this;
    }

    /**
     * Limits how many bytes of the original packet an error quotes.
     *
     * @param bytes the most bytes quoted (the default stays within 576 bytes for IPv4 and 1280 for IPv6)
     * @return this
     */
    public PacketBuilder quoteLimit(int bytes) {
        quoteLimit = bytes;
        return this;
    }

    /**
     * Sets the MTU of an ICMPv4 "fragmentation needed" (16 bits at offset 6) or an ICMPv6 "packet too
     * big" (32 bits at offset 4).
     *
     * @param mtu in bytes
     * @return this
     */
    public PacketBuilder mtu(int mtu) {
        icmpRestOfHeader = family == AddressFamily.IPV4 ? (mtu & 0xFFFF) : mtu;
        return this;
    }

    /**
     * Sets the payload: application data after the transport header (echo data for ICMP, the whole
     * upper-layer content for {@link #ip4(int)} and {@link #ip6(int)}).
     *
     * @param bytes the payload, copied
     * @return this
     */
    public PacketBuilder payload(byte[] bytes) {
        payload = bytes.clone();
        return this;
    }

    /**
     * Sets the payload to the UTF-8 bytes of a text.
     *
     * @param text for example {@code "GET / HTTP/1.1\r\n\r\n"}
     * @return this
     */
    public PacketBuilder payload(String text) {
        payload = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** {@return the frame length in bytes that {@link #build()} produces} */
    public int length() {
        int length = linkHeaderLength() + ipLength();
        return padToMinimumFrame && ethernet ? Math.max(length, EthernetHeader.MIN_FRAME_LENGTH) : length;
    }

    /** {@return a new array holding the frame} */
    public byte[] build() {
        byte[] frame = new byte[length()];
        buildInto(MemorySegment.ofArray(frame), 0);
        return frame;
    }

    /**
     * Writes the frame into memory.
     *
     * @param segment where to write; {@link #length()} bytes from {@code offset} must fit
     * @param offset the byte offset of the first byte of the frame
     * @return the number of bytes written
     */
    public int buildInto(MemorySegment segment, long offset) {
        int length = length();
        segment.asSlice(offset, length).fill((byte) 0);
        long position = offset;
        if (ethernet) {
            new EthernetHeader().wrap(segment, offset).destination(destinationMac).source(sourceMac);
            position += EthernetHeader.ETHER_TYPE_OFFSET;
            for (int i = 0; i < vlans.length; i++) {
                int tpid = (i == 0 && vlans.length > 1) ? EtherType.QINQ : EtherType.VLAN;
                new VlanTag().wrap(segment, position).tpid(tpid).vlanId(vlans[i]);
                position += VlanTag.LENGTH;
            }
            BigEndian.putShort(segment, position, family == AddressFamily.IPV4 ? EtherType.IPV4 : EtherType.IPV6);
            position += 2;
        }
        writeIp(segment, position);
        return length;
    }

    private int linkHeaderLength() {
        return ethernet ? EthernetHeader.LENGTH + VlanTag.LENGTH * vlans.length : 0;
    }

    private boolean hasTransportHeader() {
        return !(fragment && fragmentOffset != 0);
    }

    private int ipHeaderLength() {
        if (family == AddressFamily.IPV4) {
            return Ipv4Header.MIN_LENGTH + ipv4Options.length;
        }
        int length = Ipv6Header.LENGTH;
        for (int type : extensionHeaders) {
            length += type == Ipv6ExtensionWalker.AUTHENTICATION ? AUTHENTICATION_HEADER_LENGTH : OPTION_HEADER_LENGTH;
        }
        return length;
    }

    private int tcpOptionsLength() {
        int length = 0;
        if (mss >= 0) {
            length += TcpOptionReader.MSS_LENGTH;
        }
        if (sackPermitted) {
            length += TcpOptionReader.SACK_PERMITTED_LENGTH;
        }
        if (timestamps) {
            length += TcpOptionReader.TIMESTAMPS_LENGTH;
        }
        if (windowScale >= 0) {
            length += 1 + TcpOptionReader.WINDOW_SCALE_LENGTH;
        }
        if (sackBlocks.length > 0) {
            length += 2 + 2 + sackBlocks.length * 4;
        }
        int padded = (length + 3) & ~3;
        if (padded > MAX_TCP_OPTIONS_LENGTH) {
            throw new IllegalStateException("TCP options need " + padded + " bytes, at most 40 fit");
        }
        return padded;
    }

    private byte[] quote() {
        byte[] original = quoted.ipBytes();
        return original.length > quoteLimit ? Arrays.copyOf(original, Math.max(0, quoteLimit)) : original;
    }

    private int transportLength() {
        if (!hasTransportHeader()) {
            return payload.length;
        }
        return switch (protocol) {
            case IpProtocol.TCP -> TcpHeader.MIN_LENGTH + tcpOptionsLength() + payload.length;
            case IpProtocol.UDP -> UdpHeader.LENGTH + payload.length;
            case IpProtocol.ICMP, IpProtocol.ICMPV6 ->
                IcmpHeader.LENGTH + (quoted != null ? quote().length : payload.length);
            default -> payload.length;
        };
    }

    private int ipLength() {
        int length = ipHeaderLength() + transportLength();
        if (length > 0xFFFF + (family == AddressFamily.IPV6 ? Ipv6Header.LENGTH : 0)) {
            throw new IllegalStateException("IP packet too long: " + length + " bytes");
        }
        return length;
    }

    private byte[] ipBytes() {
        byte[] bytes = new byte[ipLength()];
        writeIp(MemorySegment.ofArray(bytes), 0);
        return bytes;
    }

    private void writeIp(MemorySegment segment, long l3) {
        int headerLength = ipHeaderLength();
        int l4Length = transportLength();
        long l4 = l3 + headerLength;
        if (family == AddressFamily.IPV4) {
            Ipv4Header ip = new Ipv4Header().wrap(segment, l3)
                    .version(4).ihl(headerLength >>> 2).tos(tos)
                    .totalLength(headerLength + l4Length)
                    .identification(identification & 0xFFFF)
                    .flagsAndFragmentOffset((dontFragment ? Ipv4Header.FLAG_DONT_FRAGMENT : 0)
                            | (moreFragments ? Ipv4Header.FLAG_MORE_FRAGMENTS : 0) | (fragmentOffset >>> 3))
                    .ttl(ttl).protocol(protocol)
                    .sourceAddress(source[0]).destinationAddress(destination[0]);
            MemorySegment.copy(ipv4Options, 0, segment, BigEndian.BYTE, l3 + Ipv4Header.OPTIONS_OFFSET,
                    ipv4Options.length);
            ip.updateChecksum();
        } else {
            Ipv6Header ip = new Ipv6Header().wrap(segment, l3)
                    .version(6).trafficClass(tos).flowLabel(flowLabel)
                    .payloadLength(headerLength - Ipv6Header.LENGTH + l4Length)
                    .hopLimit(ttl)
                    .sourceAddress(source[0], source[1], source[2], source[3])
                    .destinationAddress(destination[0], destination[1], destination[2], destination[3]);
            ip.nextHeader(extensionHeaders.length > 0 ? extensionHeaders[0] : protocol);
            writeExtensionHeaders(segment, l3 + Ipv6Header.LENGTH);
        }
        if (!hasTransportHeader()) {
            MemorySegment.copy(payload, 0, segment, BigEndian.BYTE, l4, payload.length);
            return;
        }
        switch (protocol) {
            case IpProtocol.TCP -> writeTcp(segment, l4);
            case IpProtocol.UDP -> new UdpHeader().wrap(segment, l4)
                    .sourcePort(sourcePort).destinationPort(destinationPort).length(l4Length);
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> {
                new IcmpHeader().wrap(segment, l4).type(icmpType).code(icmpCode).restOfHeader(icmpRestOfHeader);
                byte[] data = quoted != null ? quote() : payload;
                MemorySegment.copy(data, 0, segment, BigEndian.BYTE, l4 + IcmpHeader.LENGTH, data.length);
            }
            default -> MemorySegment.copy(payload, 0, segment, BigEndian.BYTE, l4, payload.length);
        }
        if (protocol == IpProtocol.UDP) {
            MemorySegment.copy(payload, 0, segment, BigEndian.BYTE, l4 + UdpHeader.LENGTH, payload.length);
            if (!udpChecksum && family == AddressFamily.IPV4) {
                return;
            }
        }
        InternetChecksum.updateTransportChecksum(segment, l3, family, protocol, l4, l4Length);
    }

    private void writeExtensionHeaders(MemorySegment segment, long position) {
        for (int i = 0; i < extensionHeaders.length; i++) {
            int type = extensionHeaders[i];
            int next = i + 1 < extensionHeaders.length ? extensionHeaders[i + 1] : protocol;
            BigEndian.putByte(segment, position, next);
            switch (type) {
                case Ipv6ExtensionWalker.FRAGMENT -> {
                    BigEndian.putShort(segment, position + 2, fragmentOffset | (moreFragments ? 1 : 0));
                    BigEndian.putInt(segment, position + 4, identification);
                    position += Ipv6ExtensionWalker.FRAGMENT_HEADER_LENGTH;
                }
                case Ipv6ExtensionWalker.AUTHENTICATION -> {
                    BigEndian.putByte(segment, position + 1, AUTHENTICATION_HEADER_LENGTH / 4 - 2);
                    position += AUTHENTICATION_HEADER_LENGTH;
                }
                case Ipv6ExtensionWalker.ROUTING -> {
                    BigEndian.putByte(segment, position + 2, EXPERIMENTAL_ROUTING_TYPE);
                    position += OPTION_HEADER_LENGTH;
                }
                default -> {
                    BigEndian.putByte(segment, position + 2, 1);
                    BigEndian.putByte(segment, position + 3, 4);
                    position += OPTION_HEADER_LENGTH;
                }
            }
        }
    }

    private void writeTcp(MemorySegment segment, long l4) {
        int optionsLength = tcpOptionsLength();
        new TcpHeader().wrap(segment, l4)
                .sourcePort(sourcePort).destinationPort(destinationPort)
                .sequenceNumber(sequence).acknowledgmentNumber(acknowledgment)
                .dataOffset((TcpHeader.MIN_LENGTH + optionsLength) >>> 2)
                .flags(tcpFlags).window(window);
        long p = l4 + TcpHeader.OPTIONS_OFFSET;
        if (mss >= 0) {
            BigEndian.putByte(segment, p, TcpOptionReader.MSS);
            BigEndian.putByte(segment, p + 1, TcpOptionReader.MSS_LENGTH);
            BigEndian.putShort(segment, p + 2, mss);
            p += TcpOptionReader.MSS_LENGTH;
        }
        if (sackPermitted) {
            BigEndian.putByte(segment, p, TcpOptionReader.SACK_PERMITTED);
            BigEndian.putByte(segment, p + 1, TcpOptionReader.SACK_PERMITTED_LENGTH);
            p += TcpOptionReader.SACK_PERMITTED_LENGTH;
        }
        if (timestamps) {
            BigEndian.putByte(segment, p, TcpOptionReader.TIMESTAMPS);
            BigEndian.putByte(segment, p + 1, TcpOptionReader.TIMESTAMPS_LENGTH);
            BigEndian.putInt(segment, p + 2, timestampValue);
            BigEndian.putInt(segment, p + 6, timestampEchoReply);
            p += TcpOptionReader.TIMESTAMPS_LENGTH;
        }
        if (windowScale >= 0) {
            BigEndian.putByte(segment, p, TcpOptionReader.NOP);
            BigEndian.putByte(segment, p + 1, TcpOptionReader.WINDOW_SCALE);
            BigEndian.putByte(segment, p + 2, TcpOptionReader.WINDOW_SCALE_LENGTH);
            BigEndian.putByte(segment, p + 3, windowScale);
            p += 1 + TcpOptionReader.WINDOW_SCALE_LENGTH;
        }
        if (sackBlocks.length > 0) {
            BigEndian.putByte(segment, p, TcpOptionReader.NOP);
            BigEndian.putByte(segment, p + 1, TcpOptionReader.NOP);
            BigEndian.putByte(segment, p + 2, TcpOptionReader.SACK);
            BigEndian.putByte(segment, p + 3, 2 + sackBlocks.length * 4);
            p += 4;
            for (int edge : sackBlocks) {
                BigEndian.putInt(segment, p, edge);
                p += 4;
            }
        }
        MemorySegment.copy(payload, 0, segment, BigEndian.BYTE, l4 + TcpHeader.MIN_LENGTH + optionsLength,
                payload.length);
    }

    private void addExtensionHeader(int type) {
        extensionHeaders = Arrays.copyOf(extensionHeaders, extensionHeaders.length + 1);
        extensionHeaders[extensionHeaders.length - 1] = type;
    }

    private void parseAddress(String address, int[] words) {
        if (family == AddressFamily.IPV4) {
            words[0] = Ipv4Address.parse(address);
        } else {
            Ipv6Address.parse(address, words);
        }
    }

    private void requireFamily(int wanted) {
        if (family != wanted) {
            throw new IllegalStateException("only for IPv" + wanted + " packets");
        }
    }
}
