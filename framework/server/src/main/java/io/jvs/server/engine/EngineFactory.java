package io.jvs.server.engine;

import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.io.PacketIo;
import io.jvs.server.config.ConfigDocument;
import io.jvs.server.config.ConfigException;
import io.jvs.server.config.ConfigLocation;
import io.jvs.server.config.ConfigProblem;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.config.KeyPath;
import io.jvs.server.config.ServiceConfig;
import io.jvs.server.plugin.SchedulerRegistry;
import io.jvs.spi.EvictionListener;
import java.util.List;

/**
 * Builds a running configuration: an {@link Engine} over a data plane, with the configuration's
 * services applied through the engine's one atomic apply path, its sysctls set, and the eviction
 * listeners registered.
 *
 * <p>The configuration was checked when it was read; should the engine still refuse it (a
 * scheduler's factory refusing a combination of parameters, say), the refusal is reported as a
 * {@link ConfigException} located at the offending service, and nothing is applied.
 */
public final class EngineFactory {

    private EngineFactory() {
    }

    /**
     * Builds the engine with the configuration's own engine settings.
     *
     * @param config the configuration
     * @param io the data plane, with one queue per configured worker
     * @param schedulers the scheduler factories
     * @param listeners the eviction listeners (plugins' and the caller's), in call order
     * @return the engine, services applied, no thread started
     * @throws ConfigException when the engine refuses the services
     */
    public static Engine create(JvsConfig config, PacketIo io, SchedulerRegistry schedulers,
            List<EvictionListener> listeners) throws ConfigException {
        return create(config, config.toEngineSettings(), io, schedulers, listeners);
    }

    /**
     * Builds the engine with settings derived from the configuration's (a replay forces one worker
     * and one packet per burst, for instance).
     *
     * @param config the configuration: services and sysctls
     * @param settings the engine settings to use
     * @param io the data plane, with {@code settings.workers()} queues
     * @param schedulers the scheduler factories
     * @param listeners the eviction listeners, in call order
     * @return the engine, services applied, no thread started
     * @throws ConfigException when the engine refuses the services
     */
    public static Engine create(JvsConfig config, EngineSettings settings, PacketIo io, SchedulerRegistry schedulers,
            List<EvictionListener> listeners) throws ConfigException {
        Engine engine = new Engine(settings, new PluginSchedulerProvider(schedulers, settings.workers()), io);
        config.sysctl().applyTo(engine.tunables());
        engine.evictions().setListeners(listeners);
        try {
            engine.services().apply(config.toServiceSpecs());
        } catch (IllegalArgumentException e) {
            engine.close();
            throw new ConfigException(List.of(locate(config, e)));
        }
        return engine;
    }

    /**
     * Finds the service an engine refusal is about: the one its message starts with (the service
     * manager's form), else the one it names; the parameter, when a scheduler named one; the service's
     * key, when the message names one after the service ({@code "TCP 203.0.113.1:80: scheduler: ..."}).
     *
     * @param config the configuration that was refused
     * @param refusal the engine's exception
     * @return the problem, located at the service or parameter (or at {@code services})
     */
    public static ConfigProblem locate(JvsConfig config, IllegalArgumentException refusal) {
        String message = refusal.getMessage() == null ? refusal.toString() : refusal.getMessage();
        List<ServiceConfig> services = config.services();
        int index = -1;
        for (int i = 0; i < services.size() && index < 0; i++) {
            if (message.startsWith(services.get(i).key().name() + ":")) {
                index = i;
            }
        }
        for (int i = 0; i < services.size() && index < 0; i++) {
            if (message.contains(services.get(i).key().name())) {
                index = i;
            }
        }
        String path = index < 0 ? JvsConfig.SERVICES : KeyPath.item(JvsConfig.SERVICES, index);
        if (index >= 0) {
            String parameter = parameterOf(refusal);
            String prefix = services.get(index).key().name() + ": ";
            String rest = message.startsWith(prefix) ? message.substring(prefix.length()) : "";
            int colon = rest.indexOf(':');
            if (parameter != null) {
                path = KeyPath.child(KeyPath.child(path, ServiceConfig.SCHEDULER_PARAMETERS), parameter);
            } else if (colon > 0 && ServiceConfig.KEYS.contains(rest.substring(0, colon))) {
                // The service manager's "SERVICE: key: why" names the field.
                path = KeyPath.child(path, rest.substring(0, colon));
            }
        }
        ConfigDocument source = config.source();
        ConfigLocation location = source == null ? new ConfigLocation("(configuration)", 1, 1) : source.locate(path);
        return new ConfigProblem(location, path, "refused by the engine: " + message);
    }

    private static String parameterOf(Throwable refusal) {
        for (Throwable t = refusal; t != null; t = t.getCause()) {
            if (t instanceof InvalidSchedulerParameterException p) {
                return p.parameter();
            }
        }
        return null;
    }
}
