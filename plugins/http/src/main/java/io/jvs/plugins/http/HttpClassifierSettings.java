package io.jvs.plugins.http;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.SchedulerParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The settings of one {@code http-method} scheduler, parsed and checked from its parameters, once,
 * on the control plane. Every error names its parameter and, inside it, the pool or rule
 * ({@code rules[2].uri: invalid regex ...}).
 *
 * <pre>
 * pools:        name=member{,member} {; name=member{,member}}
 *                 member = 10.0.0.1:80 | 10.0.0.1 (any port) | [2001:db8::1]:80
 * rules:        rule {; rule}      (";" or a line break ends a rule)
 *                 rule   = [method=REGEX] [uri=REGEX] -> target
 *                 target = pool[:scheduler[(name=value{,name=value})]]
 * default-pool: target for HTTP requests no rule matches
 * non-http:     default-pool | reset
 * methods:      the recognised methods, separated by spaces or "|"
 * max-bytes:    how many payload bytes at most are read
 * regex-steps:  how many characters the URI regexes may read per connection
 * </pre>
 *
 * A regex may not contain spaces, {@code ;} or line breaks (write {@code \x20}, {@code \x3B}). The
 * method regex must match a whole method ({@code GET|HEAD}); the URI regex is searched for in the
 * request-target (anchor it with {@code ^} for a prefix).
 *
 * @param methods the recognised methods
 * @param pools the pools by name, in file order, without the implicit {@value #ALL_POOL}
 * @param rules the rules, in order
 * @param defaultTarget where HTTP requests that match no rule go (and non-HTTP ones unless reset)
 * @param resetNonHttp true to refuse (reset) connections that do not start with a request line
 * @param maxBytes the byte bound of the scan
 * @param regexSteps the step budget of the URI regexes per connection
 */
record HttpClassifierSettings(MethodSet methods, Map<String, List<PoolMember>> pools, List<RuleSpec> rules,
        TargetSpec defaultTarget, boolean resetNonHttp, int maxBytes, long regexSteps) {

    /** Parameter: the pools. */
    static final String POOLS = "pools";
    /** Parameter: the rules. */
    static final String RULES = "rules";
    /** Parameter: the target of requests no rule matches. */
    static final String DEFAULT_POOL = "default-pool";
    /** Parameter: what to do with a connection that does not start with a request line. */
    static final String NON_HTTP = "non-http";
    /** Parameter: the recognised methods. */
    static final String METHODS = "methods";
    /** Parameter: the byte bound. */
    static final String MAX_BYTES = "max-bytes";
    /** Parameter: the regex step budget. */
    static final String REGEX_STEPS = "regex-steps";

    /** The implicit pool of every destination of the service. */
    static final String ALL_POOL = "all";
    /** {@value #NON_HTTP} choice: send it to the default pool. */
    static final String NON_HTTP_DEFAULT_POOL = "default-pool";
    /** {@value #NON_HTTP} choice: refuse it (no destination: the data plane resets the client). */
    static final String NON_HTTP_RESET = "reset";

    /** Default {@value}: the longest request lines browsers send are well below; see {@link #MAX_BYTES}. */
    static final long MAX_BYTES_DEFAULT = 2048;
    /**
     * Default {@value}: two reads per byte of a default-sized line and far more per byte of a
     * typical one, ample for regexes without nested quantifiers; the worst case it allows costs about
     * 40 to 80 µs (10 to 20 ns per backtracking step, measured), where 16384 would cost four times as
     * much. Raise it when {@code regex-budget-exceeded} counts benign requests.
     */
    static final long REGEX_STEPS_DEFAULT = 4096;

    /** Pool and scheduler names. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /** The parameters the factory declares. */
    static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.text(POOLS, "",
                    "named subsets of the destinations: 'reads=10.0.0.1:80,10.0.0.2:80; writes=10.0.0.3:80';"
                            + " the pool 'all' always holds every destination"),
            ParameterSpec.text(RULES, "",
                    "ordered rules '[method=REGEX] [uri=REGEX] -> pool[:scheduler[(k=v,...)]]' separated by ';',"
                            + " e.g. 'method=GET|HEAD -> reads:rr; method=POST|PUT|DELETE -> writes:wlc'"),
            ParameterSpec.text(DEFAULT_POOL, ALL_POOL + ":" + TargetSpec.DEFAULT_SCHEDULER,
                    "the target of HTTP requests that match no rule (and of non-HTTP connections unless"
                            + " non-http is reset)"),
            ParameterSpec.choice(NON_HTTP, NON_HTTP_DEFAULT_POOL, List.of(NON_HTTP_DEFAULT_POOL, NON_HTTP_RESET),
                    "a connection that does not start with an HTTP/1.x request line goes to the default pool,"
                            + " or is reset (counted either way)"),
            ParameterSpec.text(METHODS, MethodSet.DEFAULT,
                    "the recognised methods (case-sensitive tokens); any other first word is not HTTP"),
            ParameterSpec.integer(MAX_BYTES, MAX_BYTES_DEFAULT, 16, 65535,
                    "payload bytes read at most; a request line longer than this is classified on its"
                            + " method and the part of its target that was read"),
            ParameterSpec.integer(REGEX_STEPS, REGEX_STEPS_DEFAULT, 64, 1 << 24,
                    "characters the URI regexes may read per connection in all; beyond, the connection"
                            + " goes to the default pool (counted as regex-budget-exceeded)"));

    /** Copies the collections. */
    HttpClassifierSettings {
        pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
        rules = List.copyOf(rules);
    }

    /**
     * Parses and checks the parameters.
     *
     * @param p the parameters, each already valid alone
     * @return the settings
     * @throws InvalidParameterException naming the parameter and the part of it that is wrong
     */
    static HttpClassifierSettings parse(SchedulerParameters p) throws InvalidParameterException {
        MethodSet methods;
        try {
            methods = MethodSet.parse(p.getString(METHODS));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(METHODS, e.getMessage());
        }
        Map<String, List<PoolMember>> pools = parsePools(p.getString(POOLS));
        List<RuleSpec> rules = parseRules(p.getString(RULES), methods, pools);
        TargetSpec defaultTarget;
        try {
            defaultTarget = TargetSpec.parse(p.getString(DEFAULT_POOL));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(DEFAULT_POOL, e.getMessage());
        }
        checkPool(defaultTarget, pools, DEFAULT_POOL, null);
        return new HttpClassifierSettings(methods, pools, rules, defaultTarget,
                NON_HTTP_RESET.equals(p.getString(NON_HTTP)), p.getInt(MAX_BYTES), p.getLong(REGEX_STEPS));
    }

    private static Map<String, List<PoolMember>> parsePools(String text) throws InvalidParameterException {
        Map<String, List<PoolMember>> pools = new LinkedHashMap<>();
        for (String entry : text.split("[;\\n]")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new InvalidParameterException(POOLS, "'" + entry.strip()
                        + "' is not name=member,member (e.g. reads=10.0.0.1:80,10.0.0.2:80)");
            }
            String name = entry.substring(0, eq).strip();
            if (!NAME.matcher(name).matches()) {
                throw new InvalidParameterException(POOLS, "pool name '" + name
                        + "' must be lower case letters, digits, '-' and '_'");
            }
            if (name.equals(ALL_POOL)) {
                throw new InvalidParameterException(POOLS, "the pool '" + ALL_POOL
                        + "' is implicit (every destination) and cannot be redefined");
            }
            if (pools.containsKey(name)) {
                throw new InvalidParameterException(POOLS, "pool '" + name + "' is defined twice");
            }
            List<PoolMember> members = new ArrayList<>();
            for (String m : entry.substring(eq + 1).split("[,\\s]+")) {
                if (m.isEmpty()) {
                    continue;
                }
                try {
                    PoolMember member = PoolMember.parse(m);
                    if (members.contains(member)) {
                        throw new IllegalArgumentException("'" + m + "' is listed twice");
                    }
                    members.add(member);
                } catch (IllegalArgumentException e) {
                    throw new InvalidParameterException(POOLS, POOLS + "." + name + ": " + e.getMessage());
                }
            }
            if (members.isEmpty()) {
                throw new InvalidParameterException(POOLS, POOLS + "." + name + ": the pool has no member");
            }
            pools.put(name, List.copyOf(members));
        }
        return pools;
    }

    private static List<RuleSpec> parseRules(String text, MethodSet methods, Map<String, List<PoolMember>> pools)
            throws InvalidParameterException {
        List<RuleSpec> rules = new ArrayList<>();
        for (String raw : text.split("[;\\n]")) {
            if (raw.isBlank()) {
                continue;
            }
            int index = rules.size();
            String where = RULES + "[" + index + "]";
            String rule = raw.strip();
            String[] tokens = rule.split("\\s+");
            int arrow = -1;
            for (int t = 0; t < tokens.length && arrow < 0; t++) {
                if (tokens[t].equals("->")) {
                    arrow = t;
                }
            }
            if (arrow < 0 || arrow == tokens.length - 1) {
                throw new InvalidParameterException(RULES, where + ": '" + rule
                        + "' lacks '-> target' (e.g. method=GET|HEAD -> reads:rr)");
            }
            long mask = methods.size() == 64 ? -1L : (1L << methods.size()) - 1;
            Pattern uri = null;
            boolean sawMethod = false;
            for (int t = 0; t < arrow; t++) {
                String token = tokens[t];
                if (token.startsWith("method=")) {
                    if (sawMethod) {
                        throw new InvalidParameterException(RULES, where + ".method: set twice");
                    }
                    sawMethod = true;
                    mask = methodMask(token.substring("method=".length()), methods, where);
                } else if (token.startsWith("uri=")) {
                    if (uri != null) {
                        throw new InvalidParameterException(RULES, where + ".uri: set twice");
                    }
                    uri = compile(token.substring("uri=".length()), where + ".uri");
                } else {
                    throw new InvalidParameterException(RULES, where + ": '" + token
                            + "' is neither method=REGEX nor uri=REGEX");
                }
            }
            StringBuilder targetText = new StringBuilder();
            for (int t = arrow + 1; t < tokens.length; t++) {
                targetText.append(tokens[t]);
            }
            TargetSpec target;
            try {
                target = TargetSpec.parse(targetText.toString());
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException(RULES, where + ".target: " + e.getMessage());
            }
            checkPool(target, pools, RULES, where + ".pool");
            rules.add(new RuleSpec(index, rule, mask, uri, target));
        }
        return rules;
    }

    private static long methodMask(String regex, MethodSet methods, String where) throws InvalidParameterException {
        Pattern pattern = compile(regex, where + ".method");
        long mask = 0;
        for (int m = 0; m < methods.size(); m++) {
            if (pattern.matcher(methods.name(m)).matches()) {
                mask |= 1L << m;
            }
        }
        if (mask == 0) {
            throw new InvalidParameterException(RULES, where + ".method: '" + regex
                    + "' matches none of the methods " + methods + " (methods are case-sensitive; see 'methods')");
        }
        return mask;
    }

    private static Pattern compile(String regex, String where) throws InvalidParameterException {
        if (regex.isEmpty()) {
            throw new InvalidParameterException(RULES, where + ": empty regex");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidParameterException(RULES, where + ": invalid regex '" + regex + "': "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    private static void checkPool(TargetSpec target, Map<String, List<PoolMember>> pools, String parameter,
            String where) throws InvalidParameterException {
        if (!target.pool().equals(ALL_POOL) && !pools.containsKey(target.pool())) {
            List<String> known = new ArrayList<>();
            known.add(ALL_POOL);
            known.addAll(pools.keySet());
            throw new InvalidParameterException(parameter, (where == null ? "" : where + ": ") + "unknown pool '"
                    + target.pool()
                    + "'; pools: " + String.join(", ", known));
        }
    }
}
