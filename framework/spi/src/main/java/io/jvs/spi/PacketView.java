package io.jvs.spi;

import java.lang.foreign.MemorySegment;

/**
 * A read-only view of the packet (or, in the proxy data plane, of the first bytes of a stream or
 * datagram) that opens a new flow.
 *
 * <p><b>Flyweight:</b> the engine reuses one instance per worker. It is valid only during the call
 * that receives it; never keep a reference to it. All accessors are allocation-free.
 *
 * <p>Addresses are exposed as big-endian 32-bit words (one for IPv4, four for IPv6) and as bytes,
 * so that a scheduler can hash them without creating {@link java.net.InetAddress} objects.
 */
public interface PacketView {

    /**
     * Returns the address family.
     *
     * @return {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     */
    int family();

    /**
     * Returns the transport protocol.
     *
     * @return an IANA protocol number, see {@link IpProtocol}
     */
    int protocol();

    /**
     * Returns one 32-bit word of the source address, in network byte order (word 0 is the first four
     * bytes on the wire).
     *
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word
     */
    int sourceAddressWord(int index);

    /**
     * Returns one 32-bit word of the destination address (the virtual address), in network byte order.
     *
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word
     */
    int destinationAddressWord(int index);

    /**
     * Returns the source port, or 0 for protocols without ports.
     *
     * @return 0..65535
     */
    int sourcePort();

    /**
     * Returns the destination (virtual) port, or 0 for protocols without ports.
     *
     * @return 0..65535
     */
    int destinationPort();

    /**
     * Returns the firewall mark the packet carries, or 0 when it carries none.
     *
     * @return the mark
     */
    int firewallMark();

    /**
     * Returns how many payload bytes (after the transport header) are available to this view. In
     * the packet engine this is the payload of the current packet; in the proxy data plane it is what
     * was peeked, at most {@link Scheduler#payloadBytesNeeded()} unless more arrived at once.
     *
     * @return a count of bytes, 0 when there is no payload
     */
    int payloadLength();

    /**
     * Returns one payload byte.
     *
     * @param index 0 &lt;= index &lt; {@link #payloadLength()}
     * @return the byte
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    byte payloadByte(int index);

    /**
     * Returns the memory that holds the payload, for bulk reads with
     * {@link MemorySegment#get(java.lang.foreign.ValueLayout.OfByte, long)} and friends. Read only
     * {@link #payloadLength()} bytes starting at {@link #payloadOffset()}; never write.
     *
     * @return the segment holding the payload (the whole packet buffer in the packet engine)
     */
    MemorySegment payloadSegment();

    /**
     * Returns the offset of the first payload byte within {@link #payloadSegment()}.
     *
     * @return an offset in bytes
     */
    long payloadOffset();
}
