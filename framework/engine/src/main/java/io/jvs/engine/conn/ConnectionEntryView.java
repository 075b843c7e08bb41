package io.jvs.engine.conn;

import io.jvs.spi.ConnectionView;
import io.jvs.spi.DestinationView;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.ServiceView;

/**
 * A flyweight over one {@link ConnectionTable} entry, implementing the SPI's {@link ConnectionView}
 * plus the fields only the engine needs. The table passes its own instance to the
 * {@link EvictionSink}; the engine may create more for listings. Reads the entry at call time: it is
 * meaningful only while the entry is live (or being evicted) and must not be kept.
 *
 * <p><b>Not thread-safe:</b> use it on the table's owner thread. No accessor allocates.
 */
public final class ConnectionEntryView implements ConnectionView {

    private final ConnectionTable table;
    private int entryId = ConnectionTable.MISSING;

    /**
     * Creates a view over a table.
     *
     * @param table the table
     */
    public ConnectionEntryView(ConnectionTable table) {
        this.table = table;
    }

    /**
     * Points the view at an entry.
     *
     * @param id the entry id
     * @return this view
     */
    public ConnectionEntryView wrap(int id) {
        this.entryId = id;
        return this;
    }

    /**
     * Returns the entry id the view points at.
     *
     * @return the id
     */
    public int entryId() {
        return entryId;
    }

    /**
     * Returns the table.
     *
     * @return the table
     */
    public ConnectionTable table() {
        return table;
    }

    @Override
    public int family() {
        return table.family(entryId);
    }

    @Override
    public int protocol() {
        return table.protocol(entryId);
    }

    @Override
    public int clientAddressWord(int index) {
        return table.clientAddressWord(entryId, index);
    }

    @Override
    public int clientPort() {
        return table.clientPort(entryId);
    }

    @Override
    public int virtualAddressWord(int index) {
        return table.virtualAddressWord(entryId, index);
    }

    @Override
    public int virtualPort() {
        return table.virtualPort(entryId);
    }

    @Override
    public ServiceView service() {
        return table.resolver().service(table.destinationId(entryId));
    }

    @Override
    public DestinationView destination() {
        return table.resolver().destination(table.destinationId(entryId));
    }

    @Override
    public long sessionKey() {
        return table.sessionKey(entryId);
    }

    @Override
    public String stateName() {
        return table.stateName(entryId);
    }

    @Override
    public boolean isTemplate() {
        return table.isTemplate(entryId);
    }

    @Override
    public long createdNanos() {
        return table.createdNanos(entryId);
    }

    /**
     * Returns the destination id.
     *
     * @return the id the entry was inserted with
     */
    public int destinationId() {
        return table.destinationId(entryId);
    }

    /**
     * Returns one word of the destination address.
     *
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word, network byte order
     */
    public int destinationAddressWord(int index) {
        return table.destinationAddressWord(entryId, index);
    }

    /**
     * Returns the destination port.
     *
     * @return 0..65535
     */
    public int destinationPort() {
        return table.destinationPort(entryId);
    }

    /**
     * Returns one word of the local address (client for NAT, FULLNAT local address, else 0).
     *
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word, network byte order
     */
    public int localAddressWord(int index) {
        return table.localAddressWord(entryId, index);
    }

    /**
     * Returns the local port (client port for NAT, FULLNAT local port, else 0).
     *
     * @return 0..65535
     */
    public int localPort() {
        return table.localPort(entryId);
    }

    /**
     * Returns the forwarding method.
     *
     * @return the method
     */
    public ForwardingMethod forwardingMethod() {
        return table.forwardingMethod(entryId);
    }

    /**
     * Returns the raw state code ({@link ConnectionTable#state(int)}).
     *
     * @return the code
     */
    public int state() {
        return table.state(entryId);
    }

    /**
     * Returns the deadline.
     *
     * @return nanoseconds on the engine's clock, rounded up to the table's tick
     */
    public long deadlineNanos() {
        return table.deadlineNanos(entryId);
    }

    @Override
    public String toString() {
        return "ConnectionEntryView[" + entryId + " " + table.stateName(entryId) + " dest=" + destinationId() + "]";
    }
}
