package io.jvs.engine.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link PacketIo} in memory, for tests, benchmarks and embedding: frames are injected into
 * per-queue receive rings, and transmitted frames are handed to a {@link TransmitSink}.
 *
 * <p>Each queue has a single-producer single-consumer receive ring (the injecting thread and the
 * worker) in native memory and one batch worth of packet buffers with {@value #HEADROOM} bytes of
 * headroom, like a NIC's descriptors; {@link #receive} copies ring slots into the buffers (as a NIC
 * would DMA), so receive and transmit allocate nothing.
 *
 * <p>For benchmarks, {@link #replay(int, byte[][])} makes a queue receive the given frames in a
 * loop, forever, without a producer thread. The frames are copied once into native memory, laid out
 * one after the other, so that each receive copies native memory to native memory as a NIC's DMA
 * would, without per-frame heap-array checks.
 */
public final class InMemoryPacketIo implements PacketIo {

    /** Bytes of headroom in front of every received frame, as DPDK's {@code RTE_PKTMBUF_HEADROOM}. */
    public static final int HEADROOM = 128;
    /** Largest frame the rings and buffers hold, bytes. */
    public static final int MAX_FRAME = 2048 - HEADROOM;

    private static final int SLOT = 2048;
    private static final VarHandle INT_ARRAY = MethodHandles.arrayElementVarHandle(int[].class);

    /** Receives transmitted frames. Called on the worker's thread; the memory is valid only during the call. */
    @FunctionalInterface
    public interface TransmitSink {
        /**
         * Receives one transmitted frame.
         *
         * @param queue the queue it was sent on
         * @param segment memory holding the frame
         * @param offset the frame's first byte
         * @param length the frame's length, bytes
         * @param toKernel {@code true} when the worker handed it to the kernel instead of the wire
         */
        void transmitted(int queue, MemorySegment segment, long offset, int length, boolean toKernel);
    }

    private final Arena arena = Arena.ofShared();
    private final int queues;
    private final int ringSize;
    private final MemorySegment rings;
    private final int[] ringLengths;
    private final int[] ringMarks;
    /** Per queue: [head (consumer), tail (producer)] at stride 16 ints to avoid false sharing. */
    private final int[] positions;
    private final MemorySegment buffers;
    private final int batchCapacity;
    /** Per queue: the replayed frames, {@code replayStrides[q]} bytes apart, or null when not replaying. */
    private final MemorySegment[] replayFrames;
    private final int[][] replayLengths;
    private final int[] replayStrides;
    private final int[] replayCounts;
    private final int[] replayNext;
    private final long[] dropsRingFull;
    private volatile TransmitSink sink;

    /**
     * Creates the data plane.
     *
     * @param queues number of queues (workers), at least 1
     * @param ringSize receive ring slots per queue, a power of two
     * @param batchCapacity the capacity of the batches the workers use
     */
    public InMemoryPacketIo(int queues, int ringSize, int batchCapacity) {
        if (queues < 1 || Integer.bitCount(ringSize) != 1 || batchCapacity < 1) {
            throw new IllegalArgumentException("queues >= 1, ringSize a power of two, batchCapacity >= 1");
        }
        this.queues = queues;
        this.ringSize = ringSize;
        this.batchCapacity = batchCapacity;
        this.rings = arena.allocate((long) queues * ringSize * SLOT, 64);
        this.ringLengths = new int[queues * ringSize];
        this.ringMarks = new int[queues * ringSize];
        this.positions = new int[queues * 16 + 16];
        this.buffers = arena.allocate((long) queues * batchCapacity * SLOT, 64);
        this.replayFrames = new MemorySegment[queues];
        this.replayLengths = new int[queues][];
        this.replayStrides = new int[queues];
        this.replayCounts = new int[queues];
        this.replayNext = new int[queues];
        this.dropsRingFull = new long[queues];
        this.sink = collectingSink();
    }

    private final List<List<byte[]>> collected = new ArrayList<>();
    private final List<List<byte[]>> collectedToKernel = new ArrayList<>();

    private TransmitSink collectingSink() {
        for (int q = 0; q < queues; q++) {
            collected.add(new java.util.concurrent.CopyOnWriteArrayList<>());
            collectedToKernel.add(new java.util.concurrent.CopyOnWriteArrayList<>());
        }
        return (queue, segment, offset, length, toKernel) -> {
            byte[] copy = segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
            (toKernel ? collectedToKernel : collected).get(queue).add(copy);
        };
    }

    /**
     * Replaces the default sink, which keeps copies of transmitted frames for
     * {@link #drainTransmitted(int)}.
     *
     * @param value the sink
     */
    public void setTransmitSink(TransmitSink value) {
        this.sink = value;
    }

    /**
     * Injects one frame into a queue's receive ring. Only one thread may inject into a queue.
     *
     * @param queue the queue
     * @param frame the frame bytes, at most {@value #MAX_FRAME}
     * @param mark the firewall mark, 0 for none
     * @return {@code false} when the ring is full (the frame is dropped and counted)
     */
    public boolean inject(int queue, byte[] frame, int mark) {
        if (frame.length > MAX_FRAME) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes exceeds " + MAX_FRAME);
        }
        int headIndex = queue * 16 + 16;
        int head = (int) INT_ARRAY.getAcquire(positions, headIndex);
        int tail = positions[headIndex + 1];
        if (tail - head >= ringSize) {
            dropsRingFull[queue]++;
            return false;
        }
        int slot = queue * ringSize + (tail & (ringSize - 1));
        MemorySegment.copy(frame, 0, rings, ValueLayout.JAVA_BYTE, (long) slot * SLOT, frame.length);
        ringLengths[slot] = frame.length;
        ringMarks[slot] = mark;
        INT_ARRAY.setRelease(positions, headIndex + 1, tail + 1);
        return true;
    }

    /**
     * Injects one frame without a mark.
     *
     * @param queue the queue
     * @param frame the frame bytes
     * @return {@code false} when the ring is full
     */
    public boolean inject(int queue, byte[] frame) {
        return inject(queue, frame, 0);
    }

    /**
     * Makes a queue receive {@code frames} over and over (benchmarks). Replaces injected input. The
     * frames are copied in, so the caller may change its arrays afterwards; calling this again with
     * frames of the same number and sizes reuses the memory and allocates nothing. Call it while the
     * queue's worker is not receiving.
     *
     * @param queue the queue
     * @param frames the frames, at least one, each at most {@value #MAX_FRAME} bytes
     */
    public void replay(int queue, byte[][] frames) {
        if (frames.length == 0) {
            throw new IllegalArgumentException("replay needs at least one frame");
        }
        int longest = 0;
        for (byte[] f : frames) {
            if (f.length > MAX_FRAME) {
                throw new IllegalArgumentException("frame of " + f.length + " bytes exceeds " + MAX_FRAME);
            }
            longest = Math.max(longest, f.length);
        }
        int stride = Math.max(64, (longest + 63) & ~63);
        long bytes = (long) stride * frames.length;
        MemorySegment memory = replayFrames[queue];
        if (memory == null || memory.byteSize() < bytes) {
            memory = Arena.ofAuto().allocate(bytes, 64);
        }
        int[] lengths = replayLengths[queue];
        if (lengths == null || lengths.length < frames.length) {
            lengths = new int[frames.length];
        }
        for (int i = 0; i < frames.length; i++) {
            MemorySegment.copy(frames[i], 0, memory, ValueLayout.JAVA_BYTE, (long) i * stride, frames[i].length);
            lengths[i] = frames[i].length;
        }
        replayFrames[queue] = memory;
        replayLengths[queue] = lengths;
        replayStrides[queue] = stride;
        replayCounts[queue] = frames.length;
        replayNext[queue] = 0;
    }

    /**
     * Returns and forgets the frames transmitted on a queue so far (default sink only).
     *
     * @param queue the queue
     * @return the frames in order
     */
    public List<byte[]> drainTransmitted(int queue) {
        List<byte[]> out = new ArrayList<>(collected.get(queue));
        collected.get(queue).removeAll(out);
        return out;
    }

    /**
     * Returns and forgets the frames handed to the kernel on a queue so far (default sink only).
     *
     * @param queue the queue
     * @return the frames in order
     */
    public List<byte[]> drainToKernel(int queue) {
        List<byte[]> out = new ArrayList<>(collectedToKernel.get(queue));
        collectedToKernel.get(queue).removeAll(out);
        return out;
    }

    /**
     * Returns how many injected frames were dropped because a ring was full.
     *
     * @param queue the queue
     * @return the count
     */
    public long ringFullDrops(int queue) {
        return dropsRingFull[queue];
    }

    @Override
    public int queueCount() {
        return queues;
    }

    @Override
    public int receive(int queue, PacketBatch batch) {
        int max = Math.min(batch.capacity(), batchCapacity);
        MemorySegment frames = replayFrames[queue];
        int n = 0;
        long bufferBase = (long) queue * batchCapacity * SLOT;
        if (frames != null) {
            final int[] lengths = replayLengths[queue];
            final long stride = replayStrides[queue];
            final int count = replayCounts[queue];
            int next = replayNext[queue];
            for (; n < max; n++) {
                int length = lengths[next];
                long off = bufferBase + (long) n * SLOT + HEADROOM;
                MemorySegment.copy(frames, next * stride, buffers, off, copyLength(length));
                fill(batch, n, off, length, 0);
                next = next + 1 == count ? 0 : next + 1;
            }
            replayNext[queue] = next;
        } else {
            int headIndex = queue * 16 + 16;
            int head = positions[headIndex];
            int tail = (int) INT_ARRAY.getAcquire(positions, headIndex + 1);
            for (; n < max && head != tail; n++, head++) {
                int slot = queue * ringSize + (head & (ringSize - 1));
                int length = ringLengths[slot];
                long off = bufferBase + (long) n * SLOT + HEADROOM;
                MemorySegment.copy(rings, (long) slot * SLOT, buffers, off, copyLength(length));
                fill(batch, n, off, length, ringMarks[slot]);
            }
            INT_ARRAY.setRelease(positions, headIndex, head);
        }
        batch.setCount(n);
        return n;
    }

    /**
     * Returns how many bytes to copy for a frame: its length rounded up to 64. Below 64 bytes the JDK
     * copies element by element, each access checked; from 64 up it makes one native copy. The
     * bytes past the frame come from the same slot of the ring or replay and land in the buffer's
     * tailroom, whose content is unspecified.
     */
    private static long copyLength(int length) {
        return (length + 63) & ~63;
    }

    private void fill(PacketBatch batch, int i, long offset, int length, int mark) {
        // A reference store into an old object costs a GC write barrier with a memory fence; the
        // segment is almost always the one already there.
        if (batch.segments[i] != buffers) {
            batch.segments[i] = buffers;
        }
        batch.offsets[i] = offset;
        batch.lengths[i] = length;
        batch.headrooms[i] = HEADROOM;
        batch.tailrooms[i] = SLOT - HEADROOM - length;
        batch.marks[i] = mark;
        batch.handles[i] = i;
        batch.verdicts[i] = PacketBatch.DROP;
        batch.timestamps[i] = 0;
    }

    @Override
    public int transmit(int queue, PacketBatch batch) {
        TransmitSink s = sink;
        int sent = 0;
        for (int i = 0; i < batch.count(); i++) {
            byte v = batch.verdicts[i];
            if (v == PacketBatch.TRANSMIT || v == PacketBatch.TO_KERNEL) {
                s.transmitted(queue, batch.segments[i], batch.offsets[i], batch.lengths[i], v == PacketBatch.TO_KERNEL);
                sent++;
            }
        }
        batch.setCount(0);
        return sent;
    }

    @Override
    public int transmitOriginated(int queue, PacketBatch frames) {
        TransmitSink s = sink;
        int sent = 0;
        for (int i = 0; i < frames.count(); i++) {
            if (frames.verdicts[i] == PacketBatch.TRANSMIT) {
                s.transmitted(queue, frames.segments[i], frames.offsets[i], frames.lengths[i], false);
                sent++;
            }
        }
        return sent;
    }

    /**
     * Tells whether every injected frame of a queue has been received.
     *
     * @param queue the queue
     * @return {@code true} when the ring is empty
     */
    public boolean isDrained(int queue) {
        int headIndex = queue * 16 + 16;
        return (int) INT_ARRAY.getAcquire(positions, headIndex) == (int) INT_ARRAY.getAcquire(positions, headIndex + 1);
    }

    @Override
    public void close() {
        arena.close();
    }
}
