package io.jvs.plugins.http;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a rule sends a connection: a pool and the inner scheduler that chooses in it, with the
 * inner scheduler's parameters.
 *
 * <pre>
 *   target = pool [ ":" scheduler [ "(" name "=" value { "," name "=" value } ")" ] ]
 *   reads            reads:rr          writes:wlc          all:mh(mh-port=true)
 * </pre>
 *
 * @param pool the pool's name ({@value HttpClassifierSettings#ALL_POOL} for every destination)
 * @param scheduler the inner scheduler's name
 * @param parameters its parameters as text, sorted by name
 */
record TargetSpec(String pool, String scheduler, Map<String, String> parameters) {

    /** The inner scheduler when a target names none: {@value}, as ipvsadm's default. */
    static final String DEFAULT_SCHEDULER = "wlc";

    /** Copies the parameters, sorted. */
    TargetSpec {
        parameters = Map.copyOf(new TreeMap<>(parameters));
    }

    /**
     * Parses a target.
     *
     * @param text the target
     * @return the target
     * @throws IllegalArgumentException when malformed; the message says how
     */
    static TargetSpec parse(String text) {
        String t = text.strip();
        int colon = t.indexOf(':');
        String pool = colon < 0 ? t : t.substring(0, colon);
        if (!HttpClassifierSettings.NAME.matcher(pool).matches()) {
            throw new IllegalArgumentException("'" + text + "': the pool name '" + pool
                    + "' must be lower case letters, digits, '-' and '_'");
        }
        if (colon < 0) {
            return new TargetSpec(pool, DEFAULT_SCHEDULER, Map.of());
        }
        String rest = t.substring(colon + 1);
        int open = rest.indexOf('(');
        String scheduler = open < 0 ? rest : rest.substring(0, open);
        if (scheduler.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': no scheduler after ':'");
        }
        Map<String, String> parameters = new TreeMap<>();
        if (open >= 0) {
            if (!rest.endsWith(")")) {
                throw new IllegalArgumentException("'" + text + "': the parameters must end with ')'");
            }
            String inside = rest.substring(open + 1, rest.length() - 1).strip();
            if (!inside.isEmpty()) {
                for (String pair : inside.split(",")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("'" + text + "': parameter '" + pair.strip()
                                + "' is not name=value");
                    }
                    String name = pair.substring(0, eq).strip();
                    if (parameters.put(name, pair.substring(eq + 1).strip()) != null) {
                        throw new IllegalArgumentException("'" + text + "': parameter '" + name + "' is set twice");
                    }
                }
            }
        }
        return new TargetSpec(pool, scheduler, parameters);
    }

    /** {@return the canonical text: rules with equal text share one inner scheduler} */
    @Override
    public String toString() {
        if (parameters.isEmpty()) {
            return pool + ":" + scheduler;
        }
        StringBuilder b = new StringBuilder(pool).append(':').append(scheduler).append('(');
        String sep = "";
        for (Map.Entry<String, String> e : new TreeMap<>(parameters).entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return b.append(')').toString();
    }
}
