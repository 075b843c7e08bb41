package io.jvs.dpdk;

/**
 * A port's basic counters as the driver keeps them ({@code struct rte_eth_stats}), read at one moment.
 *
 * @param receivedPackets packets received ({@code ipackets})
 * @param transmittedPackets packets sent ({@code opackets})
 * @param receivedBytes bytes received ({@code ibytes})
 * @param transmittedBytes bytes sent ({@code obytes})
 * @param missed packets the hardware dropped because RX queues were full ({@code imissed})
 * @param receiveErrors erroneous received packets ({@code ierrors})
 * @param transmitErrors failed transmissions ({@code oerrors})
 * @param noMbufs RX mbuf allocation failures ({@code rx_nombuf})
 */
public record PortStatistics(long receivedPackets, long transmittedPackets, long receivedBytes,
        long transmittedBytes, long missed, long receiveErrors, long transmitErrors, long noMbufs) {

    /** {@code sizeof(struct rte_eth_stats)} in DPDK 22.11 (16 per-queue counters), bytes. */
    static final int SIZE = 704;
}
