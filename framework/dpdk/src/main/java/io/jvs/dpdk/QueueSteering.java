package io.jvs.dpdk;

import java.lang.foreign.MemorySegment;

/**
 * Picks the queue (worker) that owns a received frame's connection, for ports whose receive
 * distribution does not keep both directions of a flow on one queue ({@code net_af_packet}'s fanout
 * hash, NICs without symmetric RSS). {@link DpdkPacketIo} hands frames for another queue over an
 * {@link MbufHandoff}.
 *
 * <p>Called on the receiving queue's thread; must not allocate or block.
 */
@FunctionalInterface
public interface QueueSteering {

    /**
     * Picks a frame's queue.
     *
     * @param fromQueue the queue that received it (implementations may keep per-queue scratch state)
     * @param segment memory holding the frame
     * @param frame the frame's first byte
     * @param length the frame's length, bytes
     * @return the queue in {@code 0..queues-1}; {@code fromQueue} for frames it cannot place
     */
    int queueFor(int fromQueue, MemorySegment segment, long frame, int length);
}
