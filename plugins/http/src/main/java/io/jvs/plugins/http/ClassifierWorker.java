package io.jvs.plugins.http;

import java.util.List;
import java.util.regex.Matcher;

/**
 * The per-thread state of one {@code http-method} scheduler: the bounded payload flyweight, the
 * request-line offsets, the budgeted character view and one reusable {@link Matcher} per URI rule,
 * all created once per thread so that classifying a connection allocates nothing.
 *
 * <p>Owned by one thread ({@link ThreadLocal}); {@code schedule} may run on several workers at once.
 */
final class ClassifierWorker {

    final PayloadBytes bytes = new PayloadBytes();
    final RequestLine line = new RequestLine();
    final PayloadChars chars = new PayloadChars(bytes);
    /** Per rule, the matcher of its URI regex over {@link #chars}, or {@code null} without one. */
    final Matcher[] uriMatchers;

    /**
     * Creates the state for the given rules.
     *
     * @param rules the scheduler's rules
     */
    ClassifierWorker(List<RuleSpec> rules) {
        uriMatchers = new Matcher[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            RuleSpec rule = rules.get(r);
            uriMatchers[r] = rule.uri() == null ? null : rule.uri().matcher(chars);
        }
    }
}
