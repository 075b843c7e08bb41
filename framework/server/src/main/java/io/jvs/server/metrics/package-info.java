/**
 * Metrics of the running engine: per service and destination connections, packets, bytes and
 * rates; connection-table occupancy; evictions by reason; scheduler errors; per-worker loop
 * counters. Collected on demand from the engine's own counters, exposed as Prometheus text
 * ({@code /metrics}) and through JMX (Dropwizard Metrics' {@code JmxReporter}).
 */
package io.jvs.server.metrics;
