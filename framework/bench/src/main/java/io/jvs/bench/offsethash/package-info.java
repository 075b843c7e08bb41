/**
 * JMH benchmark of the {@code offh} plugin of {@code plugins-offsethash}: the per-packet cost and
 * allocation of {@code sessionKey} plus {@code schedule}. Figures and the command are in
 * {@code docs/performance.md}, section "Offset hashing".
 */
package io.jvs.bench.offsethash;
