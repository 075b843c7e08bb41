package io.jvs.bench.dpdk;

import io.jvs.engine.io.PacketBatch;
import io.jvs.engine.io.PacketIo;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Makes a data plane whose drivers carry no meaningful bytes ({@code net_null} generates empty
 * frames; a {@code net_ring} loop brings back what the engine rewrote) receive a fixed set of
 * frames in a loop: after each receive, the next frames are copied into the received buffers and
 * the lengths set. That is the same per-packet copy as {@code InMemoryPacketIo}'s replay, so the
 * two data planes are compared on equal terms. Allocates nothing.
 */
final class TemplateRefillingPacketIo implements PacketIo {

    private final PacketIo delegate;
    private final byte[][] frames;
    private int next;

    /**
     * Wraps a data plane.
     *
     * @param delegate the data plane
     * @param frames the frames to receive, in a loop; each must fit the tailroom of a fresh buffer
     */
    TemplateRefillingPacketIo(PacketIo delegate, byte[][] frames) {
        this.delegate = delegate;
        this.frames = frames.clone();
    }

    @Override
    public int queueCount() {
        return delegate.queueCount();
    }

    @Override
    public int receive(int queue, PacketBatch batch) {
        int n = delegate.receive(queue, batch);
        int f = next;
        for (int i = 0; i < n; i++) {
            byte[] frame = frames[f];
            MemorySegment.copy(frame, 0, batch.segments[i], ValueLayout.JAVA_BYTE, batch.offsets[i], frame.length);
            batch.tailrooms[i] += batch.lengths[i] - frame.length;
            batch.lengths[i] = frame.length;
            f = f + 1 == frames.length ? 0 : f + 1;
        }
        next = f;
        return n;
    }

    @Override
    public int transmit(int queue, PacketBatch batch) {
        return delegate.transmit(queue, batch);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
