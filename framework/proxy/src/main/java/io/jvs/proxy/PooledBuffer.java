package io.jvs.proxy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * One direct buffer of a {@link BufferPool}, with a memory-segment view of the same bytes so that
 * schedulers can read peeked bytes through {@link io.jvs.spi.PacketView#payloadSegment()} without
 * an allocation.
 */
final class PooledBuffer {

    final ByteBuffer buffer;
    final MemorySegment segment;

    PooledBuffer(int capacity) {
        this.buffer = ByteBuffer.allocateDirect(capacity);
        this.segment = MemorySegment.ofBuffer(buffer);
    }
}
