package io.jvs.engine.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes Ethernet frames to a classic pcap file (big-endian, nanosecond timestamps) that tshark,
 * tcpdump and Wireshark read.
 */
public final class PcapWriter implements Closeable {

    private final DataOutputStream out;
    private final byte[] scratch = new byte[65536];

    /**
     * Creates (or truncates) a capture file and writes its global header.
     *
     * @param path the file
     * @throws IOException when it cannot be written
     */
    public PcapWriter(Path path) throws IOException {
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
        out.writeInt(PcapFile.MAGIC_NANOS);
        out.writeShort(2);
        out.writeShort(4);
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(PcapFile.SNAPLEN);
        out.writeInt(PcapFile.LINKTYPE_ETHERNET);
    }

    /**
     * Appends one frame.
     *
     * @param timestampNanos capture time since the epoch
     * @param segment memory holding the frame
     * @param offset its first byte
     * @param length its length, bytes
     * @throws IOException when writing fails
     */
    public void write(long timestampNanos, MemorySegment segment, long offset, int length) throws IOException {
        out.writeInt((int) (timestampNanos / 1_000_000_000L));
        out.writeInt((int) (timestampNanos % 1_000_000_000L));
        out.writeInt(length);
        out.writeInt(length);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, scratch, 0, length);
        out.write(scratch, 0, length);
    }

    /**
     * Appends one frame.
     *
     * @param timestampNanos capture time since the epoch
     * @param frame the bytes
     * @throws IOException when writing fails
     */
    public void write(long timestampNanos, byte[] frame) throws IOException {
        out.writeInt((int) (timestampNanos / 1_000_000_000L));
        out.writeInt((int) (timestampNanos % 1_000_000_000L));
        out.writeInt(frame.length);
        out.writeInt(frame.length);
        out.write(frame);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
