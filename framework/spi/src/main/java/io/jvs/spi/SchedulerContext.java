package io.jvs.spi;

import java.util.Map;

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

    /**
     * Creates another installed scheduler to choose among a subset of this service's destinations
     * (an "inner" scheduler, for example one per pool of a classifying scheduler). The host looks
     * the name up among the installed schedulers, checks the parameters against that scheduler's
     * {@link SchedulerFactory#parameters()} exactly as for a service, and hands it a context whose
     * {@link #service()} is the given view.
     *
     * <p>The caller owns the returned scheduler: it forwards the destination notifications that
     * concern the subset ({@link Scheduler#destinationAdded} and so on) and calls
     * {@link Scheduler#done} when it is done itself. Call it from {@link SchedulerFactory#create},
     * not from the packet path.
     *
     * @param name the installed scheduler's name, for example {@code "wlc"}
     * @param parameters the inner scheduler's parameters as text, name to value; missing ones take
     *     the inner scheduler's defaults
     * @param subset the view of the service the inner scheduler sees, usually the same service with
     *     a subset of its destinations
     * @return the inner scheduler
     * @throws InvalidParameterException when the name is not installed (the parameter is
     *     {@code "scheduler"}) or a parameter is invalid (naming it); hosts without inner
     *     schedulers throw it for every name
     */
    default Scheduler createScheduler(String name, Map<String, String> parameters, ServiceView subset)
            throws InvalidParameterException {
        throw new InvalidParameterException("scheduler", "this host cannot create inner schedulers (asked for '" + name + "')");
    }
}
