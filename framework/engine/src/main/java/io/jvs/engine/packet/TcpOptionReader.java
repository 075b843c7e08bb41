package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * Allocation-free iterator over TCP options (RFC 9293 section 3.2, RFC 7323, RFC 2018). It skips
 * NOPs, stops at End of Option List, and stops (marking the list malformed) at an option whose
 * length is below 2 or runs past the end of the options. It never reads outside the range it wraps.
 *
 * <pre>
 * Kind 0 End of list  | Kind 1 NOP     | Kind 2 MSS (4)    | Kind 3 Window scale (3)
 * +--------+          | +--------+     | +--+--+-----+     | +--+--+-----+
 * |00000000|          | |00000001|     | |2 |4 | MSS |     | |3 |3 |shift|
 * +--------+          | +--------+     | +--+--+-----+     | +--+--+-----+
 *
 * Kind 4 SACK permitted (2) | Kind 5 SACK (2 + 8n)           | Kind 8 Timestamps (10)
 * +--+--+                   | +--+-----+------+-------+...   | +--+--+-------+-------+
 * |4 |2 |                   | |5 |len  | left | right |      | |8 |10| TSval | TSecr |
 * +--+--+                   | +--+-----+------+-------+...   | +--+--+-------+-------+
 * </pre>
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * reader.wrapHeader(segment, tcpOffset);
 * while (reader.next()) {
 *     if (reader.kind() == TcpOptionReader.MSS && reader.length() == TcpOptionReader.MSS_LENGTH) {
 *         mss = reader.mss();
 *     }
 * }
 * }</pre>
 *
 * <p><b>Not thread-safe.</b>
 */
public final class TcpOptionReader {
    /** End of option list (0). */
    public static final int END = 0;
    /** No operation, used for padding (1). */
    public static final int NOP = 1;
    /** Maximum segment size (2). */
    public static final int MSS = 2;
    /** Window scale (3). */
    public static final int WINDOW_SCALE = 3;
    /** SACK permitted (4). */
    public static final int SACK_PERMITTED = 4;
    /** SACK blocks (5). */
    public static final int SACK = 5;
    /** Timestamps (8). */
    public static final int TIMESTAMPS = 8;
    /** Length of a well-formed MSS option. */
    public static final int MSS_LENGTH = 4;
    /** Length of a well-formed window scale option. */
    public static final int WINDOW_SCALE_LENGTH = 3;
    /** Length of a well-formed SACK-permitted option. */
    public static final int SACK_PERMITTED_LENGTH = 2;
    /** Length of a well-formed timestamps option. */
    public static final int TIMESTAMPS_LENGTH = 10;
    /** Length of one SACK block (two sequence numbers). */
    public static final int SACK_BLOCK_LENGTH = 8;

    private MemorySegment segment;
    private long position;
    private long end;
    private int kind;
    private int length;
    private long optionOffset;
    private boolean malformed;

    /** Creates an unwrapped reader: call {@link #wrap} before any other method. */
    public TcpOptionReader() {
    }

    /**
     * Starts iterating over an options area.
     *
     * @param segment the memory
     * @param optionsOffset the byte offset of the first option byte
     * @param optionsLength the length of the options area in bytes (&lt;= 0 for none)
     * @return this
     */
    public TcpOptionReader wrap(MemorySegment segment, long optionsOffset, int optionsLength) {
        this.segment = segment;
        this.position = optionsOffset;
        this.end = optionsOffset + Math.max(0, optionsLength);
        this.kind = -1;
        this.length = 0;
        this.optionOffset = -1;
        this.malformed = false;
        return this;
    }

    /**
     * Starts iterating over the options of a TCP header, whose data offset says how long they are.
     * The caller has checked that the whole header lies within the segment.
     *
     * @param segment the memory
     * @param tcpOffset the byte offset of the TCP header
     * @return this
     */
    public TcpOptionReader wrapHeader(MemorySegment segment, long tcpOffset) {
        int headerLength = (BigEndian.getUnsignedByte(segment, tcpOffset + TcpHeader.DATA_OFFSET_OFFSET) >>> 4) << 2;
        return wrap(segment, tcpOffset + TcpHeader.OPTIONS_OFFSET, headerLength - TcpHeader.MIN_LENGTH);
    }

    /**
     * Advances to the next option other than NOP.
     *
     * @return true when positioned on an option; false at the end of the list or at a malformed
     *     option (see {@link #isMalformed()})
     */
    public boolean next() {
        while (position < end) {
            int k = BigEndian.getUnsignedByte(segment, position);
            if (k == END) {
                position = end;
                return false;
            }
            if (k == NOP) {
                position++;
                continue;
            }
            if (position + 1 >= end) {
                return stopMalformed();
            }
            int len = BigEndian.getUnsignedByte(segment, position + 1);
            if (len < 2 || position + len > end) {
                return stopMalformed();
            }
            kind = k;
            length = len;
            optionOffset = position;
            position += len;
            return true;
        }
        return false;
    }

    private boolean stopMalformed() {
        malformed = true;
        position = end;
        kind = -1;
        length = 0;
        optionOffset = -1;
        return false;
    }

    /** {@return true when iteration stopped at an option with a bad length} */
    public boolean isMalformed() {
        return malformed;
    }

    /** {@return the kind of the current option, -1 before the first {@link #next()}} */
    public int kind() {
        return kind;
    }

    /** {@return the length of the current option in bytes, kind and length bytes included} */
    public int length() {
        return length;
    }

    /** {@return the byte offset of the current option's kind byte} */
    public long optionOffset() {
        return optionOffset;
    }

    /** {@return the MSS value in bytes; valid when the current option is MSS of length 4} */
    public int mss() {
        return BigEndian.getUnsignedShort(segment, optionOffset + 2);
    }

    /** {@return the shift count; valid when the current option is window scale of length 3} */
    public int windowScale() {
        return BigEndian.getUnsignedByte(segment, optionOffset + 2);
    }

    /** {@return TSval; valid when the current option is timestamps of length 10} */
    public int timestampValue() {
        return BigEndian.getInt(segment, optionOffset + 2);
    }

    /** {@return TSecr; valid when the current option is timestamps of length 10} */
    public int timestampEchoReply() {
        return BigEndian.getInt(segment, optionOffset + 6);
    }

    /** {@return the number of whole SACK blocks in the current option (for kind SACK)} */
    public int sackBlockCount() {
        return (length - 2) / SACK_BLOCK_LENGTH;
    }

    /**
     * Returns the left edge of a SACK block of the current option.
     *
     * @param index 0 &lt;= index &lt; {@link #sackBlockCount()}
     * @return the first sequence number of the block
     */
    public int sackBlockLeft(int index) {
        return BigEndian.getInt(segment, optionOffset + 2 + (long) SACK_BLOCK_LENGTH * index);
    }

    /**
     * Returns the right edge of a SACK block of the current option.
     *
     * @param index 0 &lt;= index &lt; {@link #sackBlockCount()}
     * @return the sequence number just after the block
     */
    public int sackBlockRight(int index) {
        return BigEndian.getInt(segment, optionOffset + 6 + (long) SACK_BLOCK_LENGTH * index);
    }
}
