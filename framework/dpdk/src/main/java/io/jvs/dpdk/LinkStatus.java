package io.jvs.dpdk;

/**
 * A port's link as {@code rte_eth_link_get_nowait} reports it.
 *
 * @param up the link is up
 * @param speedMbps the speed, megabits per second (0 when unknown)
 * @param fullDuplex full duplex
 * @param autoNegotiated the speed was negotiated
 */
public record LinkStatus(boolean up, int speedMbps, boolean fullDuplex, boolean autoNegotiated) {

    /** {@code sizeof(struct rte_eth_link)}, bytes. */
    static final int SIZE = 8;

    /**
     * Decodes a {@code struct rte_eth_link}: {@code uint32_t link_speed} then a {@code uint16_t} with
     * the bit fields duplex (bit 0), autoneg (bit 1) and status (bit 2).
     *
     * @param speed the speed word
     * @param bits the bit-field word
     * @return the status
     */
    static LinkStatus decode(int speed, int bits) {
        return new LinkStatus((bits & 4) != 0, speed, (bits & 1) != 0, (bits & 2) != 0);
    }
}
