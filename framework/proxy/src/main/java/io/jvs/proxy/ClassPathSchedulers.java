package io.jvs.proxy;

import io.jvs.engine.service.SchedulerProvider;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.ParameterType;
import io.jvs.spi.PluginMetrics;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import io.jvs.spi.SchedulerParameters;
import io.jvs.spi.ServiceView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scheduler factories found on the class path, for running the proxy without the server's plugin
 * manager ({@link ProxyMain}, benchmarks, tests): every {@link SchedulerFactory} class listed in a
 * {@code META-INF/extensions.idx} (the index PF4J's annotation processor writes into plugin jars) is
 * instantiated with its no-argument constructor.
 *
 * <p>Parameters are completed with the defaults of {@link SchedulerFactory#parameters()}; unknown
 * names and integers out of range are refused; numbers and booleans are parsed when the scheduler
 * asks. (The server's plugin registry validates more thoroughly.) Metrics are plain counters kept
 * here. A scheduler may create inner schedulers of any name found here
 * ({@link SchedulerContext#createScheduler}).
 */
public final class ClassPathSchedulers implements SchedulerProvider {

    private static final String INDEX = "META-INF/extensions.idx";

    private final Map<String, SchedulerFactory> factories = new TreeMap<>();
    private final int workerCount;

    /**
     * Creates a provider over given factories.
     *
     * @param list the factories; names must be unique
     * @param workerCount the number of event loops or workers that call the schedulers
     * @throws IllegalArgumentException on a duplicate name
     */
    public ClassPathSchedulers(List<SchedulerFactory> list, int workerCount) {
        for (SchedulerFactory f : list) {
            if (factories.putIfAbsent(f.name(), f) != null) {
                throw new IllegalArgumentException("two schedulers are named '" + f.name() + "'");
            }
        }
        this.workerCount = Math.max(1, workerCount);
    }

    /**
     * Finds the factories on a class loader's class path.
     *
     * @param loader the class loader
     * @param workerCount the number of event loops or workers that call the schedulers
     * @return the provider
     * @throws IllegalArgumentException when a listed class cannot be loaded or instantiated
     */
    public static ClassPathSchedulers load(ClassLoader loader, int workerCount) {
        List<SchedulerFactory> found = new java.util.ArrayList<>();
        try {
            Enumeration<URL> indexes = loader.getResources(INDEX);
            while (indexes.hasMoreElements()) {
                URL url = indexes.nextElement();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        line = line.strip();
                        if (line.isEmpty() || line.startsWith("#")) {
                            continue;
                        }
                        Class<?> c = Class.forName(line, true, loader);
                        if (SchedulerFactory.class.isAssignableFrom(c)) {
                            found.add((SchedulerFactory) c.getDeclaredConstructor().newInstance());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot load a scheduler factory: " + e, e);
        }
        return new ClassPathSchedulers(found, workerCount);
    }

    /**
     * Returns the names of the schedulers found.
     *
     * @return the names, sorted
     */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    @Override
    public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
        try {
            return createChecked(name, parameters, service);
        } catch (InvalidParameterException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a scheduler, reporting bad names and parameters as the SPI does.
     *
     * @param name the scheduler's name
     * @param parameters its parameters as text
     * @param service the service (or subset) it chooses for
     * @return the scheduler
     * @throws InvalidParameterException naming {@code scheduler} for an unknown name, else the
     *     parameter
     */
    Scheduler createChecked(String name, Map<String, String> parameters, ServiceView service)
            throws InvalidParameterException {
        SchedulerFactory f = factories.get(name);
        if (f == null) {
            throw new InvalidParameterException("scheduler", "unknown scheduler '" + name + "', installed: "
                    + String.join(", ", names()));
        }
        Map<String, String> complete = new LinkedHashMap<>();
        for (ParameterSpec p : f.parameters()) {
            String value = parameters.getOrDefault(p.name(), p.defaultValue());
            if (value != null && p.type() == ParameterType.INTEGER) {
                long v;
                try {
                    v = Long.parseLong(value.strip());
                } catch (NumberFormatException e) {
                    throw new InvalidParameterException(p.name(), "not an integer: '" + value + "'");
                }
                if (v < p.min() || v > p.max()) {
                    throw new InvalidParameterException(p.name(), v + " is out of " + p.min() + ".." + p.max());
                }
            }
            if (value != null) {
                complete.put(p.name(), value);
            }
        }
        for (String given : parameters.keySet()) {
            if (!complete.containsKey(given)) {
                throw new InvalidParameterException(given, "unknown parameter");
            }
        }
        return f.create(new Context(service, new TextParameters(complete), workerCount, this));
    }

    @Override
    public boolean exists(String name) {
        return factories.containsKey(name);
    }

    private record Context(ServiceView service, SchedulerParameters parameters, int workerCount,
            ClassPathSchedulers schedulers) implements SchedulerContext {
        @Override
        public PluginMetrics metrics() {
            return COUNTERS;
        }

        @Override
        public Scheduler createScheduler(String name, Map<String, String> parameters, ServiceView subset)
                throws InvalidParameterException {
            return schedulers.createChecked(name, parameters, subset);
        }
    }

    private static final PluginMetrics COUNTERS = new PluginMetrics() {
        private final Map<String, MetricCounter> counters = new ConcurrentHashMap<>();

        @Override
        public MetricCounter counter(String name) {
            return counters.computeIfAbsent(name, n -> new MetricCounter() {
                private final AtomicLong value = new AtomicLong();

                @Override
                public void increment() {
                    value.incrementAndGet();
                }

                @Override
                public void add(long n2) {
                    value.addAndGet(n2);
                }

                @Override
                public long count() {
                    return value.get();
                }
            });
        }
    };

    private record TextParameters(Map<String, String> text) implements SchedulerParameters {
        private String require(String name) {
            String v = text.get(name);
            if (v == null) {
                throw new NoSuchElementException("no parameter '" + name + "'");
            }
            return v;
        }

        @Override
        public long getLong(String name) {
            return Long.parseLong(require(name).strip());
        }

        @Override
        public boolean getBoolean(String name) {
            return Boolean.parseBoolean(require(name).strip());
        }

        @Override
        public String getString(String name) {
            return require(name);
        }

        @Override
        public Map<String, String> asText() {
            return Map.copyOf(text);
        }
    }
}
