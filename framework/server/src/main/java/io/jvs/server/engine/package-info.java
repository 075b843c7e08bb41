/**
 * The server's wiring of the packet engine: schedulers from plugins
 * ({@link io.jvs.server.engine.PluginSchedulerProvider}), an engine built from a configuration
 * ({@link io.jvs.server.engine.EngineFactory}), and where an installation keeps its files.
 */
package io.jvs.server.engine;
