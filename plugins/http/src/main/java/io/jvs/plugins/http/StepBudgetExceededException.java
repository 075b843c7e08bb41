package io.jvs.plugins.http;

/**
 * Thrown by {@link PayloadChars#charAt} when a regex has read more characters than its step budget
 * allows for one connection, to unwind {@link java.util.regex.Matcher} at once. One preallocated
 * instance without stack trace or suppression: throwing it allocates nothing. Never leaves the
 * scheduler.
 */
final class StepBudgetExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The one instance. */
    static final StepBudgetExceededException INSTANCE = new StepBudgetExceededException();

    private StepBudgetExceededException() {
        super("regex step budget exceeded", null, false, false);
    }
}
