package io.jvs.spi;

/**
 * What the engine hands to a {@link SchedulerFactory} when it creates the scheduler of one service:
 * jvs's own context, never PF4J internals.
 */
public interface SchedulerContext {

    /**
     * Returns the service the scheduler is created for.
     *
     * @return the service
     */
    ServiceView service();

    /**
     * Returns the service's parameters, already checked against
     * {@link SchedulerFactory#parameters()} and completed with defaults.
     *
     * @return the parameters
     */
    SchedulerParameters parameters();

    /**
     * Returns the metrics of this scheduler instance; counters are named under the service.
     *
     * @return the metrics
     */
    PluginMetrics metrics();

    /**
     * Returns how many packet workers may call {@link Scheduler#schedule} concurrently, so that a
     * scheduler can keep per-worker state if it wants to.
     *
     * @return at least 1
     */
    int workerCount();
}
