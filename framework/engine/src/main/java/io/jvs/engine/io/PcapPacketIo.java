package io.jvs.engine.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * A single-queue {@link PacketIo} that reads frames from one capture file and writes the frames the
 * engine transmits to another ({@code jvs replay}). Frames handed to the kernel are not written.
 * Not for the fast path: it reads and writes files.
 */
public final class PcapPacketIo implements PacketIo {

    private static final int SLOT = 2048 + 65536;

    private final PcapReader reader;
    private final PcapWriter writer;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffers;
    private final int capacity;
    private boolean exhausted;
    private long framesRead;
    private long framesWritten;
    /** Capture time of the last frame written; frames the worker built itself get it too. */
    private long lastTimestamp;

    /**
     * Opens the capture files.
     *
     * @param in the capture to read
     * @param out the capture to write, created or truncated
     * @param batchCapacity frames per burst
     * @throws IOException when a file cannot be opened
     */
    public PcapPacketIo(Path in, Path out, int batchCapacity) throws IOException {
        this.reader = new PcapReader(in);
        this.writer = new PcapWriter(out);
        this.capacity = batchCapacity;
        this.buffers = arena.allocate((long) SLOT * batchCapacity, 64);
    }

    @Override
    public int queueCount() {
        return 1;
    }

    @Override
    public int receive(int queue, PacketBatch batch) {
        int n = 0;
        int max = Math.min(capacity, batch.capacity());
        try {
            while (n < max && !exhausted) {
                PcapReader.Frame f = reader.next();
                if (f == null) {
                    exhausted = true;
                    break;
                }
                long off = (long) n * SLOT + InMemoryPacketIo.HEADROOM;
                int length = Math.min(f.data().length, SLOT - InMemoryPacketIo.HEADROOM - 256);
                MemorySegment.copy(f.data(), 0, buffers, ValueLayout.JAVA_BYTE, off, length);
                batch.segments[n] = buffers;
                batch.offsets[n] = off;
                batch.lengths[n] = length;
                batch.headrooms[n] = InMemoryPacketIo.HEADROOM;
                batch.tailrooms[n] = SLOT - InMemoryPacketIo.HEADROOM - length;
                batch.marks[n] = 0;
                batch.handles[n] = n;
                batch.verdicts[n] = PacketBatch.DROP;
                batch.timestamps[n] = f.timestampNanos();
                n++;
                framesRead++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batch.setCount(n);
        return n;
    }

    @Override
    public int transmit(int queue, PacketBatch batch) {
        int sent = 0;
        try {
            for (int i = 0; i < batch.count(); i++) {
                lastTimestamp = Math.max(lastTimestamp, batch.timestamps[i]);
                if (batch.verdicts[i] == PacketBatch.TRANSMIT) {
                    writer.write(batch.timestamps[i], batch.segments[i], batch.offsets[i], batch.lengths[i]);
                    sent++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        framesWritten += sent;
        batch.setCount(0);
        return sent;
    }

    @Override
    public int transmitOriginated(int queue, PacketBatch frames) {
        int sent = 0;
        try {
            for (int i = 0; i < frames.count(); i++) {
                if (frames.verdicts[i] == PacketBatch.TRANSMIT) {
                    writer.write(lastTimestamp, frames.segments[i], frames.offsets[i], frames.lengths[i]);
                    sent++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        framesWritten += sent;
        return sent;
    }

    @Override
    public boolean isExhausted() {
        return exhausted;
    }

    /** Returns frames read so far. @return the count */
    public long framesRead() {
        return framesRead;
    }

    /** Returns frames written so far. @return the count */
    public long framesWritten() {
        return framesWritten;
    }

    @Override
    public void close() {
        try {
            reader.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            arena.close();
        }
    }
}
