/** JMH benchmarks of the GLB rendezvous scheduler ({@code glb}): table build, state change and lookup. */
package io.jvs.bench.rendezvous;
