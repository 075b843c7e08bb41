/**
 * JMH benchmarks of the IPVS schedulers of {@code plugins/ipvs}: the cost and the allocation of one
 * {@code schedule} call. Figures and commands are in {@code docs/performance.md}, section
 * "Schedulers".
 */
package io.jvs.bench.schedulers;
