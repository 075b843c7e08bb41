package io.jvs.engine.conn;

import io.jvs.spi.DestinationView;
import io.jvs.spi.ServiceView;

/**
 * Maps the destination ids stored in {@link ConnectionTable} entries to the engine's views, for
 * {@link ConnectionEntryView#destination()} and {@link ConnectionEntryView#service()}. A destination
 * that was removed from its service must stay resolvable until every entry pointing to it is gone.
 *
 * <p><b>Threads:</b> called on the table's owner thread; must not allocate or block.
 */
public interface DestinationResolver {

    /** A resolver that knows no destination; both methods return {@code null}. */
    DestinationResolver NONE = new DestinationResolver() {
        @Override
        public DestinationView destination(int destId) {
            return null;
        }

        @Override
        public ServiceView service(int destId) {
            return null;
        }
    };

    /**
     * Returns a destination.
     *
     * @param destId an id the engine inserted entries with
     * @return the destination
     */
    DestinationView destination(int destId);

    /**
     * Returns the service of a destination.
     *
     * @param destId an id the engine inserted entries with
     * @return the service
     */
    ServiceView service(int destId);
}
