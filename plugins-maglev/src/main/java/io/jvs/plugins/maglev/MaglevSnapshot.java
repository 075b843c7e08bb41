package io.jvs.plugins.maglev;

import io.jvs.spi.DestinationView;

/**
 * What {@link MaglevScheduler} publishes with one volatile write after each rebuild, and never
 * changes afterwards.
 *
 * @param table M entries, each an index into {@code destinations} or {@link MaglevTable#EMPTY}
 * @param destinations the service's destinations sorted by {@link DestinationView#key()}
 * @param weights the weights the table was built with, parallel to {@code destinations}
 */
record MaglevSnapshot(int[] table, DestinationView[] destinations, int[] weights) {
}
