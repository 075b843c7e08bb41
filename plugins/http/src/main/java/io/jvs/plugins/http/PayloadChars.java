package io.jvs.plugins.http;

import java.nio.charset.StandardCharsets;

/**
 * A range of the payload (the request-target) as a {@link CharSequence} for
 * {@link java.util.regex.Matcher}, with a step budget: every {@link #charAt} costs one step, and
 * when the budget of the current connection is spent it throws the preallocated
 * {@link StepBudgetExceededException}. java.util.regex backtracks, and a pattern such as
 * {@code (a+)+$} takes exponential time on {@code aaaa...!}; but each backtracking step that
 * consumes input reads a character through here, so the budget bounds the work of all the
 * connection's regexes together (zero-width repetitions are cut by the engine itself: a loop
 * iteration that consumes nothing ends the loop).
 *
 * <p>Bytes are read as ISO-8859-1 characters; the scanner admits only visible ASCII into a
 * request-target anyway.
 *
 * <p><b>Flyweight:</b> one per worker thread, pointed at a range for one call. Not thread-safe.
 */
final class PayloadChars implements CharSequence {

    private final PayloadBytes bytes;
    private int start;
    private int length;
    private long stepsLeft;
    private long stepsTaken;

    /**
     * Creates the view over a worker's payload bytes.
     *
     * @param bytes the bounded payload
     */
    PayloadChars(PayloadBytes bytes) {
        this.bytes = bytes;
    }

    /**
     * Starts a connection: sets the budget for all its regex matching.
     *
     * @param steps how many characters the regexes may read in all
     */
    void budget(long steps) {
        this.stepsLeft = steps;
        this.stepsTaken = 0;
    }

    /**
     * Points at a range of the payload.
     *
     * @param from the first byte
     * @param to the end, exclusive; at most the payload's bounded length
     */
    void range(int from, int to) {
        this.start = from;
        this.length = to - from;
    }

    /** {@return the characters read since the last {@link #budget}, including the one that overran} */
    long stepsTaken() {
        return stepsTaken;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        stepsTaken++;
        if (--stepsLeft < 0) {
            throw StepBudgetExceededException.INSTANCE;
        }
        return (char) (bytes.byteAt(start + index) & 0xFF);
    }

    /** Copies the range; not for the packet path (the matcher never calls it while matching). */
    @Override
    public CharSequence subSequence(int from, int to) {
        return toString().substring(from, to);
    }

    /** Copies the range; not for the packet path. */
    @Override
    public String toString() {
        byte[] copy = new byte[length];
        for (int i = 0; i < length; i++) {
            copy[i] = bytes.byteAt(start + i);
        }
        return new String(copy, StandardCharsets.ISO_8859_1);
    }
}
