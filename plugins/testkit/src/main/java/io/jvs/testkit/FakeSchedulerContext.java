package io.jvs.testkit;

import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerParameters;
import io.jvs.spi.ServiceView;

/**
 * The context a test hands to {@code SchedulerFactory.create}.
 *
 * @param service the service
 * @param parameters the parameters
 * @param metrics the metrics, a {@link FakeMetrics} to assert on
 * @param workerCount the number of packet workers, at least 1
 */
public record FakeSchedulerContext(ServiceView service, SchedulerParameters parameters, FakeMetrics metrics,
        int workerCount) implements SchedulerContext {

    /** Checks the values. */
    public FakeSchedulerContext {
        if (workerCount < 1) {
            throw new IllegalArgumentException("workerCount must be at least 1: " + workerCount);
        }
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
}
