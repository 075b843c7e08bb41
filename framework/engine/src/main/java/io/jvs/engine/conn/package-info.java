/**
 * The connection cache of a packet worker, modelled on Linux IPVS {@code ip_vs_conn.c}:
 * {@link io.jvs.engine.conn.ConnectionTable} (primitive, open-addressed, bounded, one per worker),
 * the IPVS TCP state machine ({@link io.jvs.engine.conn.TcpStateMachine}), timeout profiles
 * ({@link io.jvs.engine.conn.TimeoutProfile}), and the interfaces through which the engine hears of
 * counter changes ({@link io.jvs.engine.conn.ConnectionAccounting}) and removals
 * ({@link io.jvs.engine.conn.EvictionSink}).
 *
 * <p>The package knows no packet format: lookups and inserts take primitives through reusable
 * {@link io.jvs.engine.conn.FlowKey} and {@link io.jvs.engine.conn.ConnectionSpec} objects.
 */
package io.jvs.engine.conn;
