package io.jvs.spi;

/**
 * Metrics a plugin may publish; the server backs them with its metrics registry (Dropwizard
 * Metrics), under a name prefix of the plugin instance.
 */
public interface PluginMetrics {

    /**
     * Returns a counter, creating it on first use. Call this in lifecycle hooks and keep the result;
     * incrementing it on the hot path does not allocate.
     *
     * @param name a short name, lower case with {@code .} or {@code -}, e.g. {@code fallbacks}
     * @return the counter; the same object for the same name
     */
    MetricCounter counter(String name);

    /** A monotonically increasing count. Safe to increment from several threads. */
    interface MetricCounter {
        /** Adds one. */
        void increment();

        /**
         * Adds {@code n}.
         *
         * @param n a non-negative amount
         */
        void add(long n);

        /**
         * Returns the current count.
         *
         * @return the count
         */
        long count();
    }
}
