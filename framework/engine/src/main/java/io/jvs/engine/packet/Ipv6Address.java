package io.jvs.engine.packet;

/**
 * IPv6 addresses as four {@code int} words whose big-endian bytes are the address: word 0 holds
 * the first four bytes on the wire, as {@link BigEndian#getInt} reads them. Parsing (RFC 4291
 * section 2.2 text forms) and formatting (RFC 5952 canonical form) use no {@code java.net}.
 */
public final class Ipv6Address {
    /** Number of 32-bit words in an address. */
    public static final int WORDS = 4;

    private Ipv6Address() {
    }

    /**
     * Parses an address into a new array.
     *
     * @param text for example {@code "2001:db8::1"} or {@code "::ffff:192.0.2.1"}
     * @return four words, word 0 first
     * @throws IllegalArgumentException when the text is not an IPv6 address
     */
    public static int[] parse(CharSequence text) {
        int[] words = new int[WORDS];
        parse(text, words);
        return words;
    }

    /**
     * Parses an address into the first four elements of {@code words}: eight groups of one to four
     * hex digits separated by colons, one {@code "::"} standing for one or more zero groups, and
     * optionally a dotted quad in place of the last two groups. Zone identifiers are not accepted.
     *
     * @param text the address
     * @param words where to store the four words
     * @throws IllegalArgumentException when the text is not an IPv6 address
     */
    public static void parse(CharSequence text, int[] words) {
        int[] groups = new int[8];
        int n = text.length();
        int count = 0;
        int compressAt = -1;
        int i = 0;
        if (n >= 2 && text.charAt(0) == ':' && text.charAt(1) == ':') {
            compressAt = 0;
            i = 2;
        } else if (n == 0 || text.charAt(0) == ':') {
            throw invalid(text);
        }
        while (i < n) {
            if (count == 8) {
                throw invalid(text);
            }
            int start = i;
            int value = 0;
            int digits = 0;
            while (i < n && Character.digit(text.charAt(i), 16) >= 0) {
                value = (value << 4) | Character.digit(text.charAt(i), 16);
                digits++;
                i++;
                if (digits > 4) {
                    throw invalid(text);
                }
            }
            if (i < n && text.charAt(i) == '.') {
                if (count > 6) {
                    throw invalid(text);
                }
                int v4 = Ipv4Address.parse(text, start, n);
                groups[count++] = v4 >>> 16;
                groups[count++] = v4 & 0xFFFF;
                i = n;
                break;
            }
            if (digits == 0) {
                throw invalid(text);
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (text.charAt(i) != ':') {
                throw invalid(text);
            }
            i++;
            if (i < n && text.charAt(i) == ':') {
                if (compressAt >= 0) {
                    throw invalid(text);
                }
                compressAt = count;
                i++;
            } else if (i == n) {
                throw invalid(text);
            }
        }
        int[] full = new int[8];
        if (compressAt < 0) {
            if (count != 8) {
                throw invalid(text);
            }
            System.arraycopy(groups, 0, full, 0, 8);
        } else {
            if (count > 7) {
                throw invalid(text);
            }
            System.arraycopy(groups, 0, full, 0, compressAt);
            int tail = count - compressAt;
            System.arraycopy(groups, compressAt, full, 8 - tail, tail);
        }
        for (int w = 0; w < WORDS; w++) {
            words[w] = (full[2 * w] << 16) | full[2 * w + 1];
        }
    }

    /**
     * Formats an address in the RFC 5952 canonical form: lower-case hex without leading zeros, the
     * longest run (the first one on a tie) of two or more zero groups replaced by {@code "::"}, and
     * IPv4-mapped addresses as {@code ::ffff:a.b.c.d}.
     *
     * @param w0 word 0 (first four bytes)
     * @param w1 word 1
     * @param w2 word 2
     * @param w3 word 3
     * @return the text
     */
    public static String format(int w0, int w1, int w2, int w3) {
        StringBuilder out = new StringBuilder(39);
        if (w0 == 0 && w1 == 0 && w2 == 0xFFFF) {
            out.append("::ffff:");
            Ipv4Address.appendTo(out, w3);
            return out.toString();
        }
        int[] groups = {
            w0 >>> 16, w0 & 0xFFFF, w1 >>> 16, w1 & 0xFFFF,
            w2 >>> 16, w2 & 0xFFFF, w3 >>> 16, w3 & 0xFFFF
        };
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /**
     * Formats an address held in the first four elements of an array.
     *
     * @param words four words, word 0 first
     * @return the text, as {@link #format(int, int, int, int)}
     */
    public static String format(int[] words) {
        return format(words[0], words[1], words[2], words[3]);
    }

    private static IllegalArgumentException invalid(CharSequence text) {
        return new IllegalArgumentException("not an IPv6 address: '" + text + "'");
    }
}
