package io.jvs.server.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's metrics as JMX MBeans (domain {@code io.jvs}), through a Dropwizard
 * {@link MetricRegistry} and its {@link JmxReporter}: one gauge per sample, named
 * {@code family.label=value.label=value}. {@link #refresh()} re-collects the values and adds and
 * removes gauges as services and destinations come and go.
 */
public final class JmxMetrics implements AutoCloseable {

    /** The JMX domain. */
    public static final String DOMAIN = "io.jvs";

    private final EngineMetrics source;
    private final MetricRegistry registry = new MetricRegistry();
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final JmxReporter reporter;

    /**
     * Registers the current metrics and starts reporting them over JMX.
     *
     * @param source the collector
     */
    public JmxMetrics(EngineMetrics source) {
        this.source = source;
        refresh();
        this.reporter = JmxReporter.forRegistry(registry).inDomain(DOMAIN).build();
        reporter.start();
    }

    /** Re-collects every value; gauges of samples that disappeared are removed. */
    public synchronized void refresh() {
        Set<String> seen = new HashSet<>();
        for (MetricFamily f : source.collect()) {
            for (MetricFamily.Sample s : f.samples()) {
                StringBuilder name = new StringBuilder(f.name());
                s.labels().forEach((k, v) -> name.append('.').append(k).append('=').append(v));
                String key = name.toString();
                seen.add(key);
                if (values.put(key, s.value()) == null) {
                    registry.register(key, (Gauge<Double>) () -> values.getOrDefault(key, 0.0));
                }
            }
        }
        for (String key : Set.copyOf(values.keySet())) {
            if (!seen.contains(key)) {
                values.remove(key);
                registry.remove(key);
            }
        }
    }

    /** Returns the registry (for tests and embedding). @return the registry */
    public MetricRegistry registry() {
        return registry;
    }

    /** Stops reporting and unregisters the MBeans. */
    @Override
    public void close() {
        reporter.close();
    }
}
