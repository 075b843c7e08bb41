package io.jvs.engine.synproxy;

import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.packet.TcpHeader;
import io.jvs.engine.packet.TcpOptionReader;
import java.lang.foreign.MemorySegment;

/**
 * Translates the TCP fields of a SYN-proxied connection's segments after the address rewrite, so that
 * the client sees the numbers of jvs's SYN-ACK and the real server those of its own handshake. The
 * client's sequence space is the same on both sides (the real server received the client's ISN);
 * only the real server's differs, by {@code delta = serverIsn - cookieIsn}:
 *
 * <pre>
 *  client → server   ack      += delta          (acknowledges server data)
 *                    SACK     += delta          (each block edge: server data)
 *                    TSecr    += tsDelta        (echoes the server's clock)
 *                    window   rescaled when the server did not agree to the client's scale
 *  server → client   seq      -= delta
 *                    TSval    -= tsDelta        (the client keeps seeing the cookie's clock)
 *                    window   rescaled from the server's scale to the one jvs offered the client
 * </pre>
 *
 * SACK blocks from the server acknowledge client data and need no change. Every change updates the
 * TCP checksum incrementally (RFC 1624), over the 16-bit words the field spans, so that an option at
 * an odd offset is right too.
 *
 * <p>The per-connection flags ({@link #TIMESTAMPS} and the four shift counts) are packed in one int:
 * <pre>
 *  bits 0..3 server's scale   4..7 scale offered to the client   8..11 client's scale
 *       12..15 client's scale as the server applies it (0 when it did not agree)   16 timestamps on
 * </pre>
 *
 * <p><b>Not thread-safe</b> (an option reader); one per worker. Allocation-free.
 */
final class SequenceTranslator {

    /** Flag: both ends use timestamps, translate them. */
    static final int TIMESTAMPS = 1 << 16;

    private final TcpOptionReader options = new TcpOptionReader();

    /**
     * Packs the translation flags of a connection.
     *
     * @param serverScale the real server's window scale (0 when none)
     * @param clientViewScale the scale jvs offered the client (0 when none)
     * @param clientScale the client's window scale (0 when none)
     * @param serverViewClientScale the client's scale as the server applies it
     * @param timestamps true when timestamps are translated
     * @return the packed flags
     */
    static int pack(int serverScale, int clientViewScale, int clientScale, int serverViewClientScale,
            boolean timestamps) {
        return serverScale | clientViewScale << 4 | clientScale << 8 | serverViewClientScale << 12
                | (timestamps ? TIMESTAMPS : 0);
    }

    /**
     * Translates a segment from the client to the real server.
     *
     * @param segment the packet memory
     * @param l4 offset of the TCP header
     * @param headerLength the TCP header's length in bytes
     * @param delta serverIsn - cookieIsn
     * @param tsDelta serverTsval - cookieTsval
     * @param flags the packed flags
     */
    void toServer(MemorySegment segment, long l4, int headerLength, int delta, int tsDelta, int flags) {
        int checksum = BigEndian.getUnsignedShort(segment, l4 + TcpHeader.CHECKSUM_OFFSET);
        int tcpFlags = BigEndian.getUnsignedByte(segment, l4 + TcpHeader.FLAGS_OFFSET);
        if ((tcpFlags & TcpFlags.ACK) != 0) {
            int ack = BigEndian.getInt(segment, l4 + TcpHeader.ACKNOWLEDGMENT_NUMBER_OFFSET);
            checksum = rewrite32(segment, l4, TcpHeader.ACKNOWLEDGMENT_NUMBER_OFFSET, ack + delta, checksum);
        }
        int from = (flags >>> 8) & 0xF;
        int to = (flags >>> 12) & 0xF;
        if (from != to) {
            checksum = rescale(segment, l4, from, to, checksum);
        }
        if (headerLength > TcpHeader.MIN_LENGTH) {
            options.wrapHeader(segment, l4);
            while (options.next()) {
                int kind = options.kind();
                long at = options.optionOffset();
                if (kind == TcpOptionReader.TIMESTAMPS && options.length() == TcpOptionReader.TIMESTAMPS_LENGTH
                        && (flags & TIMESTAMPS) != 0) {
                    checksum = rewrite32(segment, l4, (int) (at + 6 - l4), options.timestampEchoReply() + tsDelta,
                            checksum);
                } else if (kind == TcpOptionReader.SACK && options.length() >= 2 + TcpOptionReader.SACK_BLOCK_LENGTH
                        && (options.length() - 2) % TcpOptionReader.SACK_BLOCK_LENGTH == 0) {
                    int blocks = options.sackBlockCount();
                    for (int b = 0; b < blocks; b++) {
                        int edge = (int) (at + 2 + b * TcpOptionReader.SACK_BLOCK_LENGTH - l4);
                        checksum = rewrite32(segment, l4, edge, options.sackBlockLeft(b) + delta, checksum);
                        checksum = rewrite32(segment, l4, edge + 4, options.sackBlockRight(b) + delta, checksum);
                    }
                }
            }
        }
        BigEndian.putShort(segment, l4 + TcpHeader.CHECKSUM_OFFSET, checksum);
    }

    /**
     * Translates a segment from the real server to the client.
     *
     * @param segment the packet memory
     * @param l4 offset of the TCP header
     * @param headerLength the TCP header's length in bytes
     * @param delta serverIsn - cookieIsn
     * @param tsDelta serverTsval - cookieTsval
     * @param flags the packed flags
     */
    void toClient(MemorySegment segment, long l4, int headerLength, int delta, int tsDelta, int flags) {
        int checksum = BigEndian.getUnsignedShort(segment, l4 + TcpHeader.CHECKSUM_OFFSET);
        int seq = BigEndian.getInt(segment, l4 + TcpHeader.SEQUENCE_NUMBER_OFFSET);
        checksum = rewrite32(segment, l4, TcpHeader.SEQUENCE_NUMBER_OFFSET, seq - delta, checksum);
        int from = flags & 0xF;
        int to = (flags >>> 4) & 0xF;
        if (from != to) {
            checksum = rescale(segment, l4, from, to, checksum);
        }
        if (headerLength > TcpHeader.MIN_LENGTH && (flags & TIMESTAMPS) != 0) {
            options.wrapHeader(segment, l4);
            while (options.next()) {
                if (options.kind() == TcpOptionReader.TIMESTAMPS
                        && options.length() == TcpOptionReader.TIMESTAMPS_LENGTH) {
                    checksum = rewrite32(segment, l4, (int) (options.optionOffset() + 2 - l4),
                            options.timestampValue() - tsDelta, checksum);
                }
            }
        }
        BigEndian.putShort(segment, l4 + TcpHeader.CHECKSUM_OFFSET, checksum);
    }

    /** Rewrites the window field from one scale to another, capped at 65535. */
    private static int rescale(MemorySegment segment, long l4, int from, int to, int checksum) {
        int old = BigEndian.getUnsignedShort(segment, l4 + TcpHeader.WINDOW_OFFSET);
        long bytes = (long) old << from;
        int scaled = (int) Math.min(0xFFFF, bytes >>> to);
        BigEndian.putShort(segment, l4 + TcpHeader.WINDOW_OFFSET, scaled);
        return InternetChecksum.adjust16(checksum, old, scaled);
    }

    /**
     * Writes a 32-bit field at any offset of the TCP header and adjusts the checksum over the 16-bit
     * words (counted from the header's start) the field overlaps.
     */
    private static int rewrite32(MemorySegment segment, long l4, int fieldOffset, int value, int checksum) {
        int first = fieldOffset & ~1;
        int words = (fieldOffset & 1) == 0 ? 2 : 3;
        int c = checksum;
        long old0 = BigEndian.getUnsignedShort(segment, l4 + first);
        long old1 = BigEndian.getUnsignedShort(segment, l4 + first + 2);
        long old2 = words == 3 ? BigEndian.getUnsignedShort(segment, l4 + first + 4) : 0;
        BigEndian.putInt(segment, l4 + fieldOffset, value);
        c = InternetChecksum.adjust16(c, (int) old0, BigEndian.getUnsignedShort(segment, l4 + first));
        c = InternetChecksum.adjust16(c, (int) old1, BigEndian.getUnsignedShort(segment, l4 + first + 2));
        if (words == 3) {
            c = InternetChecksum.adjust16(c, (int) old2, BigEndian.getUnsignedShort(segment, l4 + first + 4));
        }
        return c;
    }
}
