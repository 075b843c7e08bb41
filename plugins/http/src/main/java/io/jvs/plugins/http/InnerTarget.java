package io.jvs.plugins.http;

import io.jvs.spi.Scheduler;

/**
 * One pool with its inner scheduler: where the rules with the same {@link TargetSpec} send their
 * connections.
 *
 * @param spec the target as configured
 * @param pool the pool's view, or {@code null} for the pool {@value HttpClassifierSettings#ALL_POOL}
 *     (the inner scheduler then sees the service itself)
 * @param scheduler the inner scheduler, owned by the classifier
 */
record InnerTarget(TargetSpec spec, PoolView pool, Scheduler scheduler) {
}
