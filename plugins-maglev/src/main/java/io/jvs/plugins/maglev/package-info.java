/**
 * Maglev consistent hashing as a jvs plugin (plugin id {@code jvs-maglev-scheduler}, scheduler
 * {@code mh}): the pure table builder {@link io.jvs.plugins.maglev.MaglevTable}, the flow hash
 * {@link io.jvs.plugins.maglev.FlowHash}, the scheduler {@link io.jvs.plugins.maglev.MaglevScheduler}
 * and its {@code @Extension} factory.
 */
package io.jvs.plugins.maglev;
