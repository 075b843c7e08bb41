package io.jvs.server.plugin;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.jvs.spi.PluginMetrics;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plugin metrics backed by a Dropwizard {@link MetricRegistry}: a counter named {@code fallbacks}
 * is registered as {@code <prefix>.fallbacks}. Dropwizard counters are {@code LongAdder}s, so
 * {@link MetricCounter#increment()} takes no lock and, once warmed up, allocates nothing.
 */
public final class RegistryPluginMetrics implements PluginMetrics {

    private final MetricRegistry registry;
    private final String prefix;
    private final Map<String, MetricCounter> counters = new ConcurrentHashMap<>();

    /**
     * Creates the metrics of one plugin instance.
     *
     * @param registry the registry the counters go to
     * @param prefix the name prefix, e.g. {@code jvs.scheduler.rr.TCP 203.0.113.1:80}
     */
    public RegistryPluginMetrics(MetricRegistry registry, String prefix) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the name is not lower case letters, digits, {@code .}
     *     and {@code -}
     */
    @Override
    public MetricCounter counter(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9.-]{0,63}")) {
            throw new IllegalArgumentException(
                    "metric name must be lower case letters, digits, '.' and '-', at most 64: " + name);
        }
        return counters.computeIfAbsent(name,
                unused -> new RegistryCounter(registry.counter(MetricRegistry.name(prefix, name))));
    }

    /**
     * Returns the name prefix of these metrics.
     *
     * @return the prefix
     */
    public String prefix() {
        return prefix;
    }

    private record RegistryCounter(Counter counter) implements MetricCounter {
        @Override
        public void increment() {
            counter.inc();
        }

        @Override
        public void add(long n) {
            counter.inc(n);
        }

        @Override
        public long count() {
            return counter.getCount();
        }
    }
}
