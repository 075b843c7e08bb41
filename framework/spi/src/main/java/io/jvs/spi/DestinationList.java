package io.jvs.spi;

/**
 * An immutable, indexed snapshot of a service's destinations. A new snapshot is published each time
 * a destination is added or removed; read it once per call and iterate over it, so that the list
 * cannot change under the loop.
 *
 * <pre>{@code
 * DestinationList list = service.destinations();
 * for (int i = 0; i < list.size(); i++) {
 *     DestinationView d = list.get(i);
 *     ...
 * }
 * }</pre>
 */
public interface DestinationList {

    /**
     * Returns the number of destinations in this snapshot.
     *
     * @return a non-negative count
     */
    int size();

    /**
     * Returns one destination, in the order they were added.
     *
     * @param index 0 &lt;= index &lt; {@link #size()}
     * @return the destination
     */
    DestinationView get(int index);
}
