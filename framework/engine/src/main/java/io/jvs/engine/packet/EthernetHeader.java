package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an Ethernet II header (IEEE 802.3), without VLAN tags (see {@link VlanTag}).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Destination address (6 bytes)                |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                    Source address (6 bytes)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           EtherType           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p><b>Not thread-safe.</b> Reads and writes go straight to the wrapped segment.
 */
public final class EthernetHeader {
    /** Offset of the destination MAC address. */
    public static final int DESTINATION_OFFSET = 0;
    /** Offset of the source MAC address. */
    public static final int SOURCE_OFFSET = 6;
    /** Offset of the EtherType (or the TPID of a first VLAN tag). */
    public static final int ETHER_TYPE_OFFSET = 12;
    /** Header length in bytes. */
    public static final int LENGTH = 14;
    /** Smallest Ethernet frame without its FCS, in bytes: shorter frames are padded to it. */
    public static final int MIN_FRAME_LENGTH = 60;

    private MemorySegment segment;
    private long offset;

    /** Creates an unwrapped flyweight: call {@link #wrap} before any other method. */
    public EthernetHeader() {
    }

    /**
     * Points this flyweight at a header.
     *
     * @param segment the memory holding the frame
     * @param offset the byte offset of the first byte of the header
     * @return this
     */
    public EthernetHeader wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /** {@return the wrapped segment} */
    public MemorySegment segment() {
        return segment;
    }

    /** {@return the byte offset of the header within the segment} */
    public long offset() {
        return offset;
    }

    /** {@return the destination MAC address in the low 48 bits} */
    public long destination() {
        return MacAddress.read(segment, offset + DESTINATION_OFFSET);
    }

    /**
     * Sets the destination MAC address.
     *
     * @param address the address in the low 48 bits
     * @return this
     */
    public EthernetHeader destination(long address) {
        MacAddress.write(segment, offset + DESTINATION_OFFSET, address);
        return this;
    }

    /** {@return the source MAC address in the low 48 bits} */
    public long source() {
        return MacAddress.read(segment, offset + SOURCE_OFFSET);
    }

    /**
     * Sets the source MAC address.
     *
     * @param address the address in the low 48 bits
     * @return this
     */
    public EthernetHeader source(long address) {
        MacAddress.write(segment, offset + SOURCE_OFFSET, address);
        return this;
    }

    /** {@return the EtherType field, 0..65535 (a TPID when a VLAN tag follows)} */
    public int etherType() {
        return BigEndian.getUnsignedShort(segment, offset + ETHER_TYPE_OFFSET);
    }

    /**
     * Sets the EtherType field.
     *
     * @param etherType see {@link EtherType}
     * @return this
     */
    public EthernetHeader etherType(int etherType) {
        BigEndian.putShort(segment, offset + ETHER_TYPE_OFFSET, etherType);
        return this;
    }

    /**
     * Swaps source and destination addresses, as a reply sent back out of the receiving port needs.
     *
     * @return this
     */
    public EthernetHeader swapAddresses() {
        long destination = destination();
        destination(source());
        source(destination);
        return this;
    }
}
