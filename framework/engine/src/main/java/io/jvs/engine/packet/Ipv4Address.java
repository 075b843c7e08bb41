package io.jvs.engine.packet;

/**
 * IPv4 addresses as {@code int}s whose big-endian bytes are the address: {@code 192.0.2.1} is
 * {@code 0xC0000201}, the value {@link BigEndian#getInt} reads from the wire. Parsing and formatting
 * use no {@code java.net} and allocate only the returned string.
 */
public final class Ipv4Address {
    private Ipv4Address() {
    }

    /**
     * Parses a dotted quad: four decimal octets 0..255 separated by dots, without leading zeros
     * (which some resolvers read as octal).
     *
     * @param text for example {@code "198.51.100.10"}
     * @return the address
     * @throws IllegalArgumentException when the text is not a dotted quad
     */
    public static int parse(CharSequence text) {
        return parse(text, 0, text.length());
    }

    /**
     * Parses a dotted quad in {@code text[start, end)}.
     *
     * @param text the characters
     * @param start the index of the first character
     * @param end the index after the last character
     * @return the address
     * @throws IllegalArgumentException when the range is not a dotted quad
     */
    public static int parse(CharSequence text, int start, int end) {
        int value = 0;
        int octets = 0;
        int digits = 0;
        int octet = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (digits == 0 || octets == 3) {
                    throw invalid(text);
                }
                value = (value << 8) | octet;
                octets++;
                digits = 0;
                octet = 0;
            } else if (c >= '0' && c <= '9') {
                if ((digits == 1 && octet == 0) || digits == 3) {
                    throw invalid(text);
                }
                octet = octet * 10 + (c - '0');
                if (octet > 255) {
                    throw invalid(text);
                }
                digits++;
            } else {
                throw invalid(text);
            }
        }
        if (digits == 0 || octets != 3) {
            throw invalid(text);
        }
        return (value << 8) | octet;
    }

    /**
     * Formats an address as a dotted quad.
     *
     * @param address the address (big-endian bytes)
     * @return for example {@code "198.51.100.10"}
     */
    public static String format(int address) {
        StringBuilder out = new StringBuilder(15);
        appendTo(out, address);
        return out.toString();
    }

    /**
     * Appends an address as a dotted quad.
     *
     * @param out where to append
     * @param address the address (big-endian bytes)
     */
    public static void appendTo(StringBuilder out, int address) {
        out.append(address >>> 24).append('.')
                .append((address >>> 16) & 0xFF).append('.')
                .append((address >>> 8) & 0xFF).append('.')
                .append(address & 0xFF);
    }

    private static IllegalArgumentException invalid(CharSequence text) {
        return new IllegalArgumentException("not an IPv4 address: '" + text + "'");
    }
}
