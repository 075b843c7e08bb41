package io.jvs.engine.packet;

/** EtherType values (IEEE 802 numbers) of the frames jvs parses. */
public final class EtherType {
    /** IPv4 (0x0800). */
    public static final int IPV4 = 0x0800;
    /** ARP (0x0806). */
    public static final int ARP = 0x0806;
    /** IEEE 802.1Q customer VLAN tag (0x8100). */
    public static final int VLAN = 0x8100;
    /** IEEE 802.1ad service VLAN tag, the outer tag of "QinQ" (0x88A8). */
    public static final int QINQ = 0x88A8;
    /** Pre-standard QinQ outer tag still sent by some switches (0x9100). */
    public static final int QINQ_LEGACY = 0x9100;
    /** IPv6 (0x86DD). */
    public static final int IPV6 = 0x86DD;
    /** Values below this are IEEE 802.3 length fields, not EtherTypes (0x0600). */
    public static final int MIN_ETHER_TYPE = 0x0600;

    private EtherType() {
    }

    /**
     * Tells whether a type field announces a VLAN tag (802.1Q, 802.1ad or legacy QinQ).
     *
     * @param etherType the 16-bit type field
     * @return true for a tag protocol identifier
     */
    public static boolean isVlanTag(int etherType) {
        return etherType == VLAN || etherType == QINQ || etherType == QINQ_LEGACY;
    }
}
