package io.jvs.engine.conn;

import io.jvs.spi.AddressFamily;

/**
 * A mutable 5-tuple (family, protocol, source address and port, destination address and port) used
 * to look up a {@link ConnectionTable}. The caller keeps one instance per worker, fills it from each
 * packet's headers and passes it to {@link ConnectionTable#lookup}; nothing is allocated.
 *
 * <p>Addresses are 32-bit words in network byte order: word 0 is the first four bytes on the wire
 * (the whole address for IPv4). Ports are masked to 16 bits and the protocol to 8 bits.
 *
 * <p><b>Not thread-safe:</b> one instance per thread.
 */
public final class FlowKey {

    int family = AddressFamily.IPV4;
    int protocol;
    final int[] source = new int[4];
    final int[] destination = new int[4];
    int sourcePort;
    int destinationPort;

    /**
     * Sets an IPv4 tuple.
     *
     * @param protocol the IANA protocol
     * @param sourceAddress the source address
     * @param sourcePort the source port
     * @param destinationAddress the destination address
     * @param destinationPort the destination port
     * @return this key
     */
    public FlowKey ipv4(int protocol, int sourceAddress, int sourcePort, int destinationAddress,
            int destinationPort) {
        this.family = AddressFamily.IPV4;
        this.protocol = protocol & 0xff;
        this.source[0] = sourceAddress;
        this.source[1] = 0;
        this.source[2] = 0;
        this.source[3] = 0;
        this.destination[0] = destinationAddress;
        this.destination[1] = 0;
        this.destination[2] = 0;
        this.destination[3] = 0;
        this.sourcePort = sourcePort & 0xffff;
        this.destinationPort = destinationPort & 0xffff;
        return this;
    }

    /**
     * Sets an IPv6 tuple from the addresses' two 64-bit halves (high = first eight bytes on the wire).
     *
     * @param protocol the IANA protocol
     * @param sourceHigh bytes 0..7 of the source address
     * @param sourceLow bytes 8..15 of the source address
     * @param sourcePort the source port
     * @param destinationHigh bytes 0..7 of the destination address
     * @param destinationLow bytes 8..15 of the destination address
     * @param destinationPort the destination port
     * @return this key
     */
    public FlowKey ipv6(int protocol, long sourceHigh, long sourceLow, int sourcePort, long destinationHigh,
            long destinationLow, int destinationPort) {
        this.family = AddressFamily.IPV6;
        this.protocol = protocol & 0xff;
        AddressWords.split(sourceHigh, sourceLow, source);
        AddressWords.split(destinationHigh, destinationLow, destination);
        this.sourcePort = sourcePort & 0xffff;
        this.destinationPort = destinationPort & 0xffff;
        return this;
    }

    /**
     * Sets an IPv6 tuple from address words.
     *
     * @param protocol the IANA protocol
     * @param sourceWords the source address, four words (only the first four elements are read)
     * @param sourcePort the source port
     * @param destinationWords the destination address, four words
     * @param destinationPort the destination port
     * @return this key
     */
    public FlowKey ipv6(int protocol, int[] sourceWords, int sourcePort, int[] destinationWords,
            int destinationPort) {
        this.family = AddressFamily.IPV6;
        this.protocol = protocol & 0xff;
        System.arraycopy(sourceWords, 0, source, 0, 4);
        System.arraycopy(destinationWords, 0, destination, 0, 4);
        this.sourcePort = sourcePort & 0xffff;
        this.destinationPort = destinationPort & 0xffff;
        return this;
    }

    /**
     * Returns the address family.
     *
     * @return {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     */
    public int family() {
        return family;
    }

    /**
     * Returns the protocol.
     *
     * @return 0..255
     */
    public int protocol() {
        return protocol;
    }

    /**
     * Returns one word of the source address.
     *
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word, network byte order
     */
    public int sourceWord(int index) {
        return source[index];
    }

    /**
     * Returns one word of the destination address.
     *
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word, network byte order
     */
    public int destinationWord(int index) {
        return destination[index];
    }

    /**
     * Returns the source port.
     *
     * @return 0..65535
     */
    public int sourcePort() {
        return sourcePort;
    }

    /**
     * Returns the destination port.
     *
     * @return 0..65535
     */
    public int destinationPort() {
        return destinationPort;
    }

    boolean isIpv6() {
        return family == AddressFamily.IPV6;
    }

    @Override
    public String toString() {
        return IpText.tuple(family, protocol, source, sourcePort, destination, destinationPort);
    }

    /**
     * Fills the key from address words, as {@link io.jvs.spi.PacketView} exposes them.
     *
     * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param protocol the protocol number
     * @param s0 source word 0 (the whole IPv4 address)
     * @param s1 source word 1 (0 for IPv4)
     * @param s2 source word 2
     * @param s3 source word 3
     * @param sourcePort the source port
     * @param d0 destination word 0
     * @param d1 destination word 1
     * @param d2 destination word 2
     * @param d3 destination word 3
     * @param destinationPort the destination port
     * @return this key
     */
    public FlowKey set(int family, int protocol, int s0, int s1, int s2, int s3, int sourcePort,
            int d0, int d1, int d2, int d3, int destinationPort) {
        this.family = family;
        this.protocol = protocol & 0xff;
        boolean v6 = family == AddressFamily.IPV6;
        source[0] = s0;
        source[1] = v6 ? s1 : 0;
        source[2] = v6 ? s2 : 0;
        source[3] = v6 ? s3 : 0;
        destination[0] = d0;
        destination[1] = v6 ? d1 : 0;
        destination[2] = v6 ? d2 : 0;
        destination[3] = v6 ? d3 : 0;
        this.sourcePort = sourcePort & 0xffff;
        this.destinationPort = destinationPort & 0xffff;
        return this;
    }
}
