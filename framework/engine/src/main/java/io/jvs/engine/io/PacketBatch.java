package io.jvs.engine.io;

import java.lang.foreign.MemorySegment;

/**
 * A burst of packets handed from a {@link PacketIo} to a worker and back, reused for every burst
 * (no allocation per packet or per burst).
 *
 * <p>Packet {@code i} occupies {@code lengths[i]} bytes at {@code offsets[i]} of
 * {@code segments[i]}; {@code headrooms[i]} bytes before the offset and {@code tailrooms[i]} bytes
 * after the end may be used to grow the packet (encapsulation prepends into the headroom). Several
 * packets may share one segment (a whole buffer pool). The worker sets a verdict per packet and
 * may move the offset and change the length.
 */
public final class PacketBatch {

    /** Drop the packet and free its buffer. */
    public static final byte DROP = 0;
    /** Transmit the packet on the queue it came from. */
    public static final byte TRANSMIT = 1;
    /** Hand the packet to the host's kernel (exception path), where the data plane has one. */
    public static final byte TO_KERNEL = 2;

    /** Memory holding each packet. */
    public final MemorySegment[] segments;
    /** Offset of each packet's first byte (its Ethernet header) in its segment. */
    public final long[] offsets;
    /** Length of each packet, bytes. */
    public final int[] lengths;
    /** Bytes free before each packet's first byte. */
    public final int[] headrooms;
    /** Bytes free after each packet's last byte. */
    public final int[] tailrooms;
    /** Firewall mark of each packet (0 for none). */
    public final int[] marks;
    /** Opaque handle of each packet's buffer for its PacketIo (mbuf address, buffer index). */
    public final long[] handles;
    /** Verdict of each packet, set by the worker. */
    public final byte[] verdicts;
    /** Capture time of each packet (pcap), nanoseconds since the epoch; 0 when unknown. */
    public final long[] timestamps;

    private int count;

    /**
     * Creates an empty batch.
     *
     * @param capacity the most packets one burst may carry (DPDK uses 32)
     */
    public PacketBatch(int capacity) {
        segments = new MemorySegment[capacity];
        offsets = new long[capacity];
        lengths = new int[capacity];
        headrooms = new int[capacity];
        tailrooms = new int[capacity];
        marks = new int[capacity];
        handles = new long[capacity];
        verdicts = new byte[capacity];
        timestamps = new long[capacity];
    }

    /** Returns how many packets the batch can carry. @return the capacity */
    public int capacity() {
        return offsets.length;
    }

    /** Returns how many packets the batch carries now. @return the count */
    public int count() {
        return count;
    }

    /**
     * Sets how many packets the batch carries (PacketIo implementations only).
     *
     * @param value 0..capacity
     */
    public void setCount(int value) {
        if (value < 0 || value > offsets.length) {
            throw new IllegalArgumentException("count " + value + " out of 0.." + offsets.length);
        }
        count = value;
    }

    /**
     * Moves the start of packet {@code i} by {@code delta} bytes (negative to prepend), keeping its
     * end; the caller has checked the headroom.
     *
     * @param i the packet
     * @param delta bytes, negative grows the packet at the front
     */
    public void adjustFront(int i, int delta) {
        offsets[i] += delta;
        lengths[i] -= delta;
        headrooms[i] += delta;
    }
}
