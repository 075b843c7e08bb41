package io.jvs.plugins.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The request methods the classifier recognises, each a token (RFC 9110 §9.1, case-sensitive), with
 * an index used by rules' method masks. Anything else in the method position makes the line "not
 * HTTP". Immutable.
 */
final class MethodSet {

    /** The methods RFC 9110 §9 defines, plus PATCH (RFC 5789): the default. */
    static final String DEFAULT = "GET HEAD POST PUT DELETE CONNECT OPTIONS TRACE PATCH";

    /** At most this many methods, so that a rule's method mask fits a {@code long}. */
    static final int MAX_METHODS = 64;

    /** At most this many bytes per method token. */
    static final int MAX_METHOD_BYTES = 32;

    private final String[] names;
    private final byte[][] bytes;
    private final int longest;

    private MethodSet(List<String> names) {
        this.names = names.toArray(new String[0]);
        this.bytes = new byte[names.size()][];
        int max = 0;
        for (int i = 0; i < names.size(); i++) {
            bytes[i] = names.get(i).getBytes(StandardCharsets.US_ASCII);
            max = Math.max(max, bytes[i].length);
        }
        this.longest = max;
    }

    /**
     * Parses a list of methods separated by spaces, commas or {@code |}.
     *
     * @param text the list
     * @return the set
     * @throws IllegalArgumentException when a method is not a token, is too long, appears twice or
     *     the list is empty or too long; the message says which
     */
    static MethodSet parse(String text) {
        Set<String> seen = new LinkedHashSet<>();
        for (String word : text.strip().split("[\\s,|]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (word.length() > MAX_METHOD_BYTES) {
                throw new IllegalArgumentException("method '" + word + "' is longer than " + MAX_METHOD_BYTES
                        + " bytes");
            }
            for (int i = 0; i < word.length(); i++) {
                if (!RequestLineScanner.isTokenChar(word.charAt(i))) {
                    throw new IllegalArgumentException("method '" + word + "' is not a token (RFC 9110 §5.6.2):"
                            + " character '" + word.charAt(i) + "'");
                }
            }
            if (!seen.add(word)) {
                throw new IllegalArgumentException("method '" + word + "' is listed twice");
            }
        }
        if (seen.isEmpty()) {
            throw new IllegalArgumentException("no method is listed");
        }
        if (seen.size() > MAX_METHODS) {
            throw new IllegalArgumentException("at most " + MAX_METHODS + " methods, got " + seen.size());
        }
        return new MethodSet(new ArrayList<>(seen));
    }

    /** {@return the number of methods} */
    int size() {
        return names.length;
    }

    /**
     * Returns one method's name.
     *
     * @param index 0 &lt;= index &lt; {@link #size()}
     * @return the name
     */
    String name(int index) {
        return names[index];
    }

    /** {@return the length of the longest method, bytes} */
    int longest() {
        return longest;
    }

    /**
     * Finds the method a token is. Allocation-free; reads {@code length} bytes at most.
     *
     * @param line the bytes
     * @param length the token's length, bytes, from index 0
     * @return the method's index, or -1 when the token is none of the methods
     */
    int indexOf(PayloadBytes line, int length) {
        for (int m = 0; m < bytes.length; m++) {
            byte[] candidate = bytes[m];
            if (candidate.length != length) {
                continue;
            }
            int i = 0;
            while (i < length && line.byteAt(i) == candidate[i]) {
                i++;
            }
            if (i == length) {
                return m;
            }
        }
        return -1;
    }

    /**
     * Tells whether the first bytes could still become one of the methods. Allocation-free.
     *
     * @param line the bytes
     * @param length how many bytes from index 0
     * @return true when some method starts with them (always for 0 bytes)
     */
    boolean startsAny(PayloadBytes line, int length) {
        for (byte[] candidate : bytes) {
            if (candidate.length < length) {
                continue;
            }
            int i = 0;
            while (i < length && line.byteAt(i) == candidate[i]) {
                i++;
            }
            if (i == length) {
                return true;
            }
        }
        return false;
    }

    /** {@return the methods, space-separated} */
    @Override
    public String toString() {
        return String.join(" ", names);
    }
}
