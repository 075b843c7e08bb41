package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an ARP packet (RFC 826) for Ethernet and IPv4, the only combination jvs answers.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Hardware type (1)           |   Protocol type (0x0800)      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | HW len (6)    | Proto len (4) |   Operation (1 req, 2 reply)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Sender hardware address (6 bytes)             |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               | Sender protocol address (4)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                 Target hardware address (6 bytes)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Target protocol address (4 bytes)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p><b>Not thread-safe.</b>
 */
public final class ArpPacket {
    /** Offset of the hardware type. */
    public static final int HARDWARE_TYPE_OFFSET = 0;
    /** Offset of the protocol type. */
    public static final int PROTOCOL_TYPE_OFFSET = 2;
    /** Offset of the hardware address length. */
    public static final int HARDWARE_LENGTH_OFFSET = 4;
    /** Offset of the protocol address length. */
    public static final int PROTOCOL_LENGTH_OFFSET = 5;
    /** Offset of the operation. */
    public static final int OPERATION_OFFSET = 6;
    /** Offset of the sender hardware address. */
    public static final int SENDER_HARDWARE_ADDRESS_OFFSET = 8;
    /** Offset of the sender protocol address. */
    public static final int SENDER_PROTOCOL_ADDRESS_OFFSET = 14;
    /** Offset of the target hardware address. */
    public static final int TARGET_HARDWARE_ADDRESS_OFFSET = 18;
    /** Offset of the target protocol address. */
    public static final int TARGET_PROTOCOL_ADDRESS_OFFSET = 24;
    /** Length of an Ethernet/IPv4 ARP packet in bytes. */
    public static final int LENGTH = 28;
    /** Hardware type of Ethernet. */
    public static final int HARDWARE_TYPE_ETHERNET = 1;
    /** Operation: request. */
    public static final int OPERATION_REQUEST = 1;
    /** Operation: reply. */
    public static final int OPERATION_REPLY = 2;

    private MemorySegment segment;
    private long offset;

    /** Creates an unwrapped flyweight: call {@link #wrap} before any other method. */
    public ArpPacket() {
    }

    /**
     * Points this flyweight at an ARP packet.
     *
     * @param segment the memory holding the frame
     * @param offset the byte offset of the first byte of the ARP packet (after the Ethernet header)
     * @return this
     */
    public ArpPacket wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /** {@return the wrapped segment} */
    public MemorySegment segment() {
        return segment;
    }

    /** {@return the byte offset of the ARP packet within the segment} */
    public long offset() {
        return offset;
    }

    /** {@return the hardware type, 1 for Ethernet} */
    public int hardwareType() {
        return BigEndian.getUnsignedShort(segment, offset + HARDWARE_TYPE_OFFSET);
    }

    /**
     * Sets the hardware type.
     *
     * @param type 1 for Ethernet
     * @return this
     */
    public ArpPacket hardwareType(int type) {
        BigEndian.putShort(segment, offset + HARDWARE_TYPE_OFFSET, type);
        return this;
    }

    /** {@return the protocol type, an EtherType ({@link EtherType#IPV4})} */
    public int protocolType() {
        return BigEndian.getUnsignedShort(segment, offset + PROTOCOL_TYPE_OFFSET);
    }

    /**
     * Sets the protocol type.
     *
     * @param type an EtherType
     * @return this
     */
    public ArpPacket protocolType(int type) {
        BigEndian.putShort(segment, offset + PROTOCOL_TYPE_OFFSET, type);
        return this;
    }

    /** {@return the hardware address length in bytes (6 for Ethernet)} */
    public int hardwareLength() {
        return BigEndian.getUnsignedByte(segment, offset + HARDWARE_LENGTH_OFFSET);
    }

    /**
     * Sets the hardware address length.
     *
     * @param length in bytes
     * @return this
     */
    public ArpPacket hardwareLength(int length) {
        BigEndian.putByte(segment, offset + HARDWARE_LENGTH_OFFSET, length);
        return this;
    }

    /** {@return the protocol address length in bytes (4 for IPv4)} */
    public int protocolLength() {
        return BigEndian.getUnsignedByte(segment, offset + PROTOCOL_LENGTH_OFFSET);
    }

    /**
     * Sets the protocol address length.
     *
     * @param length in bytes
     * @return this
     */
    public ArpPacket protocolLength(int length) {
        BigEndian.putByte(segment, offset + PROTOCOL_LENGTH_OFFSET, length);
        return this;
    }

    /** {@return the operation, {@link #OPERATION_REQUEST} or {@link #OPERATION_REPLY}} */
    public int operation() {
        return BigEndian.getUnsignedShort(segment, offset + OPERATION_OFFSET);
    }

    /**
     * Sets the operation.
     *
     * @param operation {@link #OPERATION_REQUEST} or {@link #OPERATION_REPLY}
     * @return this
     */
    public ArpPacket operation(int operation) {
        BigEndian.putShort(segment, offset + OPERATION_OFFSET, operation);
        return this;
    }

    /** {@return the sender hardware address in the low 48 bits} */
    public long senderHardwareAddress() {
        return MacAddress.read(segment, offset + SENDER_HARDWARE_ADDRESS_OFFSET);
    }

    /**
     * Sets the sender hardware address.
     *
     * @param address in the low 48 bits
     * @return this
     */
    public ArpPacket senderHardwareAddress(long address) {
        MacAddress.write(segment, offset + SENDER_HARDWARE_ADDRESS_OFFSET, address);
        return this;
    }

    /** {@return the sender IPv4 address} */
    public int senderProtocolAddress() {
        return BigEndian.getInt(segment, offset + SENDER_PROTOCOL_ADDRESS_OFFSET);
    }

    /**
     * Sets the sender IPv4 address.
     *
     * @param address see {@link Ipv4Address}
     * @return this
     */
    public ArpPacket senderProtocolAddress(int address) {
        BigEndian.putInt(segment, offset + SENDER_PROTOCOL_ADDRESS_OFFSET, address);
        return this;
    }

    /** {@return the target hardware address in the low 48 bits (zero in a request)} */
    public long targetHardwareAddress() {
        return MacAddress.read(segment, offset + TARGET_HARDWARE_ADDRESS_OFFSET);
    }

    /**
     * Sets the target hardware address.
     *
     * @param address in the low 48 bits
     * @return this
     */
    public ArpPacket targetHardwareAddress(long address) {
        MacAddress.write(segment, offset + TARGET_HARDWARE_ADDRESS_OFFSET, address);
        return this;
    }

    /** {@return the target IPv4 address} */
    public int targetProtocolAddress() {
        return BigEndian.getInt(segment, offset + TARGET_PROTOCOL_ADDRESS_OFFSET);
    }

    /**
     * Sets the target IPv4 address.
     *
     * @param address see {@link Ipv4Address}
     * @return this
     */
    public ArpPacket targetProtocolAddress(int address) {
        BigEndian.putInt(segment, offset + TARGET_PROTOCOL_ADDRESS_OFFSET, address);
        return this;
    }

    /**
     * Tells whether this is an Ethernet/IPv4 ARP packet: hardware type 1, protocol type 0x0800,
     * lengths 6 and 4.
     *
     * @return true when the fixed fields match
     */
    public boolean isEthernetIpv4() {
        return hardwareType() == HARDWARE_TYPE_ETHERNET && protocolType() == EtherType.IPV4
                && hardwareLength() == 6 && protocolLength() == 4;
    }
}
