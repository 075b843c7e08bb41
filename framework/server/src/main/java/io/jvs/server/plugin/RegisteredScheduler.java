package io.jvs.server.plugin;

import io.jvs.spi.ParameterSpec;
import io.jvs.spi.SchedulerFactory;
import java.util.List;
import java.util.Objects;

/**
 * A scheduler factory accepted by the {@link SchedulerRegistry}, with what it declared when it was
 * registered (read once, so a misbehaving plugin cannot change it later).
 *
 * @param name the unique short name ({@code rr})
 * @param description the one-line description
 * @param parameters the declared parameters, already checked
 * @param origin the plugin it came from
 * @param factory the factory itself
 */
public record RegisteredScheduler(String name, String description, List<ParameterSpec> parameters,
        PluginOrigin origin, SchedulerFactory factory) {

    /** Checks and copies the values. */
    public RegisteredScheduler {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(factory, "factory");
    }
}
