package io.jvs.server.config;

import java.util.Collection;
import java.util.Locale;

/**
 * Finds the known word an unknown one was probably meant to be ({@code weigth} for {@code weight},
 * {@code expire-nodest-conn} for {@code expire_nodest_conn}), for "did you mean" hints.
 */
public final class KeySuggestion {

    private KeySuggestion() {
    }

    /**
     * Returns the closest known word, when it is close enough to be a likely typo: the same word up
     * to case and {@code -}/{@code _}, or within an edit distance of a third of its length (at
     * least 1, at most 3).
     *
     * @param unknown the word given
     * @param known the words allowed
     * @return the suggestion, or {@code null} when none is close
     */
    public static String closest(String unknown, Collection<String> known) {
        String normalized = normalize(unknown);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            if (normalize(candidate).equals(normalized)) {
                return candidate;
            }
            int distance = distance(unknown.toLowerCase(Locale.ROOT), candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        int limit = best == null ? 0 : Math.min(3, Math.max(1, best.length() / 3));
        return bestDistance <= limit ? best : null;
    }

    /**
     * Returns {@code "; did you mean 'x'?"}, or {@code ""} when nothing is close.
     *
     * @param unknown the word given
     * @param known the words allowed
     * @return the hint, to append to a message
     */
    public static String hint(String unknown, Collection<String> known) {
        String suggestion = closest(unknown, known);
        return suggestion == null ? "" : "; did you mean '" + suggestion + "'?";
    }

    private static String normalize(String word) {
        return word.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Levenshtein distance, with a transposition of neighbours counted as one edit. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
