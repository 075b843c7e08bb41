package io.jvs.plugins.offsethash;

import io.jvs.spi.InvalidParameterException;

/**
 * Where the session id lies in a datagram's payload: bytes {@code [offset, offset + length)}, counted
 * from the first byte after the transport header. Immutable, so that a parameter write is published
 * by one volatile write of a new instance and a worker always sees a consistent pair.
 *
 * <p>Its text form is the parameter file of the out-of-tree IPVS offset scheduler
 * ({@code /proc/net/ipvs_sch_offset}): {@link #text()} reads {@code offset:%u;offlen:%u}, and
 * {@link #parse(String)} accepts a write {@code offset:N offlen:M} (blank- or {@code ;}-separated,
 * in either order, so that the read form can be written back).
 *
 * @param offset the first byte of the session id, 0..{@value #MAX_OFFSET} bytes into the payload
 * @param length the number of bytes of the session id, 1..{@value #MAX_LENGTH}
 */
public record SessionIdPosition(int offset, int length) {

    /** The largest offset, in bytes: the UDP payload of a 1500-byte IPv4 packet is at most 1472 bytes. */
    public static final int MAX_OFFSET = 1472;

    /** The longest session id, in bytes. */
    public static final int MAX_LENGTH = 64;

    /** The name of the offset in parameters and in the parameter file. */
    public static final String OFFSET = "offset";

    /** The name of the length in parameters and in the parameter file. */
    public static final String LENGTH = "offlen";

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException when {@code offset} or {@code length} is out of range
     */
    public SessionIdPosition {
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException(OFFSET + " must be 0.." + MAX_OFFSET + ", got " + offset);
        }
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException(LENGTH + " must be 1.." + MAX_LENGTH + ", got " + length);
        }
    }

    /**
     * Returns the number of payload bytes a datagram needs to carry the whole session id.
     *
     * @return {@code offset + length}, in bytes
     */
    public int end() {
        return offset + length;
    }

    /**
     * Returns the parameter file's read form, exactly {@code offset:%u;offlen:%u}.
     *
     * @return for example {@code offset:4;offlen:8}
     */
    public String text() {
        return OFFSET + ":" + offset + ";" + LENGTH + ":" + length;
    }

    /**
     * Parses a write to the parameter file: {@code offset:N offlen:M}, the fields separated by blanks
     * or {@code ;} (so the read form {@code offset:N;offlen:M} is accepted too), in either order, each
     * exactly once, with decimal values; leading and trailing blanks (the newline of {@code echo}) are
     * ignored.
     *
     * @param text the text written
     * @return the new position
     * @throws InvalidParameterException (EINVAL) when the text is malformed or a value is out of range;
     *     the message names the field and what is allowed
     */
    public static SessionIdPosition parse(String text) throws InvalidParameterException {
        if (text == null || text.isBlank()) {
            throw invalid(null, "empty write; expected 'offset:N offlen:M'");
        }
        long offset = -1;
        long length = -1;
        for (String field : text.strip().split("[\\s;]+")) {
            int colon = field.indexOf(':');
            String name = colon < 0 ? field : field.substring(0, colon);
            if (colon < 0) {
                throw invalid(null, "'" + field + "' is not name:value; expected 'offset:N offlen:M'");
            }
            long value = decimal(name, field.substring(colon + 1));
            switch (name) {
                case OFFSET -> {
                    if (offset >= 0) {
                        throw invalid(OFFSET, "given twice");
                    }
                    offset = value;
                }
                case LENGTH -> {
                    if (length >= 0) {
                        throw invalid(LENGTH, "given twice");
                    }
                    length = value;
                }
                default -> throw invalid(name, "unknown field; expected 'offset:N offlen:M'");
            }
        }
        if (offset < 0) {
            throw invalid(OFFSET, "missing; expected 'offset:N offlen:M'");
        }
        if (length < 0) {
            throw invalid(LENGTH, "missing; expected 'offset:N offlen:M'");
        }
        if (offset > MAX_OFFSET) {
            throw invalid(OFFSET, "must be 0.." + MAX_OFFSET + ", got " + offset);
        }
        if (length < 1 || length > MAX_LENGTH) {
            throw invalid(LENGTH, "must be 1.." + MAX_LENGTH + ", got " + length);
        }
        return new SessionIdPosition((int) offset, (int) length);
    }

    private static long decimal(String name, String digits) throws InvalidParameterException {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(name, "'" + digits + "' is not an unsigned decimal number");
        }
        return Long.parseLong(digits);
    }

    private static InvalidParameterException invalid(String field, String why) {
        return new InvalidParameterException(field, "EINVAL: " + why);
    }
}
