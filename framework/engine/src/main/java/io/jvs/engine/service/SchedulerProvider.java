package io.jvs.engine.service;

import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.util.Map;

/**
 * Creates scheduler instances by name; implemented by the server over the plugin registry, and by
 * tests over plain factories. The engine knows no plugin.
 */
public interface SchedulerProvider {

    /**
     * Creates the scheduler of one service.
     *
     * @param name the scheduler's short name
     * @param parameters the service's scheduler parameters as text
     * @param service the service, whose destinations are already visible
     * @return a new scheduler instance
     * @throws IllegalArgumentException when the name is unknown (the message lists the known names)
     *     or the parameters are invalid (the message names the parameter)
     */
    Scheduler create(String name, Map<String, String> parameters, ServiceView service);

    /**
     * Tells whether a scheduler needs payload bytes, so that configurations it cannot serve are
     * refused before they apply.
     *
     * @param name the scheduler's short name
     * @return {@code true} when the scheduler exists
     */
    boolean exists(String name);
}
