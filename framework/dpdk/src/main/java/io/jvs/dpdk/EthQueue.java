package io.jvs.dpdk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One RX/TX queue pair of a started port: {@code rte_eth_rx_burst} and {@code rte_eth_tx_burst}
 * re-done in Java, because DPDK defines them static inline. Like the C versions, each burst reads
 * the port's entry of the exported {@code rte_eth_fp_ops} table ({@link EthFpOps}): the PMD's burst
 * function and its queue data (fixed while the port runs, so read once here), and the queue's
 * callback slot (read on every burst; when a callback is installed, e.g. by {@code rte_pdump}, it is
 * run through the exported {@code rte_eth_call_rx_callbacks}/{@code rte_eth_call_tx_callbacks}).
 *
 * <p><b>Thread-safety:</b> none; each queue belongs to one thread (a worker). The bursts allocate
 * nothing.
 */
public final class EthQueue {

    private static final ValueLayout.OfLong POINTER = ValueLayout.JAVA_LONG;

    private final RteFunctions rte;
    private final int port;
    private final int queue;
    private final MemorySegment rxFunction;
    private final MemorySegment rxQueue;
    private final long rxCallbackSlot;
    private final MemorySegment txFunction;
    private final MemorySegment txQueue;
    private final long txCallbackSlot;

    EthQueue(RteFunctions rte, int port, int queue) {
        this.rte = rte;
        this.port = port;
        this.queue = queue;
        if (port < 0 || port >= EthFpOps.MAX_PORTS) {
            throw new DpdkException("port id " + port + " is outside rte_eth_fp_ops[" + EthFpOps.MAX_PORTS + "]");
        }
        MemorySegment all = Mbuf.ADDRESS_SPACE;
        long ops = rte.ethFpOps() + (long) port * EthFpOps.SIZE;
        long rxFn = all.get(POINTER, ops + EthFpOps.RX_PKT_BURST_OFFSET);
        long rxData = all.get(POINTER, ops + EthFpOps.RXQ_DATA_OFFSET);
        long txFn = all.get(POINTER, ops + EthFpOps.TX_PKT_BURST_OFFSET);
        long txData = all.get(POINTER, ops + EthFpOps.TXQ_DATA_OFFSET);
        if (rxFn == 0 || rxData == 0 || txFn == 0 || txData == 0) {
            throw new DpdkException("rte_eth_fp_ops[" + port + "] is not set up: has the port started?");
        }
        long rxq = all.get(POINTER, rxData + 8L * queue);
        long txq = all.get(POINTER, txData + 8L * queue);
        if (rxq == 0 || txq == 0) {
            throw new DpdkException("port " + port + " has no queue " + queue + " in rte_eth_fp_ops");
        }
        this.rxFunction = MemorySegment.ofAddress(rxFn);
        this.rxQueue = MemorySegment.ofAddress(rxq);
        this.txFunction = MemorySegment.ofAddress(txFn);
        this.txQueue = MemorySegment.ofAddress(txq);
        long rxClbk = all.get(POINTER, ops + EthFpOps.RXQ_CLBK_OFFSET);
        long txClbk = all.get(POINTER, ops + EthFpOps.TXQ_CLBK_OFFSET);
        this.rxCallbackSlot = rxClbk == 0 ? 0 : rxClbk + 8L * queue;
        this.txCallbackSlot = txClbk == 0 ? 0 : txClbk + 8L * queue;
    }

    /** Returns the port's id. @return the port */
    public int port() {
        return port;
    }

    /** Returns the queue's index. @return the queue */
    public int queue() {
        return queue;
    }

    /**
     * Receives up to {@code max} packets ({@code rte_eth_rx_burst}).
     *
     * @param mbufs native array of at least {@code max} mbuf pointers, filled from index 0
     * @param max most packets to receive, at most 65535
     * @return packets received; the caller owns their mbufs
     */
    public int receive(MemorySegment mbufs, int max) {
        int n = FastPath.burst(rxFunction, rxQueue, mbufs, max);
        if (rxCallbackSlot != 0) {
            long callback = Mbuf.ADDRESS_SPACE.get(POINTER, rxCallbackSlot);
            if (callback != 0) {
                n = rte.callRxCallbacks(port, queue, mbufs, n, max, MemorySegment.ofAddress(callback));
            }
        }
        return n;
    }

    /**
     * Hands up to {@code count} packets to the driver ({@code rte_eth_tx_burst}).
     *
     * @param mbufs native array of mbuf pointers, from index 0
     * @param count packets to send, at most 65535
     * @return packets taken by the driver (it frees them); the caller still owns the rest
     */
    public int transmit(MemorySegment mbufs, int count) {
        int n = count;
        if (txCallbackSlot != 0) {
            long callback = Mbuf.ADDRESS_SPACE.get(POINTER, txCallbackSlot);
            if (callback != 0) {
                n = rte.callTxCallbacks(port, queue, mbufs, n, MemorySegment.ofAddress(callback));
            }
        }
        return FastPath.burst(txFunction, txQueue, mbufs, n);
    }
}
