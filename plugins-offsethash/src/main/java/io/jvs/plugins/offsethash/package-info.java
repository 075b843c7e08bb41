/**
 * The {@code offh} scheduler plugin: payload-offset session hashing. A session id found at a fixed
 * position of the first datagram's payload chooses the destination through a Maglev table and keys
 * the connection, so that a client that changes address or port keeps its destination and its old
 * connection-cache entry is evicted at once ({@link io.jvs.spi.EvictionReason#REPLACED}).
 *
 * <p>Start at {@link io.jvs.plugins.offsethash.OffsetHashSchedulerFactory}; the run-time parameter
 * file ({@code offset:%u;offlen:%u}) is {@link io.jvs.plugins.offsethash.SessionIdPosition}.
 */
package io.jvs.plugins.offsethash;
