package io.jvs.plugins.http;

import java.util.regex.Pattern;

/**
 * One classification rule, checked: a condition on the method (as a mask over the
 * {@link MethodSet}, computed once from the rule's regex), an optional regex on the request-target,
 * and the target.
 *
 * @param index the rule's position, from 0, as in {@code rules[0]}
 * @param text the rule as written
 * @param methodMask bit {@code m} set when method {@code m} satisfies the rule (all bits without a
 *     method condition)
 * @param uri the regex searched for in the request-target ({@link java.util.regex.Matcher#find()}),
 *     or {@code null} for any target
 * @param target where a matching connection goes
 */
record RuleSpec(int index, String text, long methodMask, Pattern uri, TargetSpec target) {
}
