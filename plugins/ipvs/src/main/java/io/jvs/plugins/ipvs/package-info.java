/**
 * The Linux IPVS schedulers as a jvs plugin (plugin id {@code jvs-ipvs-schedulers}): one scheduler
 * class and one {@code @Extension} factory per algorithm, each named after its IPVS module
 * ({@code net/netfilter/ipvs/ip_vs_*.c}).
 *
 * <table>
 *   <caption>The schedulers</caption>
 *   <tr><th>name</th><th>class</th><th>state</th></tr>
 *   <tr><td>{@code rr}</td><td>{@link io.jvs.plugins.ipvs.RoundRobinScheduler}</td><td>a racy position</td></tr>
 *   <tr><td>{@code wrr}</td><td>{@link io.jvs.plugins.ipvs.WeightedRoundRobinScheduler}</td><td>a position advanced by compare-and-set</td></tr>
 *   <tr><td>{@code lc}</td><td>{@link io.jvs.plugins.ipvs.LeastConnectionScheduler}</td><td>none</td></tr>
 *   <tr><td>{@code wlc}</td><td>{@link io.jvs.plugins.ipvs.WeightedLeastConnectionScheduler} (the default)</td><td>none</td></tr>
 *   <tr><td>{@code sed}</td><td>{@link io.jvs.plugins.ipvs.ShortestExpectedDelayScheduler}</td><td>none</td></tr>
 *   <tr><td>{@code nq}</td><td>{@link io.jvs.plugins.ipvs.NeverQueueScheduler}</td><td>none</td></tr>
 *   <tr><td>{@code fo}</td><td>{@link io.jvs.plugins.ipvs.WeightedFailoverScheduler}</td><td>none</td></tr>
 *   <tr><td>{@code ovf}</td><td>{@link io.jvs.plugins.ipvs.OverflowScheduler}</td><td>none</td></tr>
 *   <tr><td>{@code lblc}</td><td>{@link io.jvs.plugins.ipvs.LocalityBasedLeastConnectionScheduler}</td><td>a lock-free address table</td></tr>
 *   <tr><td>{@code lblcr}</td><td>{@link io.jvs.plugins.ipvs.LocalityBasedReplicatedLeastConnectionScheduler}</td><td>a lock-free address table of sets</td></tr>
 *   <tr><td>{@code dh}</td><td>{@link io.jvs.plugins.ipvs.DestinationHashingScheduler}</td><td>an immutable bucket table</td></tr>
 *   <tr><td>{@code sh}</td><td>{@link io.jvs.plugins.ipvs.SourceHashingScheduler}</td><td>an immutable bucket table</td></tr>
 *   <tr><td>{@code twos}</td><td>{@link io.jvs.plugins.ipvs.PowerOfTwoChoicesScheduler}</td><td>a racy random state</td></tr>
 * </table>
 *
 * <p>Shared pieces, package-private: {@link io.jvs.plugins.ipvs.ConnectionOverhead} (the kernel's
 * {@code ip_vs_dest_conn_overhead}), {@link io.jvs.plugins.ipvs.AddressFold} (address folding for
 * the hashes), and for {@code lblc}/{@code lblcr} {@link io.jvs.plugins.ipvs.DestinationSlots},
 * {@link io.jvs.plugins.ipvs.PackedDestinationSet} and {@link io.jvs.plugins.ipvs.LocalityTable}.
 * See {@code docs/schedulers.md} for the operator's view.
 */
package io.jvs.plugins.ipvs;
