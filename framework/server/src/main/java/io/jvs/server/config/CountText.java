package io.jvs.server.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Large counts (table capacities) as configuration files may write them: a plain integer, or a
 * whole number with a decimal suffix {@code k}, {@code M}, {@code G} (powers of 1000) or a binary
 * one {@code Ki}, {@code Mi}, {@code Gi} (powers of 1024): {@code 1Mi} is 1048576, {@code 1M} is
 * 1000000.
 */
public final class CountText {

    private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(k|M|G|Ki|Mi|Gi)?");

    private CountText() {
    }

    /**
     * Parses a count.
     *
     * @param text e.g. {@code 65536} or {@code 64Ki}
     * @return the count
     * @throws IllegalArgumentException when the text is not such a count, or above {@link Long#MAX_VALUE}
     */
    public static long parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a count: write an integer, optionally with a"
                    + " suffix k, M, G (x1000) or Ki, Mi, Gi (x1024), e.g. 65536 or 64Ki");
        }
        long amount = Long.parseLong(m.group(1));
        long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            default -> 1L << 30;
        };
        return Math.multiplyExact(amount, unit);
    }
}
