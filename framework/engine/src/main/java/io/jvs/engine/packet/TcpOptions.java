package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * The options of one TCP segment, read into fields: MSS, window scale, SACK permitted, timestamps
 * and SACK blocks. Reusable and allocation-free after construction. A known option with the wrong
 * length is ignored, as Linux does; an option list that runs past its end marks the result
 * malformed but keeps what was read before.
 *
 * <p><b>Not thread-safe.</b>
 */
public final class TcpOptions {
    /** The most SACK blocks that fit in 40 bytes of options. */
    public static final int MAX_SACK_BLOCKS = 4;

    private final TcpOptionReader reader = new TcpOptionReader();
    private final int[] sackLeft = new int[MAX_SACK_BLOCKS];
    private final int[] sackRight = new int[MAX_SACK_BLOCKS];
    private int mss;
    private int windowScale;
    private boolean sackPermitted;
    private boolean hasTimestamps;
    private int timestampValue;
    private int timestampEchoReply;
    private int sackBlockCount;
    private boolean malformed;

    /** Creates an empty holder; {@link #read} fills it. */
    public TcpOptions() {
    }

    /**
     * Reads the options of a TCP header. The caller has checked that the whole header (data offset
     * included) lies within the segment.
     *
     * @param segment the memory
     * @param tcpOffset the byte offset of the TCP header
     * @return true when the option list is well formed
     */
    public boolean read(MemorySegment segment, long tcpOffset) {
        reader.wrapHeader(segment, tcpOffset);
        return readAll();
    }

    /**
     * Reads an options area.
     *
     * @param segment the memory
     * @param optionsOffset the byte offset of the first option byte
     * @param optionsLength the length of the area in bytes
     * @return true when the option list is well formed
     */
    public boolean read(MemorySegment segment, long optionsOffset, int optionsLength) {
        reader.wrap(segment, optionsOffset, optionsLength);
        return readAll();
    }

    private boolean readAll() {
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        hasTimestamps = false;
        timestampValue = 0;
        timestampEchoReply = 0;
        sackBlockCount = 0;
        while (reader.next()) {
            int len = reader.length();
            switch (reader.kind()) {
                case TcpOptionReader.MSS -> {
                    if (len == TcpOptionReader.MSS_LENGTH) {
                        mss = reader.mss();
                    }
                }
                case TcpOptionReader.WINDOW_SCALE -> {
                    if (len == TcpOptionReader.WINDOW_SCALE_LENGTH) {
                        windowScale = reader.windowScale();
                    }
                }
                case TcpOptionReader.SACK_PERMITTED -> {
                    if (len == TcpOptionReader.SACK_PERMITTED_LENGTH) {
                        sackPermitted = true;
                    }
                }
                case TcpOptionReader.TIMESTAMPS -> {
                    if (len == TcpOptionReader.TIMESTAMPS_LENGTH) {
                        hasTimestamps = true;
                        timestampValue = reader.timestampValue();
                        timestampEchoReply = reader.timestampEchoReply();
                    }
                }
                case TcpOptionReader.SACK -> {
                    int blocks = reader.sackBlockCount();
                    if ((len - 2) % TcpOptionReader.SACK_BLOCK_LENGTH == 0 && blocks >= 1
                            && blocks <= MAX_SACK_BLOCKS) {
                        for (int i = 0; i < blocks; i++) {
                            sackLeft[i] = reader.sackBlockLeft(i);
                            sackRight[i] = reader.sackBlockRight(i);
                        }
                        sackBlockCount = blocks;
                    }
                }
                default -> {
                    // unknown options are skipped
                }
            }
        }
        malformed = reader.isMalformed();
        return !malformed;
    }

    /** {@return the MSS in bytes, or -1 when absent} */
    public int mss() {
        return mss;
    }

    /** {@return the window scale shift count as sent (RFC 7323 caps its use at 14), or -1 when absent} */
    public int windowScale() {
        return windowScale;
    }

    /** {@return true when SACK-permitted is present} */
    public boolean sackPermitted() {
        return sackPermitted;
    }

    /** {@return true when the timestamps option is present} */
    public boolean hasTimestamps() {
        return hasTimestamps;
    }

    /** {@return TSval, 0 when absent} */
    public int timestampValue() {
        return timestampValue;
    }

    /** {@return TSecr, 0 when absent} */
    public int timestampEchoReply() {
        return timestampEchoReply;
    }

    /** {@return the number of SACK blocks read, 0..4} */
    public int sackBlockCount() {
        return sackBlockCount;
    }

    /**
     * Returns the left edge of a SACK block.
     *
     * @param index 0 &lt;= index &lt; {@link #sackBlockCount()}
     * @return the first sequence number of the block
     */
    public int sackBlockLeft(int index) {
        return sackLeft[index];
    }

    /**
     * Returns the right edge of a SACK block.
     *
     * @param index 0 &lt;= index &lt; {@link #sackBlockCount()}
     * @return the sequence number just after the block
     */
    public int sackBlockRight(int index) {
        return sackRight[index];
    }

    /** {@return true when the last read stopped at a malformed option} */
    public boolean isMalformed() {
        return malformed;
    }
}
