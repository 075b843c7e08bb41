package io.jvs.testkit;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.PacketView;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The first packet of a flow, for scheduler tests: an IPv4 5-tuple and a payload held in a heap
 * segment.
 *
 * <pre>{@code
 * PacketView syn = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);
 * PacketView hello = FakePacket.udp("198.51.100.9", 5000, "203.0.113.1", 53).payload(bytes);
 * }</pre>
 */
public final class FakePacket implements PacketView {

    private final int protocol;
    private final int sourceAddress;
    private final int sourcePort;
    private final int destinationAddress;
    private final int destinationPort;
    private final byte[] payload;
    private final MemorySegment payloadSegment;
    private final int firewallMark;

    private FakePacket(int protocol, int sourceAddress, int sourcePort, int destinationAddress, int destinationPort,
            byte[] payload, int firewallMark) {
        this.protocol = protocol;
        this.sourceAddress = sourceAddress;
        this.sourcePort = sourcePort;
        this.destinationAddress = destinationAddress;
        this.destinationPort = destinationPort;
        this.payload = payload;
        this.payloadSegment = MemorySegment.ofArray(payload);
        this.firewallMark = firewallMark;
    }

    /**
     * Creates a TCP packet without payload.
     *
     * @param source the client's IPv4 literal
     * @param sourcePort the client's port
     * @param destination the virtual IPv4 literal
     * @param destinationPort the virtual port
     * @return the packet
     */
    public static FakePacket tcp(String source, int sourcePort, String destination, int destinationPort) {
        return new FakePacket(IpProtocol.TCP, ipv4Word(source), sourcePort, ipv4Word(destination), destinationPort,
                new byte[0], 0);
    }

    /**
     * Creates a UDP packet without payload.
     *
     * @param source the client's IPv4 literal
     * @param sourcePort the client's port
     * @param destination the virtual IPv4 literal
     * @param destinationPort the virtual port
     * @return the packet
     */
    public static FakePacket udp(String source, int sourcePort, String destination, int destinationPort) {
        return new FakePacket(IpProtocol.UDP, ipv4Word(source), sourcePort, ipv4Word(destination), destinationPort,
                new byte[0], 0);
    }

    /**
     * Returns a copy of this packet that carries a payload.
     *
     * @param bytes the payload (copied)
     * @return the new packet
     */
    public FakePacket payload(byte[] bytes) {
        return new FakePacket(protocol, sourceAddress, sourcePort, destinationAddress, destinationPort,
                Arrays.copyOf(bytes, bytes.length), firewallMark);
    }

    /**
     * Returns a copy of this packet that carries a firewall mark.
     *
     * @param mark the mark
     * @return the new packet
     */
    public FakePacket firewallMark(int mark) {
        return new FakePacket(protocol, sourceAddress, sourcePort, destinationAddress, destinationPort, payload, mark);
    }

    /**
     * Converts a dotted IPv4 literal to its big-endian 32-bit word.
     *
     * @param literal e.g. {@code "10.0.0.1"}
     * @return the word, e.g. {@code 0x0A000001}
     * @throws IllegalArgumentException when the literal is not four decimal octets
     */
    public static int ipv4Word(String literal) {
        String[] parts = literal.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 literal: " + literal);
        }
        int word = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 literal: " + literal, e);
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 literal: " + literal);
            }
            word = (word << 8) | octet;
        }
        return word;
    }

    @Override
    public int family() {
        return AddressFamily.IPV4;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public int sourceAddressWord(int index) {
        checkWord(index);
        return sourceAddress;
    }

    @Override
    public int destinationAddressWord(int index) {
        checkWord(index);
        return destinationAddress;
    }

    @Override
    public int sourcePort() {
        return sourcePort;
    }

    @Override
    public int destinationPort() {
        return destinationPort;
    }

    @Override
    public int firewallMark() {
        return firewallMark;
    }

    @Override
    public int payloadLength() {
        return payload.length;
    }

    @Override
    public byte payloadByte(int index) {
        return payload[index];
    }

    @Override
    public MemorySegment payloadSegment() {
        return payloadSegment;
    }

    @Override
    public long payloadOffset() {
        return 0;
    }

    static void checkWord(int index) {
        if (index != 0) {
            throw new IndexOutOfBoundsException("an IPv4 address has one word: " + index);
        }
    }
}
