/**
 * Benchmarks of the {@code mh} (Maglev) scheduler: table build time ({@code MaglevBuildBenchmark}),
 * decision cost ({@code MaglevLookupBenchmark}), and {@code MaglevPlots}, which draws the slot-share
 * and disruption figures of {@code docs/schedulers.md}.
 */
package io.jvs.bench.maglev;
