package io.jvs.server.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as configuration files write them: a whole number and a unit, {@code 250ms},
 * {@code 300s}, {@code 5m}, {@code 1h}, {@code 1d}. A bare number is refused: {@code 300} could be
 * seconds (ipvsadm) or milliseconds, and a guess would be silently wrong.
 */
public final class DurationText {

    private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private DurationText() {
    }

    /**
     * Parses a duration.
     *
     * @param text e.g. {@code 300s}
     * @return the duration
     * @throws IllegalArgumentException when the text is not a whole number and a unit
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write a whole number and a unit,"
                    + " one of ms, s, m, h, d (e.g. 300s, 5m, 250ms)");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /**
     * Formats a duration in the largest unit that divides it: {@code 300s} becomes {@code 5m}.
     *
     * @param duration a non-negative duration of whole milliseconds
     * @return the text, which {@link #parse} reads back to the same duration
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 86_400_000L == 0 && millis != 0) {
            return millis / 86_400_000L + "d";
        }
        if (millis % 3_600_000L == 0 && millis != 0) {
            return millis / 3_600_000L + "h";
        }
        if (millis % 60_000L == 0 && millis != 0) {
            return millis / 60_000L + "m";
        }
        if (millis % 1000L == 0) {
            return millis / 1000L + "s";
        }
        return millis + "ms";
    }
}
