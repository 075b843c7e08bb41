package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a GRE header (RFC 2784) with the key and sequence number extensions (RFC 2890).
 * The optional fields are present in this order when their flag is set, so set the flags (with
 * {@link #flagsAndVersion(int)}) before writing them.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C| |K|S| Reserved0       | Ver |         Protocol Type         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Checksum (if C)          |       Reserved1 (if C)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Key (if K)                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Sequence Number (if S)                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The protocol type is the EtherType of the payload ({@link EtherType#IPV4}, {@link
 * EtherType#IPV6}). The checksum, when present, covers the GRE header and payload.
 *
 * <p><b>Not thread-safe.</b>
 */
public final class GreHeader {
    /** Offset of the flags and version word. */
    public static final int FLAGS_VERSION_OFFSET = 0;
    /** Offset of the protocol type. */
    public static final int PROTOCOL_TYPE_OFFSET = 2;
    /** Offset of the first optional field. */
    public static final int OPTIONAL_FIELDS_OFFSET = 4;
    /** Length of a header without optional fields in bytes. */
    public static final int MIN_LENGTH = 4;
    /** Length of a header with all optional fields in bytes. */
    public static final int MAX_LENGTH = 16;
    /** Checksum present (C). */
    public static final int FLAG_CHECKSUM = 0x8000;
    /** Key present (K, RFC 2890). */
    public static final int FLAG_KEY = 0x2000;
    /** Sequence number present (S, RFC 2890). */
    public static final int FLAG_SEQUENCE = 0x1000;
    /** Mask of the version bits (0 for GRE). */
    public static final int VERSION_MASK = 0x0007;

    private MemorySegment segment;
    private long offset;

    /** Creates an unwrapped flyweight: call {@link #wrap} before any other method. */
    public GreHeader() {
    }

    /**
     * Returns the header length implied by a flags word.
     *
     * @param flagsAndVersion the first 16 bits of the header
     * @return 4, 8, 12 or 16 bytes
     */
    public static int headerLength(int flagsAndVersion) {
        int length = MIN_LENGTH;
        if ((flagsAndVersion & FLAG_CHECKSUM) != 0) {
            length += 4;
        }
        if ((flagsAndVersion & FLAG_KEY) != 0) {
            length += 4;
        }
        if ((flagsAndVersion & FLAG_SEQUENCE) != 0) {
            length += 4;
        }
        return length;
    }

    /**
     * Points this flyweight at a header.
     *
     * @param segment the memory holding the packet
     * @param offset the byte offset of the flags word
     * @return this
     */
    public GreHeader wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /** {@return the wrapped segment} */
    public MemorySegment segment() {
        return segment;
    }

    /** {@return the byte offset of the header within the segment} */
    public long offset() {
        return offset;
    }

    /** {@return the flags and version word, 16 bits} */
    public int flagsAndVersion() {
        return BigEndian.getUnsignedShort(segment, offset + FLAGS_VERSION_OFFSET);
    }

    /**
     * Sets the flags and version word.
     *
     * @param word see {@link #FLAG_CHECKSUM}, {@link #FLAG_KEY}, {@link #FLAG_SEQUENCE}
     * @return this
     */
    public GreHeader flagsAndVersion(int word) {
        BigEndian.putShort(segment, offset + FLAGS_VERSION_OFFSET, word);
        return this;
    }

    /** {@return true when the checksum field is present} */
    public boolean checksumPresent() {
        return (flagsAndVersion() & FLAG_CHECKSUM) != 0;
    }

    /** {@return true when the key field is present} */
    public boolean keyPresent() {
        return (flagsAndVersion() & FLAG_KEY) != 0;
    }

    /** {@return true when the sequence number field is present} */
    public boolean sequencePresent() {
        return (flagsAndVersion() & FLAG_SEQUENCE) != 0;
    }

    /** {@return the version, 0 for GRE} */
    public int version() {
        return flagsAndVersion() & VERSION_MASK;
    }

    /** {@return the protocol type: the EtherType of the payload} */
    public int protocolType() {
        return BigEndian.getUnsignedShort(segment, offset + PROTOCOL_TYPE_OFFSET);
    }

    /**
     * Sets the protocol type.
     *
     * @param etherType the EtherType of the payload
     * @return this
     */
    public GreHeader protocolType(int etherType) {
        BigEndian.putShort(segment, offset + PROTOCOL_TYPE_OFFSET, etherType);
        return this;
    }

    /** {@return the header length in bytes, from the flags} */
    public int headerLength() {
        return headerLength(flagsAndVersion());
    }

    /** {@return the checksum field; meaningful when {@link #checksumPresent()}} */
    public int checksum() {
        return BigEndian.getUnsignedShort(segment, offset + OPTIONAL_FIELDS_OFFSET);
    }

    /**
     * Sets the checksum field (and clears Reserved1); the C flag must be set.
     *
     * @param checksum 0..65535
     * @return this
     */
    public GreHeader checksum(int checksum) {
        BigEndian.putInt(segment, offset + OPTIONAL_FIELDS_OFFSET, checksum << 16);
        return this;
    }

    private long keyOffset() {
        return offset + OPTIONAL_FIELDS_OFFSET + (checksumPresent() ? 4 : 0);
    }

    private long sequenceOffset() {
        return keyOffset() + (keyPresent() ? 4 : 0);
    }

    /** {@return the key; meaningful when {@link #keyPresent()}} */
    public int key() {
        return BigEndian.getInt(segment, keyOffset());
    }

    /**
     * Sets the key; the K flag must be set.
     *
     * @param key 32 bits
     * @return this
     */
    public GreHeader key(int key) {
        BigEndian.putInt(segment, keyOffset(), key);
        return this;
    }

    /** {@return the sequence number; meaningful when {@link #sequencePresent()}} */
    public int sequenceNumber() {
        return BigEndian.getInt(segment, sequenceOffset());
    }

    /**
     * Sets the sequence number; the S flag must be set.
     *
     * @param sequence 32 bits
     * @return this
     */
    public GreHeader sequenceNumber(int sequence) {
        BigEndian.putInt(segment, sequenceOffset(), sequence);
        return this;
    }

    /** {@return the byte offset of the payload within the segment} */
    public long payloadOffset() {
        return offset + headerLength();
    }

    /**
     * Computes and stores the checksum over header and payload; the C flag must be set.
     *
     * @param length the length of GRE header and payload in bytes
     * @return this
     */
    public GreHeader updateChecksum(int length) {
        checksum(0);
        return checksum(InternetChecksum.checksum(segment, offset, length));
    }
}
