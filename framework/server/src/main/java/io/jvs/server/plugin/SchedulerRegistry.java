package io.jvs.server.plugin;

import com.codahale.metrics.MetricRegistry;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerFactory;
import io.jvs.spi.SchedulerParameters;
import io.jvs.spi.ServiceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The scheduler factories of this server, by name, as IPVS's {@code ip_vs_sched.c}: a name is
 * registered once; a second factory with the same name is refused and the first stays; asking for
 * an unknown name is an error that lists the known ones, never a {@code null}.
 *
 * <p>It also creates the scheduler of a service: {@link #create} validates the service's parameters
 * against the factory's declarations, builds the {@link io.jvs.spi.SchedulerContext} (metrics under
 * {@code jvs.scheduler.<name>.<service>}) and calls the factory, turning a plugin's failure into a
 * checked exception that names the plugin. The context lets the new scheduler create inner
 * schedulers of any registered name ({@link io.jvs.spi.SchedulerContext#createScheduler}), validated
 * here in the same way.
 *
 * <p><b>Thread safety:</b> safe for concurrent use; meant for the control plane (registration at
 * start, creation when services are applied). The packet path never touches it.
 */
public final class SchedulerRegistry {

    /** What a scheduler name may look like: lower case letters, digits and {@code -}, at most 16. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,15}");

    private final ConcurrentSkipListMap<String, RegisteredScheduler> schedulers = new ConcurrentSkipListMap<>();
    private final MetricRegistry metrics;
    /** Scheduler instance to the inner schedulers it created; weak, so a dropped service's entry goes. */
    private final Map<Scheduler, List<String>> innerSchedulers = new WeakHashMap<>();

    /**
     * Creates an empty registry whose schedulers count into {@code metrics}.
     *
     * @param metrics the server's metric registry
     */
    public SchedulerRegistry(MetricRegistry metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Creates an empty registry with its own metric registry. */
    public SchedulerRegistry() {
        this(new MetricRegistry());
    }

    /**
     * Registers a factory under its {@link SchedulerFactory#name()}, reading its name, description
     * and parameter declarations once.
     *
     * @param factory the factory, typically a plugin's extension
     * @param origin where it came from, for messages
     * @return what was registered
     * @throws SchedulerRegistrationException when the name is already registered (the message names
     *     both plugins; the first registration stays), the name is malformed, or the factory's
     *     {@code name()}, {@code description()} or {@code parameters()} throws or returns something
     *     invalid
     */
    public RegisteredScheduler register(SchedulerFactory factory, PluginOrigin origin)
            throws SchedulerRegistrationException {
        String className = factory.getClass().getName();
        String name = declaredName(factory, className, origin);
        String description;
        List<ParameterSpec> parameters;
        try {
            description = Objects.requireNonNullElse(factory.description(), "");
            parameters = factory.parameters();
            ParameterValidator.checkDeclarations(parameters);
        } catch (RuntimeException | LinkageError e) {
            throw new SchedulerRegistrationException("scheduler '" + name + "' (" + className + ") from " + origin
                    + " is refused: its description or parameter declarations are invalid: " + e, e);
        }
        RegisteredScheduler registered = new RegisteredScheduler(name, description, parameters, origin, factory);
        RegisteredScheduler first = schedulers.putIfAbsent(name, registered);
        if (first != null) {
            throw new SchedulerRegistrationException("scheduler '" + name + "' (" + className + ") from " + origin
                    + " is refused: the name is already registered by " + first.factory().getClass().getName()
                    + " from " + first.origin(), null);
        }
        return registered;
    }

    private static String declaredName(SchedulerFactory factory, String className, PluginOrigin origin)
            throws SchedulerRegistrationException {
        String name;
        try {
            name = factory.name();
        } catch (RuntimeException | LinkageError e) {
            throw new SchedulerRegistrationException(
                    "scheduler factory " + className + " from " + origin + " is refused: name() threw " + e, e);
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SchedulerRegistrationException("scheduler factory " + className + " from " + origin
                    + " is refused: its name " + (name == null ? "is null" : "'" + name + "' is malformed")
                    + "; a name is lower case letters, digits and '-', at most 16 characters", null);
        }
        return name;
    }

    /**
     * Removes a registration (its plugin is being unloaded). Services already using the scheduler
     * keep their instances; new services can no longer name it.
     *
     * @param name the scheduler's name
     * @return {@code true} when it was registered
     */
    public boolean unregister(String name) {
        return schedulers.remove(name) != null;
    }

    /**
     * Returns a registered scheduler.
     *
     * @param name its name
     * @return the registration
     * @throws UnknownSchedulerException when no scheduler has that name; the message lists the known
     *     names
     */
    public RegisteredScheduler get(String name) {
        RegisteredScheduler registered = name == null ? null : schedulers.get(name);
        if (registered == null) {
            throw new UnknownSchedulerException(name, names());
        }
        return registered;
    }

    /**
     * Tells whether a name is registered.
     *
     * @param name the name
     * @return {@code true} when {@link #get} would find it
     */
    public boolean contains(String name) {
        return name != null && schedulers.containsKey(name);
    }

    /**
     * Returns the registered names.
     *
     * @return the names, sorted
     */
    public List<String> names() {
        return List.copyOf(schedulers.keySet());
    }

    /**
     * Returns every registration, for listings such as {@code /proc/jvs/plugins}.
     *
     * @return the registrations, sorted by name
     */
    public List<RegisteredScheduler> all() {
        return List.copyOf(schedulers.values());
    }

    /**
     * Validates a service's parameters for a scheduler without creating anything (configuration
     * checks before an apply).
     *
     * @param name the scheduler's name
     * @param parameters the service's parameters as text
     * @return the typed parameters, defaults filled in
     * @throws UnknownSchedulerException when no scheduler has that name
     * @throws InvalidParameterException when a parameter is invalid; the message names it
     */
    public SchedulerParameters validate(String name, Map<String, String> parameters)
            throws InvalidParameterException {
        return ParameterValidator.validate(get(name).parameters(), parameters);
    }

    /**
     * Creates the scheduler of one service.
     *
     * @param name the scheduler's name
     * @param parameters the service's parameters as text; empty for the defaults
     * @param service the service; its current destinations are visible to the factory
     * @param workerCount how many packet workers will call {@code schedule}, at least 1
     * @return the new scheduler
     * @throws UnknownSchedulerException when no scheduler has that name
     * @throws InvalidParameterException when a parameter is invalid, alone or in combination
     * @throws SchedulerCreationException when the plugin's factory threw or returned {@code null}
     */
    public Scheduler create(String name, Map<String, String> parameters, ServiceView service, int workerCount)
            throws InvalidParameterException, SchedulerCreationException {
        RegisteredScheduler registered = get(name);
        SchedulerParameters validated = ParameterValidator.validate(registered.parameters(), parameters);
        RegistryPluginMetrics schedulerMetrics =
                new RegistryPluginMetrics(metrics, MetricRegistry.name("jvs.scheduler", name, service.name()));
        List<String> inners = new ArrayList<>();
        ServiceSchedulerContext context =
                new ServiceSchedulerContext(service, validated, schedulerMetrics, workerCount, this, inners);
        Scheduler scheduler;
        try {
            scheduler = registered.factory().create(context);
        } catch (RuntimeException | LinkageError e) {
            throw new SchedulerCreationException("scheduler '" + name + "' from " + registered.origin()
                    + " failed to create the scheduler of " + service.name() + ": " + e, e);
        }
        if (scheduler == null) {
            throw new SchedulerCreationException("scheduler '" + name + "' from " + registered.origin()
                    + " returned no scheduler for " + service.name(), null);
        }
        if (!inners.isEmpty()) {
            synchronized (innerSchedulers) {
                innerSchedulers.put(scheduler, List.copyOf(new TreeSet<>(inners)));
            }
        }
        return scheduler;
    }

    /**
     * Returns the names of the inner schedulers a scheduler created through its context, directly or
     * through its inner schedulers, so that the plugins providing them are not unloaded while it
     * runs.
     *
     * @param scheduler a scheduler created by {@link #create}
     * @return the names, sorted; empty when it created none (or was not created here)
     */
    public List<String> innerSchedulersOf(Scheduler scheduler) {
        synchronized (innerSchedulers) {
            return innerSchedulers.getOrDefault(scheduler, List.of());
        }
    }

    /**
     * Returns the metric registry the schedulers count into.
     *
     * @return the registry
     */
    public MetricRegistry metrics() {
        return metrics;
    }
}
