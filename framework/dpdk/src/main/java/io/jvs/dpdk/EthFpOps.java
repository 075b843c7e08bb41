package io.jvs.dpdk;

/**
 * Field offsets of DPDK's exported fast-path table {@code struct rte_eth_fp_ops
 * rte_eth_fp_ops[RTE_MAX_ETHPORTS]} (rte_ethdev_core.h, DPDK 22.11, 64-bit), which the static inline
 * {@code rte_eth_rx_burst}/{@code rte_eth_tx_burst} read; {@link EthQueue} reads it the same way.
 *
 * <pre>
 * rte_eth_fp_ops[port], 128 bytes (two cache lines):
 *   0  rx_pkt_burst            uint16_t (*)(void *rxq, struct rte_mbuf **pkts, uint16_t n)
 *   8  rx_queue_count
 *  16  rx_descriptor_status
 *  24  rxq.data                void **  (per-queue PMD data, indexed by queue id)
 *  32  rxq.clbk                void **  (per-queue post-RX callbacks, NULL when none)
 *  40  reserved1[3]
 *  64  tx_pkt_burst            uint16_t (*)(void *txq, struct rte_mbuf **pkts, uint16_t n)
 *  72  tx_pkt_prepare
 *  80  tx_descriptor_status
 *  88  txq.data                void **
 *  96  txq.clbk                void **  (per-queue pre-TX callbacks, NULL when none)
 * 104  reserved2[3]
 * </pre>
 *
 * <p>{@code rte_eth_dev_start} fills a port's entry and {@code rte_eth_dev_stop} resets it to dummy
 * functions, so the entry is read after the port started and is valid until it stops.
 */
final class EthFpOps {

    /** {@code sizeof(struct rte_eth_fp_ops)}, bytes. */
    static final int SIZE = 128;
    /** {@code RTE_MAX_ETHPORTS} of Debian's build: entries in the table. */
    static final int MAX_PORTS = 32;
    static final int RX_PKT_BURST_OFFSET = 0;
    static final int RXQ_DATA_OFFSET = 24;
    static final int RXQ_CLBK_OFFSET = 32;
    static final int TX_PKT_BURST_OFFSET = 64;
    static final int TXQ_DATA_OFFSET = 88;
    static final int TXQ_CLBK_OFFSET = 96;

    private EthFpOps() {
    }
}
