/**
 * The server's plugin side: {@link io.jvs.server.plugin.PluginHost} loads the plugin jars of a
 * directory with PF4J, one class loader each, and reports per jar what became of it;
 * {@link io.jvs.server.plugin.SchedulerRegistry} resolves scheduler factories by name (duplicates
 * refused, unknown names listed) and creates the scheduler of a service with parameters checked by
 * {@link io.jvs.server.plugin.ParameterValidator} and a
 * {@link io.jvs.server.plugin.ServiceSchedulerContext}. Plugins see only the jvs SPI, never PF4J's
 * {@code PluginWrapper}.
 */
package io.jvs.server.plugin;
