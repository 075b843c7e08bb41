package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Unaligned big-endian (network order) access to a {@link MemorySegment}: the layouts every
 * flyweight uses, and unsigned read and write shortcuts.
 *
 * <p>All methods are static, allocation-free and stateless; bounds are those of the segment.
 */
public final class BigEndian {
    /** An unsigned byte is read with this layout and masked with 0xFF. */
    public static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    /** A 16-bit big-endian field at any alignment. */
    public static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** A 32-bit big-endian field at any alignment. */
    public static final ValueLayout.OfInt INT =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** A 64-bit big-endian field at any alignment. */
    public static final ValueLayout.OfLong LONG =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private BigEndian() {
    }

    /**
     * Reads an unsigned byte.
     *
     * @param segment the memory
     * @param offset the byte offset
     * @return 0..255
     */
    public static int getUnsignedByte(MemorySegment segment, long offset) {
        return segment.get(BYTE, offset) & 0xFF;
    }

    /**
     * Writes the low 8 bits of a value.
     *
     * @param segment the memory
     * @param offset the byte offset
     * @param value the value; bits above 8 are ignored
     */
    public static void putByte(MemorySegment segment, long offset, int value) {
        segment.set(BYTE, offset, (byte) value);
    }

    /**
     * Reads an unsigned big-endian 16-bit value.
     *
     * @param segment the memory
     * @param offset the byte offset of the first (most significant) byte
     * @return 0..65535
     */
    public static int getUnsignedShort(MemorySegment segment, long offset) {
        return segment.get(SHORT, offset) & 0xFFFF;
    }

    /**
     * Writes the low 16 bits of a value big-endian.
     *
     * @param segment the memory
     * @param offset the byte offset of the first (most significant) byte
     * @param value the value; bits above 16 are ignored
     */
    public static void putShort(MemorySegment segment, long offset, int value) {
        segment.set(SHORT, offset, (short) value);
    }

    /**
     * Reads a big-endian 32-bit value.
     *
     * @param segment the memory
     * @param offset the byte offset of the first (most significant) byte
     * @return the value as a signed int (the bit pattern on the wire)
     */
    public static int getInt(MemorySegment segment, long offset) {
        return segment.get(INT, offset);
    }

    /**
     * Writes a 32-bit value big-endian.
     *
     * @param segment the memory
     * @param offset the byte offset of the first (most significant) byte
     * @param value the value
     */
    public static void putInt(MemorySegment segment, long offset, int value) {
        segment.set(INT, offset, value);
    }

    /**
     * Reads a big-endian 64-bit value.
     *
     * @param segment the memory
     * @param offset the byte offset of the first (most significant) byte
     * @return the value
     */
    public static long getLong(MemorySegment segment, long offset) {
        return segment.get(LONG, offset);
    }

    /**
     * Writes a 64-bit value big-endian.
     *
     * @param segment the memory
     * @param offset the byte offset of the first (most significant) byte
     * @param value the value
     */
    public static void putLong(MemorySegment segment, long offset, long value) {
        segment.set(LONG, offset, value);
    }
}
