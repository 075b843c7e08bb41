package io.jvs.engine.io;

/**
 * A data plane's packet input and output, in bursts: DPDK ports, pcap files, in-memory queues.
 *
 * <p>Queue {@code q} is owned by worker {@code q}: each queue is used by one thread only, so
 * implementations need no locks on the burst paths. {@link #receive} and {@link #transmit} must not
 * allocate.
 */
public interface PacketIo extends AutoCloseable {

    /**
     * Returns the number of RX/TX queue pairs, one per worker.
     *
     * @return at least 1
     */
    int queueCount();

    /**
     * Receives up to {@code batch.capacity()} packets from a queue into the batch, replacing its
     * contents; verdicts are reset to {@link PacketBatch#DROP}.
     *
     * @param queue the queue, 0..queueCount-1
     * @param batch the batch to fill
     * @return the number of packets received, 0 when none is waiting
     */
    int receive(int queue, PacketBatch batch);

    /**
     * Sends the packets whose verdict is {@link PacketBatch#TRANSMIT} (or hands those marked
     * {@link PacketBatch#TO_KERNEL} to the kernel), and frees every buffer of the batch.
     *
     * @param queue the queue, 0..queueCount-1
     * @param batch the batch received from the same queue
     * @return the number of packets sent
     */
    int transmit(int queue, PacketBatch batch);

    /**
     * Sends frames the worker built in its own memory (the SYN proxy's handshake segments), copying
     * them; the batch's buffers are not the data plane's and are not freed. Called on the queue's
     * worker thread after {@link #transmit}; must not allocate.
     *
     * @param queue the queue, 0..queueCount-1
     * @param frames frames with verdict {@link PacketBatch#TRANSMIT}
     * @return the number of frames sent; the default sends none (a data plane that cannot originate
     *     frames), and the worker counts them as dropped
     */
    default int transmitOriginated(int queue, PacketBatch frames) {
        return 0;
    }

    /**
     * Tells whether an input has ended (a replayed capture was read to its end). Live inputs never
     * end.
     *
     * @return {@code true} when no packet will ever arrive again
     */
    default boolean isExhausted() {
        return false;
    }

    /** Releases the data plane's resources. */
    @Override
    void close();
}
