package io.jvs.testkit;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.PacketView;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The first packet of a flow, for scheduler tests: a 5-tuple (IPv4 or IPv6) and a payload held in a
 * heap segment. Immutable; build the packets a test needs before a measured loop, since every
 * factory method allocates.
 *
 * <pre>{@code
 * PacketView syn = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);
 * PacketView hello = FakePacket.udp("198.51.100.9", 5000, "203.0.113.1", 53).payload(bytes);
 * PacketView v6 = FakePacket.of(IpProtocol.SCTP, "2001:db8::9", 5000, "2001:db8::1", 80);
 * }</pre>
 */
public final class FakePacket implements PacketView {

    private final int family;
    private final int protocol;
    private final int[] sourceAddress;
    private final int sourcePort;
    private final int[] destinationAddress;
    private final int destinationPort;
    private final byte[] payload;
    private final MemorySegment payloadSegment;
    private final int firewallMark;

    private FakePacket(int protocol, int[] sourceAddress, int sourcePort, int[] destinationAddress,
            int destinationPort, byte[] payload, int firewallMark) {
        if (sourceAddress.length != destinationAddress.length) {
            throw new IllegalArgumentException("source and destination must be of the same address family");
        }
        this.family = sourceAddress.length == 1 ? AddressFamily.IPV4 : AddressFamily.IPV6;
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
     * Creates a packet of any protocol without payload, IPv4 or IPv6.
     *
     * @param protocol an IANA protocol number, see {@link IpProtocol}
     * @param source the client's address literal, IPv4 or IPv6
     * @param sourcePort the client's port, 0 for protocols without ports
     * @param destination the virtual address literal, of the same family as {@code source}
     * @param destinationPort the virtual port
     * @return the packet
     * @throws IllegalArgumentException when a literal is malformed or the families differ
     */
    public static FakePacket of(int protocol, String source, int sourcePort, String destination,
            int destinationPort) {
        return new FakePacket(protocol, addressWords(source), sourcePort, addressWords(destination),
                destinationPort, new byte[0], 0);
    }

    /**
     * Creates a TCP packet without payload.
     *
     * @param source the client's address literal (IPv4 or IPv6)
     * @param sourcePort the client's port
     * @param destination the virtual address literal, same family
     * @param destinationPort the virtual port
     * @return the packet
     */
    public static FakePacket tcp(String source, int sourcePort, String destination, int destinationPort) {
        return of(IpProtocol.TCP, source, sourcePort, destination, destinationPort);
    }

    /**
     * Creates a UDP packet without payload.
     *
     * @param source the client's address literal (IPv4 or IPv6)
     * @param sourcePort the client's port
     * @param destination the virtual address literal, same family
     * @param destinationPort the virtual port
     * @return the packet
     */
    public static FakePacket udp(String source, int sourcePort, String destination, int destinationPort) {
        return of(IpProtocol.UDP, source, sourcePort, destination, destinationPort);
    }

    /**
     * Creates an IPv4 TCP packet from address words, without parsing text: handy for generating many
     * packets from random numbers.
     *
     * @param sourceWord the client's address as a big-endian word, e.g. {@code 0x0A000001}
     * @param sourcePort the client's port
     * @param destinationWord the virtual address as a big-endian word
     * @param destinationPort the virtual port
     * @return the packet
     */
    public static FakePacket tcp(int sourceWord, int sourcePort, int destinationWord, int destinationPort) {
        return new FakePacket(IpProtocol.TCP, new int[] {sourceWord}, sourcePort, new int[] {destinationWord},
                destinationPort, new byte[0], 0);
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

    /**
     * Converts an IPv4 or IPv6 literal to big-endian 32-bit words.
     *
     * @param literal e.g. {@code "10.0.0.1"} (one word) or {@code "2001:db8::1"} (four words)
     * @return a new array of one or four words
     * @throws IllegalArgumentException when the text is not an address literal
     */
    public static int[] addressWords(String literal) {
        if (!literal.contains(":")) {
            return new int[] {ipv4Word(literal)};
        }
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IPv6 literal: " + literal);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 literal: " + literal, e);
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("not an IPv6 literal: " + literal);
        }
        int[] words = new int[4];
        for (int i = 0; i < 16; i++) {
            words[i / 4] = (words[i / 4] << 8) | (bytes[i] & 0xFF);
        }
        return words;
    }

    @Override
    public int family() {
        return family;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public int sourceAddressWord(int index) {
        return sourceAddress[checkWord(index, sourceAddress.length)];
    }

    @Override
    public int destinationAddressWord(int index) {
        return destinationAddress[checkWord(index, destinationAddress.length)];
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
        checkWord(index, 1);
    }

    private static int checkWord(int index, int words) {
        if (index < 0 || index >= words) {
            throw new IndexOutOfBoundsException(
                    (words == 1 ? "an IPv4 address has one word: " : "an IPv6 address has four words: ") + index);
        }
        return index;
    }
}
