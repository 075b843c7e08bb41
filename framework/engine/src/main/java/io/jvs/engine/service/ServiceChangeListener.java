package io.jvs.engine.service;

/**
 * Hears of every committed change of the running services, for data planes that keep resources per
 * service outside the workers' tables (the proxy's listening sockets).
 *
 * <p><b>Threads:</b> called on the thread that called {@link ServiceManager#apply}, after the new
 * {@link ServiceTable} is published and the scheduler hooks ran, while the manager still holds its
 * lock: the next apply waits until every listener has returned. A listener must not call back into
 * {@code apply}. An exception is logged and counted ({@link ServiceManager#changeListenerErrors()});
 * the change itself stays applied.
 */
@FunctionalInterface
public interface ServiceChangeListener {

    /**
     * Receives the services as they are now.
     *
     * @param table the table just published
     */
    void servicesChanged(ServiceTable table);
}
