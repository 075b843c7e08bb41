package io.jvs.testkit;

import io.jvs.spi.PluginMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Plugin metrics kept in memory, so that a test can assert what a scheduler counted. */
public final class FakeMetrics implements PluginMetrics {

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** Creates metrics without any counter. */
    public FakeMetrics() {
    }

    @Override
    public MetricCounter counter(String name) {
        return counters.computeIfAbsent(name, unused -> new Counter());
    }

    /**
     * Returns the count of a counter.
     *
     * @param name the counter's name
     * @return its count, 0 when the scheduler never asked for it
     */
    public long count(String name) {
        Counter counter = counters.get(name);
        return counter == null ? 0 : counter.count();
    }

    /**
     * Returns every counter and its count, sorted by name.
     *
     * @return a snapshot
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((name, counter) -> copy.put(name, counter.count()));
        return copy;
    }

    private static final class Counter implements MetricCounter {
        private final AtomicLong value = new AtomicLong();

        @Override
        public void increment() {
            value.incrementAndGet();
        }

        @Override
        public void add(long n) {
            value.addAndGet(n);
        }

        @Override
        public long count() {
            return value.get();
        }
    }
}
