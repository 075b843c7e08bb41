package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an IEEE 802.1Q (customer) or 802.1ad (service, "QinQ" outer) VLAN tag, wrapped at
 * its tag protocol identifier, that is at the place of the EtherType it displaces, together with
 * the type field that follows it.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  TPID (0x8100 or 0x88A8)      | PCP |D|        VLAN ID        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  EtherType of what follows    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p><b>Not thread-safe.</b>
 */
public final class VlanTag {
    /** Offset of the tag protocol identifier. */
    public static final int TPID_OFFSET = 0;
    /** Offset of the tag control information (PCP, DEI, VLAN ID). */
    public static final int TCI_OFFSET = 2;
    /** Offset of the EtherType (or the next TPID) after the tag. */
    public static final int ETHER_TYPE_OFFSET = 4;
    /** Length of the tag itself in bytes (the type field after it belongs to the next layer). */
    public static final int LENGTH = 4;
    /** Largest VLAN identifier (4095 is reserved, 0 means "priority tag only"). */
    public static final int MAX_VLAN_ID = 4095;

    private MemorySegment segment;
    private long offset;

    /** Creates an unwrapped flyweight: call {@link #wrap} before any other method. */
    public VlanTag() {
    }

    /**
     * Points this flyweight at a tag.
     *
     * @param segment the memory holding the frame
     * @param offset the byte offset of the TPID
     * @return this
     */
    public VlanTag wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /** {@return the wrapped segment} */
    public MemorySegment segment() {
        return segment;
    }

    /** {@return the byte offset of the TPID within the segment} */
    public long offset() {
        return offset;
    }

    /** {@return the tag protocol identifier, for example {@link EtherType#VLAN}} */
    public int tpid() {
        return BigEndian.getUnsignedShort(segment, offset + TPID_OFFSET);
    }

    /**
     * Sets the tag protocol identifier.
     *
     * @param tpid {@link EtherType#VLAN} or {@link EtherType#QINQ}
     * @return this
     */
    public VlanTag tpid(int tpid) {
        BigEndian.putShort(segment, offset + TPID_OFFSET, tpid);
        return this;
    }

    /** {@return the tag control information, 16 bits} */
    public int tci() {
        return BigEndian.getUnsignedShort(segment, offset + TCI_OFFSET);
    }

    /**
     * Sets the whole tag control information.
     *
     * @param tci 16 bits: priority (3), drop eligible (1), VLAN ID (12)
     * @return this
     */
    public VlanTag tci(int tci) {
        BigEndian.putShort(segment, offset + TCI_OFFSET, tci);
        return this;
    }

    /** {@return the priority code point, 0..7} */
    public int priority() {
        return tci() >>> 13;
    }

    /**
     * Sets the priority code point.
     *
     * @param priority 0..7
     * @return this
     */
    public VlanTag priority(int priority) {
        return tci((tci() & 0x1FFF) | ((priority & 7) << 13));
    }

    /** {@return the drop eligible indicator} */
    public boolean dropEligible() {
        return (tci() & 0x1000) != 0;
    }

    /**
     * Sets the drop eligible indicator.
     *
     * @param dropEligible the bit
     * @return this
     */
    public VlanTag dropEligible(boolean dropEligible) {
        return tci(dropEligible ? tci() | 0x1000 : tci() & ~0x1000);
    }

    /** {@return the VLAN identifier, 0..4095} */
    public int vlanId() {
        return tci() & 0x0FFF;
    }

    /**
     * Sets the VLAN identifier.
     *
     * @param vlanId 0..4095
     * @return this
     */
    public VlanTag vlanId(int vlanId) {
        return tci((tci() & 0xF000) | (vlanId & 0x0FFF));
    }

    /** {@return the type field after the tag: an EtherType or the TPID of an inner tag} */
    public int etherType() {
        return BigEndian.getUnsignedShort(segment, offset + ETHER_TYPE_OFFSET);
    }

    /**
     * Sets the type field after the tag.
     *
     * @param etherType see {@link EtherType}
     * @return this
     */
    public VlanTag etherType(int etherType) {
        BigEndian.putShort(segment, offset + ETHER_TYPE_OFFSET, etherType);
        return this;
    }
}
