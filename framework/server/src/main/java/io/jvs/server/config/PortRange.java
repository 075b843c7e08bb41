package io.jvs.server.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inclusive range of ports, written {@code 1024-65535} (or one port, {@code 8080}).
 *
 * @param first the first port, 1..65535
 * @param last the last port, {@code first}..65535
 */
public record PortRange(int first, int last) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,5})(?:\\s*-\\s*(\\d{1,5}))?");

    /** Checks the bounds. */
    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException(first + "-" + last + " is not a port range within 1-65535");
        }
    }

    /**
     * Parses a range.
     *
     * @param text {@code FIRST-LAST} or a single port
     * @return the range
     * @throws IllegalArgumentException when the text is not a range within 1-65535
     */
    public static PortRange parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a port range: write FIRST-LAST, e.g. 1024-65535");
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        return new PortRange(first, last);
    }

    /**
     * Returns {@code FIRST-LAST}.
     *
     * @return the text {@link #parse} reads back
     */
    @Override
    public String toString() {
        return first + "-" + last;
    }
}
