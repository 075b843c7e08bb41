package io.jvs.engine.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads Ethernet frames from a classic pcap file (either byte order, micro- or nanosecond
 * timestamps). Off the packet path: it may allocate.
 */
public final class PcapReader implements Closeable {

    /** One captured frame. @param timestampNanos capture time since the epoch @param data the bytes */
    public record Frame(long timestampNanos, byte[] data) {
    }

    private final DataInputStream in;
    private final boolean swapped;
    private final boolean nanos;
    private final Path path;

    /**
     * Opens a capture.
     *
     * @param path the file
     * @throws IOException when it cannot be read or is not an Ethernet pcap file
     */
    public PcapReader(Path path) throws IOException {
        this(path, Files.newInputStream(path));
    }

    private PcapReader(Path path, InputStream raw) throws IOException {
        this.path = path;
        this.in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(path + ": empty file, not a pcap capture");
        }
        if (magic == PcapFile.MAGIC_MICROS || magic == PcapFile.MAGIC_NANOS) {
            swapped = false;
        } else if (Integer.reverseBytes(magic) == PcapFile.MAGIC_MICROS || Integer.reverseBytes(magic) == PcapFile.MAGIC_NANOS) {
            swapped = true;
            magic = Integer.reverseBytes(magic);
        } else if (magic == 0x0A0D0D0A) {
            throw new IOException(path + ": pcapng is not supported; convert it with 'editcap -F pcap IN OUT'");
        } else {
            throw new IOException(path + ": not a pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        nanos = magic == PcapFile.MAGIC_NANOS;
        in.readInt(); // version major/minor
        in.readInt(); // thiszone
        in.readInt(); // sigfigs
        in.readInt(); // snaplen
        int link = readInt();
        if (link != PcapFile.LINKTYPE_ETHERNET) {
            throw new IOException(path + ": link type " + link + " is not Ethernet (1)");
        }
    }

    private int readInt() throws IOException {
        int v = in.readInt();
        return swapped ? Integer.reverseBytes(v) : v;
    }

    /**
     * Reads the next frame.
     *
     * @return the frame, or {@code null} at the end of the file
     * @throws IOException when the file is truncated or a record is implausible
     */
    public Frame next() throws IOException {
        int seconds;
        try {
            seconds = readInt();
        } catch (EOFException e) {
            return null;
        }
        int fraction = readInt();
        int included = readInt();
        readInt(); // original length
        if (included < 0 || included > 262144) {
            throw new IOException(path + ": implausible record length " + included);
        }
        byte[] data = new byte[included];
        in.readFully(data);
        long ts = (seconds & 0xffffffffL) * 1_000_000_000L + (nanos ? fraction : fraction * 1000L);
        return new Frame(ts, data);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
