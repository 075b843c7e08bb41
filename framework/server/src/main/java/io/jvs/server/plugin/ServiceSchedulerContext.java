package io.jvs.server.plugin;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.PluginMetrics;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerParameters;
import io.jvs.spi.ServiceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The context the server hands to a scheduler factory for one service: jvs's own objects, never
 * PF4J's.
 *
 * <p>{@link #createScheduler} looks inner schedulers up in the whole {@link SchedulerRegistry}, so a
 * scheduler of one plugin may use a scheduler of another ({@code mh} from jvs-maglev-scheduler as the
 * inner scheduler of {@code http-method}, for instance); their parameters are validated by the same
 * {@link ParameterValidator} as a service's.
 *
 * @param service the service the scheduler is created for
 * @param parameters its validated parameters
 * @param metrics the metrics of this scheduler instance
 * @param workerCount how many packet workers may call {@code schedule} concurrently, at least 1
 * @param registry where inner schedulers are looked up, or {@code null} when this context creates none
 * @param innersCreated receives the name of each inner scheduler created through this context, and
 *     of the inner schedulers those created in turn (so that a plugin is not unloaded while a
 *     service uses one of its schedulers inside another); control plane only
 */
public record ServiceSchedulerContext(ServiceView service, SchedulerParameters parameters, PluginMetrics metrics,
        int workerCount, SchedulerRegistry registry, List<String> innersCreated) implements SchedulerContext {

    /** Checks the values. */
    public ServiceSchedulerContext {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(innersCreated, "innersCreated");
        if (workerCount < 1) {
            throw new IllegalArgumentException("workerCount must be at least 1, got " + workerCount);
        }
    }

    /**
     * Creates a context that cannot create inner schedulers.
     *
     * @param service the service the scheduler is created for
     * @param parameters its validated parameters
     * @param metrics the metrics of this scheduler instance
     * @param workerCount how many packet workers may call {@code schedule} concurrently, at least 1
     */
    public ServiceSchedulerContext(ServiceView service, SchedulerParameters parameters, PluginMetrics metrics,
            int workerCount) {
        this(service, parameters, metrics, workerCount, null, new ArrayList<>());
    }

    /**
     * {@inheritDoc}
     *
     * <p>The inner scheduler's metrics are named under {@code subset.name()}.
     *
     * @throws InvalidParameterException with parameter {@code scheduler} when the name is not
     *     registered (the message lists the installed names) or the plugin failed to create it; with
     *     the inner parameter's name when one is invalid
     */
    @Override
    public Scheduler createScheduler(String name, Map<String, String> parameters, ServiceView subset)
            throws InvalidParameterException {
        if (registry == null) {
            return SchedulerContext.super.createScheduler(name, parameters, subset);
        }
        Objects.requireNonNull(subset, "subset");
        if (!registry.contains(name)) {
            throw new InvalidParameterException("scheduler", "unknown scheduler '" + name + "', installed: "
                    + String.join(", ", registry.names()));
        }
        try {
            Scheduler inner = registry.create(name, parameters, subset, workerCount);
            innersCreated.add(name);
            innersCreated.addAll(registry.innerSchedulersOf(inner));
            return inner;
        } catch (UnknownSchedulerException e) {
            throw new InvalidParameterException("scheduler", "unknown scheduler '" + name + "', installed: "
                    + String.join(", ", e.knownNames()));
        } catch (SchedulerCreationException e) {
            throw new InvalidParameterException("scheduler", e.getMessage());
        }
    }
}
