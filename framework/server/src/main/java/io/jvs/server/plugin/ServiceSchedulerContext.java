package io.jvs.server.plugin;

import io.jvs.spi.PluginMetrics;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerParameters;
import io.jvs.spi.ServiceView;
import java.util.Objects;

/**
 * The context the server hands to a scheduler factory for one service: jvs's own objects, never
 * PF4J's.
 *
 * @param service the service the scheduler is created for
 * @param parameters its validated parameters
 * @param metrics the metrics of this scheduler instance
 * @param workerCount how many packet workers may call {@code schedule} concurrently, at least 1
 */
public record ServiceSchedulerContext(ServiceView service, SchedulerParameters parameters, PluginMetrics metrics,
        int workerCount) implements SchedulerContext {

    /** Checks the values. */
    public ServiceSchedulerContext {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(metrics, "metrics");
        if (workerCount < 1) {
            throw new IllegalArgumentException("workerCount must be at least 1, got " + workerCount);
        }
    }
}
