package io.jvs.server.engine;

import io.jvs.engine.service.SchedulerProvider;
import io.jvs.server.plugin.SchedulerCreationException;
import io.jvs.server.plugin.SchedulerRegistry;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's {@link SchedulerProvider} over the server's {@link SchedulerRegistry}: the engine
 * asks for schedulers by name and never sees a plugin.
 *
 * <p>Failures become the {@link IllegalArgumentException}s the provider contract names, so that
 * {@code ServiceManager.apply} aborts the whole apply: an unknown name lists the known ones
 * ({@link io.jvs.server.plugin.UnknownSchedulerException}), invalid parameters name the parameter
 * ({@link InvalidSchedulerParameterException}), and a plugin whose factory throws is named with it.
 *
 * <p><b>Thread safety:</b> as the registry: safe, meant for the control plane.
 */
public final class PluginSchedulerProvider implements SchedulerProvider {

    private final SchedulerRegistry registry;
    private final int workerCount;

    /**
     * Creates the provider.
     *
     * @param registry the scheduler factories, by name
     * @param workerCount how many packet workers call each scheduler, at least 1
     */
    public PluginSchedulerProvider(SchedulerRegistry registry, int workerCount) {
        this.registry = Objects.requireNonNull(registry, "registry");
        if (workerCount < 1) {
            throw new IllegalArgumentException("workerCount must be at least 1, got " + workerCount);
        }
        this.workerCount = workerCount;
    }

    /**
     * Creates the scheduler of one service.
     *
     * @param name the scheduler's short name
     * @param parameters the service's scheduler parameters as text
     * @param service the service, whose destinations are already visible
     * @return a new scheduler instance
     * @throws io.jvs.server.plugin.UnknownSchedulerException when no plugin provides {@code name}
     * @throws InvalidSchedulerParameterException when the parameters are invalid
     * @throws IllegalArgumentException when the plugin failed to create the scheduler
     */
    @Override
    public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
        try {
            return registry.create(name, parameters, service, workerCount);
        } catch (InvalidParameterException e) {
            throw new InvalidSchedulerParameterException(name, e);
        } catch (SchedulerCreationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String name) {
        return registry.contains(name);
    }
}
