/**
 * The DPDK data plane's throughput next to the in-memory one: the same engine pipeline fed through
 * {@code DpdkPacketIo} over {@code net_null} and {@code net_ring} virtual devices, and through
 * {@code InMemoryPacketIo}, in one run ({@link io.jvs.bench.dpdk.DpdkPipelineBenchmark}).
 */
package io.jvs.bench.dpdk;
