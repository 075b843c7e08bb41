package io.jvs.plugins.http;

import io.jvs.spi.ConnectionView;
import io.jvs.spi.DestinationView;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.PacketView;
import io.jvs.spi.PluginMetrics.MetricCounter;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.ServiceView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * {@code http-method}: an L7 classifier in front of L4 schedulers. It reads the HTTP/1.x request line
 * from the first payload bytes, finds the first rule whose method and request-target conditions
 * hold, and asks the inner scheduler of that rule's pool (a named subset of the service's
 * destinations) to choose.
 *
 * <pre>
 *   first payload bytes ──> RequestLineScanner (≤ max-bytes reads, one pass)
 *     ├─ not HTTP ─────────────────────────────> non-http: default pool | reset (NONE)
 *     └─ method m, target t ──> rules in order: (mask has m) and (uri regex finds t, ≤ regex-steps reads)
 *          ├─ rule r matches ──> pool of r ──> inner scheduler (rr, wlc, mh, ...) ──> destination
 *          └─ none / budget spent ───────────> default pool ──> its inner scheduler
 * </pre>
 *
 * <p><b>Bounded work per connection.</b> The scanner reads each of at most {@code max-bytes} bytes
 * once. A rule's method condition is a regex evaluated at configuration time against each
 * recognised method, leaving a bit mask; nothing regex-like runs on the method per connection. The
 * URI regexes (java.util.regex, which backtracks) read the target through {@link PayloadChars},
 * which counts every character read and unwinds the matcher with a preallocated exception once
 * {@code regex-steps} reads were spent for the connection, so that a pathological pattern or input
 * costs at most that many reads; the connection then goes to the default pool and
 * {@code regex-budget-exceeded} counts it. A stack overflow inside the regex engine is caught and
 * counted the same way.
 *
 * <p><b>Allocation-free per connection:</b> each thread that calls {@link #schedule} gets its own
 * {@link ClassifierWorker} (payload flyweight, offsets, character view, one matcher per URI rule)
 * on its first call; afterwards classification allocates nothing.
 *
 * <p>The data planes: {@link #payloadBytesNeeded()} is {@code max-bytes}, and
 * {@link #payloadSufficient} is true as soon as the request line ended (or cannot be HTTP), so that
 * the proxy schedules at the end of the request line instead of waiting for the bound. When
 * scheduled before the line ended (the bound, the client's end of stream, a short first segment),
 * the known method and the part of the target read so far are classified ({@code truncated}).
 *
 * <p>Counters: {@code rule.<i>} (matches per rule, from 0), {@code default}, {@code non-http},
 * {@code truncated}, {@code reset}, {@code regex-budget-exceeded}, {@code regex-errors} (any other
 * exception out of the regex engine; the connection goes to the default pool), {@code no-destination}
 * (the pool's inner scheduler found no eligible destination).
 *
 * <p><b>Threads:</b> {@link #schedule}, {@link #payloadSufficient} and {@link #onEviction} from any
 * number of workers; the destination hooks from the control plane, which refreshes the pools'
 * snapshots before forwarding each notification to the inner schedulers concerned.
 */
public final class HttpMethodScheduler implements Scheduler {

    private final HttpClassifierSettings settings;
    private final int maxBytes;
    private final long regexSteps;
    private final PoolView[] pools;
    private final InnerTarget[] targets;
    private final long[] ruleMasks;
    private final int[] ruleTargets;
    private final int defaultTarget;
    private final ThreadLocal<ClassifierWorker> workers;

    private final MetricCounter[] ruleCounters;
    private final MetricCounter defaults;
    private final MetricCounter nonHttp;
    private final MetricCounter truncated;
    private final MetricCounter resets;
    private final MetricCounter budgetExceeded;
    private final MetricCounter noDestination;
    private final MetricCounter regexErrors;

    private HttpMethodScheduler(SchedulerContext context, HttpClassifierSettings settings, PoolView[] pools,
            InnerTarget[] targets, int[] ruleTargets, int defaultTarget) {
        this.settings = settings;
        this.maxBytes = settings.maxBytes();
        this.regexSteps = settings.regexSteps();
        this.pools = pools;
        this.targets = targets;
        this.ruleTargets = ruleTargets;
        this.defaultTarget = defaultTarget;
        List<RuleSpec> rules = settings.rules();
        this.ruleMasks = new long[rules.size()];
        this.ruleCounters = new MetricCounter[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            ruleMasks[r] = rules.get(r).methodMask();
            ruleCounters[r] = context.metrics().counter("rule." + r);
        }
        this.defaults = context.metrics().counter("default");
        this.nonHttp = context.metrics().counter("non-http");
        this.truncated = context.metrics().counter("truncated");
        this.resets = context.metrics().counter("reset");
        this.budgetExceeded = context.metrics().counter("regex-budget-exceeded");
        this.noDestination = context.metrics().counter("no-destination");
        this.regexErrors = context.metrics().counter("regex-errors");
        this.workers = ThreadLocal.withInitial(() -> new ClassifierWorker(rules));
    }

    /**
     * Creates the scheduler: one {@link PoolView} per pool and one inner scheduler per distinct target.
     *
     * @param context the service's context, which creates the inner schedulers
     * @param settings the checked settings
     * @return the scheduler
     * @throws InvalidParameterException when an inner scheduler is unknown or refuses its parameters;
     *     the message names the rule ({@code rules[2].scheduler: unknown scheduler 'wxc', ...})
     */
    static HttpMethodScheduler create(SchedulerContext context, HttpClassifierSettings settings)
            throws InvalidParameterException {
        ServiceView service = context.service();
        Map<String, PoolView> pools = new LinkedHashMap<>();
        for (Map.Entry<String, List<PoolMember>> pool : settings.pools().entrySet()) {
            pools.put(pool.getKey(), new PoolView(service, pool.getKey(), pool.getValue()));
        }
        Map<String, Integer> byText = new LinkedHashMap<>();
        List<InnerTarget> targets = new ArrayList<>();
        try {
            int[] ruleTargets = new int[settings.rules().size()];
            for (RuleSpec rule : settings.rules()) {
                ruleTargets[rule.index()] = target(context, rule.target(), pools, byText, targets,
                        HttpClassifierSettings.RULES, HttpClassifierSettings.RULES + "[" + rule.index() + "].");
            }
            int defaultTarget = target(context, settings.defaultTarget(), pools, byText, targets,
                    HttpClassifierSettings.DEFAULT_POOL, "");
            return new HttpMethodScheduler(context, settings, pools.values().toArray(new PoolView[0]),
                    targets.toArray(new InnerTarget[0]), ruleTargets, defaultTarget);
        } catch (InvalidParameterException | RuntimeException e) {
            for (InnerTarget t : targets) {
                t.scheduler().done(t.pool() == null ? service : t.pool());
            }
            throw e;
        }
    }

    private static int target(SchedulerContext context, TargetSpec spec, Map<String, PoolView> pools,
            Map<String, Integer> byText, List<InnerTarget> targets, String parameter, String where)
            throws InvalidParameterException {
        Integer known = byText.get(spec.toString());
        if (known != null) {
            return known;
        }
        PoolView pool = pools.get(spec.pool());
        Scheduler inner;
        try {
            inner = context.createScheduler(spec.scheduler(), spec.parameters(),
                    pool == null ? context.service() : pool);
        } catch (InvalidParameterException e) {
            String inside = e.parameter() == null ? "scheduler-parameters"
                    : e.parameter().equals("scheduler") ? "scheduler" : "scheduler-parameters." + e.parameter();
            String message = e.getMessage();
            if (e.parameter() != null && message.startsWith(e.parameter() + ": ")) {
                message = message.substring(e.parameter().length() + 2);
            }
            throw new InvalidParameterException(parameter, where + inside + ": " + message
                    + (!"scheduler".equals(e.parameter()) ? " (inner scheduler '"
                            + spec.scheduler() + "')" : ""));
        }
        if (inner == null) {
            throw new InvalidParameterException(parameter, where + "scheduler: '" + spec.scheduler()
                    + "' returned no scheduler");
        }
        targets.add(new InnerTarget(spec, pool, inner));
        byText.put(spec.toString(), targets.size() - 1);
        return targets.size() - 1;
    }

    // ------------------------------------------------------------------------------ packet path

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        ClassifierWorker w = workers.get();
        w.bytes.wrap(packet, maxBytes);
        try {
            int t = classify(w);
            if (t < 0) {
                resets.increment();
                return NONE;
            }
            InnerTarget target = targets[t];
            DestinationView chosen = target.scheduler().schedule(target.pool() == null ? service : target.pool(),
                    packet, nowNanos);
            if (chosen == null) {
                noDestination.increment();
            }
            return chosen;
        } finally {
            w.bytes.clear();
        }
    }

    /**
     * Classifies the connection whose payload {@code w.bytes} wraps.
     *
     * @return the index of the target, or -1 to reset
     */
    private int classify(ClassifierWorker w) {
        int status = RequestLineScanner.scan(w.bytes, settings.methods(), w.line);
        if (status == RequestLineScanner.NOT_HTTP || !w.line.hasMethod()) {
            nonHttp.increment();
            return settings.resetNonHttp() ? -1 : defaultTarget;
        }
        if (status == RequestLineScanner.INCOMPLETE) {
            truncated.increment();
        }
        long method = 1L << w.line.method;
        PayloadChars chars = w.chars;
        chars.budget(regexSteps);
        chars.range(w.line.targetStart, w.line.targetEnd);
        Matcher[] matchers = w.uriMatchers;
        for (int r = 0; r < ruleMasks.length; r++) {
            if ((ruleMasks[r] & method) == 0) {
                continue;
            }
            Matcher m = matchers[r];
            if (m != null) {
                boolean found;
                try {
                    found = m.reset().find();
                } catch (StepBudgetExceededException | StackOverflowError e) {
                    budgetExceeded.increment();
                    return defaultTarget;
                } catch (RuntimeException e) {
                    regexErrors.increment();
                    return defaultTarget;
                }
                if (!found) {
                    continue;
                }
            }
            ruleCounters[r].increment();
            return ruleTargets[r];
        }
        defaults.increment();
        return defaultTarget;
    }

    /** {@return {@code max-bytes}: the proxy peeks up to this many bytes, and stops at the line's end} */
    @Override
    public int payloadBytesNeeded() {
        return maxBytes;
    }

    /**
     * {@inheritDoc}
     *
     * @return true once the request line has ended, the bytes cannot be HTTP, or {@code max-bytes}
     *     are there
     */
    @Override
    public boolean payloadSufficient(PacketView packet) {
        ClassifierWorker w = workers.get();
        w.bytes.wrap(packet, maxBytes);
        try {
            return RequestLineScanner.scan(w.bytes, settings.methods(), w.line) != RequestLineScanner.INCOMPLETE
                    || w.bytes.length() >= maxBytes;
        } finally {
            w.bytes.clear();
        }
    }

    /** Forwards the eviction to the inner schedulers whose pool holds the connection's destination. */
    @Override
    public void onEviction(ConnectionView connection, EvictionReason reason, long nowNanos) {
        DestinationView d = connection.destination();
        for (InnerTarget t : targets) {
            if (t.pool() == null || (d != null && t.pool().contains(d))) {
                t.scheduler().onEviction(connection, reason, nowNanos);
            }
        }
    }

    // ------------------------------------------------------------------------------ control plane

    /**
     * Returns a read-only view of the classification for the admin endpoint's parameter file: the
     * bounds, each pool with the destinations it holds now, each rule with its target and matches,
     * and the other counters. Control plane; allocates.
     *
     * @return the text, one item per line
     */
    @Override
    public String parameterText() {
        StringBuilder b = new StringBuilder();
        b.append("methods: ").append(settings.methods()).append('\n');
        b.append("max-bytes: ").append(settings.maxBytes()).append('\n');
        b.append("regex-steps: ").append(settings.regexSteps()).append('\n');
        b.append("non-http: ").append(settings.resetNonHttp() ? HttpClassifierSettings.NON_HTTP_RESET
                : HttpClassifierSettings.NON_HTTP_DEFAULT_POOL).append('\n');
        for (PoolView pool : pools) {
            b.append("pool ").append(pool.pool()).append(':');
            for (int i = 0; i < pool.destinations().size(); i++) {
                b.append(' ').append(pool.destinations().get(i).key());
            }
            b.append('\n');
        }
        for (RuleSpec rule : settings.rules()) {
            b.append("rules[").append(rule.index()).append("]: ").append(rule.text()).append("  (target ")
                    .append(rule.target()).append(", matches ").append(ruleCounters[rule.index()].count())
                    .append(")\n");
        }
        b.append("default-pool: ").append(settings.defaultTarget()).append("  (default ").append(defaults.count())
                .append(", non-http ").append(nonHttp.count()).append(", truncated ").append(truncated.count())
                .append(", reset ").append(resets.count()).append(", regex-budget-exceeded ")
                .append(budgetExceeded.count()).append(", no-destination ").append(noDestination.count())
                .append(")\n");
        return b.toString();
    }

    @Override
    public void destinationAdded(ServiceView service, DestinationView destination) {
        refreshPools(destination);
        for (InnerTarget t : targets) {
            if (t.pool() == null) {
                t.scheduler().destinationAdded(service, destination);
            } else if (t.pool().contains(destination)) {
                t.scheduler().destinationAdded(t.pool(), destination);
            }
        }
    }

    @Override
    public void destinationRemoved(ServiceView service, DestinationView destination) {
        refreshPools(destination);
        for (InnerTarget t : targets) {
            if (t.pool() == null) {
                t.scheduler().destinationRemoved(service, destination);
            } else if (t.pool().contains(destination)) {
                t.scheduler().destinationRemoved(t.pool(), destination);
            }
        }
    }

    @Override
    public void destinationUpdated(ServiceView service, DestinationView destination) {
        for (InnerTarget t : targets) {
            if (t.pool() == null) {
                t.scheduler().destinationUpdated(service, destination);
            } else if (t.pool().contains(destination)) {
                t.scheduler().destinationUpdated(t.pool(), destination);
            }
        }
    }

    @Override
    public void done(ServiceView service) {
        for (InnerTarget t : targets) {
            t.scheduler().done(t.pool() == null ? service : t.pool());
        }
    }

    private void refreshPools(DestinationView destination) {
        for (PoolView pool : pools) {
            if (pool.contains(destination)) {
                pool.refresh();
            }
        }
    }

    /** {@return the characters the URI regexes read for this thread's last connection, for tests} */
    long lastRegexSteps() {
        return workers.get().chars.stepsTaken();
    }

    /** {@return the settings, for tests} */
    HttpClassifierSettings settings() {
        return settings;
    }

    /**
     * Returns the pool view a rule's inner scheduler sees, for tests.
     *
     * @param name the pool's name
     * @return the view, or {@code null} for {@value HttpClassifierSettings#ALL_POOL} or an unknown name
     */
    PoolView pool(String name) {
        for (PoolView p : pools) {
            if (p.pool().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
