/**
 * Project generators for plugin authors: {@link io.jvs.server.scaffold.SchedulerScaffold} writes a
 * ready-to-build scheduler plugin project (the future {@code jvs new-scheduler NAME}).
 */
package io.jvs.server.scaffold;
