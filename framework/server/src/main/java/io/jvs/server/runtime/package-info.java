/**
 * The running server of {@code jvs run}: the data plane chosen by {@code engine.data-plane}, the
 * engine with its worker threads, the admin endpoint, metrics, the configuration file watcher.
 */
package io.jvs.server.runtime;
