package io.jvs.testkit;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import io.jvs.spi.SchedulerParameters;
import io.jvs.spi.ServiceView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The context a test hands to {@code SchedulerFactory.create}.
 *
 * <p>Inner schedulers ({@link #createScheduler}) are created from the factories given with
 * {@link #withSchedulers}; their text parameters are checked against the factory's declarations as
 * the server checks them (unknown names, integer syntax and range, booleans, choices) and completed
 * with defaults. Each inner scheduler gets its own {@link FakeMetrics}, kept in {@link #innerMetrics()}.
 *
 * <pre>{@code
 * FakeSchedulerContext context = FakeSchedulerContext.of(service, params)
 *         .withSchedulers(new RoundRobinSchedulerFactory(), new WeightedLeastConnectionSchedulerFactory());
 * Scheduler classifier = new HttpMethodSchedulerFactory().create(context);
 * }</pre>
 *
 * @param service the service
 * @param parameters the parameters
 * @param metrics the metrics, a {@link FakeMetrics} to assert on
 * @param workerCount the number of packet workers, at least 1
 * @param installed the factories {@link #createScheduler} may use, by {@link SchedulerFactory#name()}
 * @param innerMetrics the metrics of the inner schedulers created so far, in creation order
 */
public record FakeSchedulerContext(ServiceView service, SchedulerParameters parameters, FakeMetrics metrics,
        int workerCount, List<SchedulerFactory> installed, List<FakeMetrics> innerMetrics)
        implements SchedulerContext {

    /** Checks the values. */
    public FakeSchedulerContext {
        if (workerCount < 1) {
            throw new IllegalArgumentException("workerCount must be at least 1: " + workerCount);
        }
        installed = List.copyOf(installed);
    }

    /**
     * Creates a context that can create no inner scheduler.
     *
     * @param service the service
     * @param parameters the parameters
     * @param metrics the metrics
     * @param workerCount the number of packet workers, at least 1
     */
    public FakeSchedulerContext(ServiceView service, SchedulerParameters parameters, FakeMetrics metrics,
            int workerCount) {
        this(service, parameters, metrics, workerCount, List.of(), new ArrayList<>());
    }

    /**
     * Creates a context with no parameters, fresh metrics and one worker.
     *
     * @param service the service
     * @return the context
     */
    public static FakeSchedulerContext of(ServiceView service) {
        return new FakeSchedulerContext(service, FakeParameters.none(), new FakeMetrics(), 1);
    }

    /**
     * Creates a context with parameters, fresh metrics and one worker.
     *
     * @param service the service
     * @param parameters the parameters
     * @return the context
     */
    public static FakeSchedulerContext of(ServiceView service, SchedulerParameters parameters) {
        return new FakeSchedulerContext(service, parameters, new FakeMetrics(), 1);
    }

    /**
     * Returns a copy of this context that creates inner schedulers from the given factories.
     *
     * @param factories the installed factories
     * @return the new context
     */
    public FakeSchedulerContext withSchedulers(SchedulerFactory... factories) {
        return new FakeSchedulerContext(service, parameters, metrics, workerCount, List.of(factories),
                new ArrayList<>());
    }

    /**
     * Returns a copy of this context with another worker count.
     *
     * @param workers the number of packet workers, at least 1
     * @return the new context
     */
    public FakeSchedulerContext withWorkerCount(int workers) {
        return new FakeSchedulerContext(service, parameters, metrics, workers, installed, new ArrayList<>());
    }

    @Override
    public Scheduler createScheduler(String name, Map<String, String> text, ServiceView subset)
            throws InvalidParameterException {
        SchedulerFactory factory = null;
        List<String> names = new ArrayList<>();
        for (SchedulerFactory f : installed) {
            names.add(f.name());
            if (f.name().equals(name)) {
                factory = f;
            }
        }
        if (factory == null) {
            throw new InvalidParameterException("scheduler", "unknown scheduler '" + name + "', installed: "
                    + (names.isEmpty() ? "(none)" : String.join(", ", names.stream().sorted().toList())));
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        Map<String, ParameterSpec> specs = new LinkedHashMap<>();
        for (ParameterSpec spec : factory.parameters()) {
            specs.put(spec.name(), spec);
        }
        for (String given : text.keySet()) {
            if (!specs.containsKey(given)) {
                throw new InvalidParameterException(given, specs.isEmpty()
                        ? "unknown parameter; this scheduler takes no parameters"
                        : "unknown parameter; this scheduler takes: " + String.join(", ", specs.keySet()));
            }
        }
        for (ParameterSpec spec : specs.values()) {
            String raw = text.getOrDefault(spec.name(), spec.defaultValue());
            if (raw == null) {
                throw new InvalidParameterException(spec.name(), "is required (it has no default)");
            }
            typed.put(spec.name(), convert(spec, raw));
        }
        FakeMetrics inner = new FakeMetrics();
        innerMetrics.add(inner);
        return factory.create(new FakeSchedulerContext(subset, FakeParameters.of(typed), inner, workerCount,
                installed, new ArrayList<>()));
    }

    private static Object convert(ParameterSpec spec, String raw) throws InvalidParameterException {
        String word = raw.strip();
        switch (spec.type()) {
            case INTEGER -> {
                long value;
                try {
                    value = Long.parseLong(word);
                } catch (NumberFormatException e) {
                    throw new InvalidParameterException(spec.name(), "must be an integer, got '" + raw + "'");
                }
                if (value < spec.min() || value > spec.max()) {
                    throw new InvalidParameterException(spec.name(),
                            "must be between " + spec.min() + " and " + spec.max() + ", got " + value);
                }
                return value;
            }
            case BOOLEAN -> {
                return switch (word.toLowerCase(Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new InvalidParameterException(spec.name(),
                            "must be true or false, got '" + raw + "'");
                };
            }
            case CHOICE -> {
                if (!spec.choices().contains(word)) {
                    throw new InvalidParameterException(spec.name(),
                            "must be one of " + String.join(", ", spec.choices()) + "; got '" + raw + "'");
                }
                return word;
            }
            default -> {
                return raw;
            }
        }
    }
}
