package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * Walks the IPv6 extension header chain (RFC 8200 section 4) from the fixed header to the upper
 * layer, bounded in the number of headers it will cross, so that a long or looping chain costs a
 * fixed amount of work. Reusable and allocation-free: one instance per worker.
 *
 * <p>Headers crossed: hop-by-hop options (0, only directly after the fixed header), routing (43),
 * fragment (44, at most one), authentication (51) and destination options (60). Any other next
 * header value, including ESP (50) and "no next header" (59), ends the walk as the upper-layer
 * protocol. A fragment with a non-zero offset ends the walk after its fragment header: what follows
 * is fragment data, not a header.
 *
 * <pre>
 * Hop-by-hop, routing, destination options: length = (Hdr Ext Len + 1) * 8 bytes
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      type-specific data       +
 * ~                                                               ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Authentication header: length = (Payload Len + 2) * 4 bytes
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Payload Len  |          Reserved             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                SPI, sequence number, ICV                      ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Fragment header: 8 bytes
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p><b>Not thread-safe.</b>
 */
public final class Ipv6ExtensionWalker {
    /** Hop-by-hop options header (0). */
    public static final int HOP_BY_HOP = 0;
    /** Routing header (43). */
    public static final int ROUTING = 43;
    /** Fragment header (44). */
    public static final int FRAGMENT = 44;
    /** Encapsulating security payload (50): ends the walk, its content is opaque. */
    public static final int ESP = 50;
    /** Authentication header (51). */
    public static final int AUTHENTICATION = 51;
    /** No next header (59): nothing follows. */
    public static final int NO_NEXT_HEADER = 59;
    /** Destination options header (60). */
    public static final int DESTINATION_OPTIONS = 60;
    /** Length of a fragment header in bytes. */
    public static final int FRAGMENT_HEADER_LENGTH = 8;
    /**
     * Default bound on the extension headers crossed (8). RFC 8200 allows each header once,
     * destination options twice: 6 in a well-formed packet, so 8 leaves slack and stops abuse.
     */
    public static final int DEFAULT_MAX_HEADERS = 8;

    private final int maxHeaders;
    private int protocol;
    private long upperLayerOffset;
    private long nextHeaderFieldOffset;
    private int headerCount;
    private long fragmentHeaderOffset;
    private int fragmentOffset;
    private boolean moreFragments;
    private int identification;

    /** Creates a walker that crosses at most {@link #DEFAULT_MAX_HEADERS} extension headers. */
    public Ipv6ExtensionWalker() {
        this(DEFAULT_MAX_HEADERS);
    }

    /**
     * Creates a walker with its own bound.
     *
     * @param maxHeaders the most extension headers a chain may have, &gt;= 0
     * @throws IllegalArgumentException when negative
     */
    public Ipv6ExtensionWalker(int maxHeaders) {
        if (maxHeaders < 0) {
            throw new IllegalArgumentException("maxHeaders must be >= 0: " + maxHeaders);
        }
        this.maxHeaders = maxHeaders;
    }

    /**
     * Tells whether a next header value names an extension header this walker crosses.
     *
     * @param nextHeader an IANA protocol number
     * @return true for 0, 43, 44, 51 and 60
     */
    public static boolean isExtensionHeader(int nextHeader) {
        return nextHeader == HOP_BY_HOP || nextHeader == ROUTING || nextHeader == FRAGMENT
                || nextHeader == AUTHENTICATION || nextHeader == DESTINATION_OPTIONS;
    }

    /**
     * Walks the chain of the IPv6 packet at {@code ipv6Offset}, reading nothing at or beyond {@code
     * end}. The caller has checked that the 40-byte fixed header lies below {@code end}.
     *
     * @param segment the memory
     * @param ipv6Offset the byte offset of the fixed IPv6 header
     * @param end the byte offset just after the last byte of the packet (from its payload length)
     * @return {@link ParseResult#OK}; {@link ParseResult#TRUNCATED_L3} when a header crosses {@code
     *     end}; {@link ParseResult#IPV6_EXTENSION_LIMIT} when the chain is longer than the bound;
     *     {@link ParseResult#BAD_IPV6_EXTENSION_HEADER} for a misplaced hop-by-hop or a second
     *     fragment header. The fragment's data length is not checked here: the chain may be a
     *     truncated copy quoted in an ICMPv6 error.
     */
    public int walk(MemorySegment segment, long ipv6Offset, long end) {
        headerCount = 0;
        fragmentHeaderOffset = -1;
        fragmentOffset = 0;
        moreFragments = false;
        identification = 0;
        upperLayerOffset = -1;
        nextHeaderFieldOffset = ipv6Offset + Ipv6Header.NEXT_HEADER_OFFSET;
        long position = ipv6Offset + Ipv6Header.LENGTH;
        int next = BigEndian.getUnsignedByte(segment, nextHeaderFieldOffset);
        while (true) {
            protocol = next;
            long length;
            if (!isExtensionHeader(next)) {
                upperLayerOffset = position;
                return ParseResult.OK;
            }
            if ((next == HOP_BY_HOP && headerCount != 0) || (next == FRAGMENT && fragmentHeaderOffset >= 0)) {
                return ParseResult.BAD_IPV6_EXTENSION_HEADER;
            }
            if (next == FRAGMENT) {
                length = FRAGMENT_HEADER_LENGTH;
            } else if (position + 2 > end) {
                return ParseResult.TRUNCATED_L3;
            } else if (next == AUTHENTICATION) {
                length = (BigEndian.getUnsignedByte(segment, position + 1) + 2L) << 2;
            } else {
                length = (BigEndian.getUnsignedByte(segment, position + 1) + 1L) << 3;
            }
            if (headerCount == maxHeaders) {
                return ParseResult.IPV6_EXTENSION_LIMIT;
            }
            if (position + length > end) {
                return ParseResult.TRUNCATED_L3;
            }
            headerCount++;
            nextHeaderFieldOffset = position;
            next = BigEndian.getUnsignedByte(segment, position);
            if (protocol == FRAGMENT) {
                int word = BigEndian.getUnsignedShort(segment, position + 2);
                fragmentHeaderOffset = position;
                fragmentOffset = word & 0xFFF8;
                moreFragments = (word & 1) != 0;
                identification = BigEndian.getInt(segment, position + 4);
                if (fragmentOffset != 0) {
                    protocol = next;
                    upperLayerOffset = position + FRAGMENT_HEADER_LENGTH;
                    return ParseResult.OK;
                }
            }
            position += length;
        }
    }

    /** {@return the bound on the extension headers crossed} */
    public int maxHeaders() {
        return maxHeaders;
    }

    /**
     * Returns the upper-layer protocol found by the last successful walk (for a failed walk, the next
     * header value at which it stopped).
     *
     * @return an IANA protocol number
     */
    public int protocol() {
        return protocol;
    }

    /** {@return the byte offset of the upper-layer header (or of the fragment data), -1 after a failed walk} */
    public long upperLayerOffset() {
        return upperLayerOffset;
    }

    /** {@return the byte offset of the next header field that names the upper layer (for rewriting the chain)} */
    public long nextHeaderFieldOffset() {
        return nextHeaderFieldOffset;
    }

    /** {@return the number of extension headers crossed} */
    public int headerCount() {
        return headerCount;
    }

    /** {@return the byte offset of the fragment header, or -1 when there is none} */
    public long fragmentHeaderOffset() {
        return fragmentHeaderOffset;
    }

    /**
     * Tells whether the packet is a fragment. An "atomic fragment" (offset 0, no more fragments, RFC
     * 6946) is a whole packet and is not a fragment.
     *
     * @return true when a fragment header has a non-zero offset or the M flag
     */
    public boolean isFragment() {
        return fragmentOffset != 0 || moreFragments;
    }

    /** {@return the fragment offset in bytes (a multiple of 8), 0 without fragment header} */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** {@return the M ("more fragments") flag of the fragment header} */
    public boolean moreFragments() {
        return moreFragments;
    }

    /** {@return the identification of the fragment header, 0 without one} */
    public int identification() {
        return identification;
    }
}
