package io.jvs.server.replay;

import io.jvs.engine.conn.ConnectionEntryView;
import io.jvs.engine.service.IpAddress;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.ConnectionView;
import io.jvs.spi.DestinationView;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

/**
 * What the engine decided for one connection, copied out of the connection table: one row of the
 * replay's decision table.
 *
 * @param createdNanos when the connection was created, on the engine's clock
 * @param protocol the IANA protocol number
 * @param client the client's {@code address:port}
 * @param virtual the virtual service's {@code address:port}
 * @param destination the chosen destination's {@code address:port}
 * @param forwarding how packets reached the destination
 * @param state the protocol state at the end of the replay, or when the connection was evicted
 * @param eviction why it was evicted during the replay, or {@code null} when it was live at the end
 */
public record FlowRecord(long createdNanos, int protocol, String client, String virtual, String destination,
        ForwardingMethod forwarding, String state, EvictionReason eviction) {

    /**
     * Copies a connection-table entry.
     *
     * @param connection the entry (a flyweight: read now, not kept)
     * @param eviction the eviction reason, or {@code null} for a live connection
     * @return the record
     */
    public static FlowRecord of(ConnectionView connection, EvictionReason eviction) {
        int family = connection.family();
        String client = address(family, connection::clientAddressWord).withPort(connection.clientPort());
        String virtual = address(family, connection::virtualAddressWord).withPort(connection.virtualPort());
        DestinationView chosen = connection.destination();
        String destination;
        ForwardingMethod forwarding;
        if (connection instanceof ConnectionEntryView entry) {
            int destinationFamily = chosen == null ? family : chosen.family();
            destination = address(destinationFamily, entry::destinationAddressWord).withPort(entry.destinationPort());
            forwarding = entry.forwardingMethod();
        } else if (chosen != null) {
            destination = address(chosen.family(), chosen::addressWord)
                    .withPort(chosen.port() == 0 ? connection.virtualPort() : chosen.port());
            forwarding = chosen.forwardingMethod();
        } else {
            destination = "?";
            forwarding = ForwardingMethod.NAT;
        }
        return new FlowRecord(connection.createdNanos(), connection.protocol(), client, virtual, destination,
                forwarding, connection.stateName(), eviction);
    }

    private static IpAddress address(int family, IntUnaryOperator word) {
        if (family == AddressFamily.IPV4) {
            return new IpAddress(family, word.applyAsInt(0), 0, 0, 0);
        }
        return new IpAddress(family, word.applyAsInt(0), word.applyAsInt(1), word.applyAsInt(2), word.applyAsInt(3));
    }

    /**
     * Returns the protocol's name.
     *
     * @return {@code tcp}, {@code udp}, ...
     */
    public String protocolName() {
        return IpProtocol.name(protocol);
    }

    /**
     * Returns the forwarding method's name as configuration files write it.
     *
     * @return {@code nat}, {@code dr}, {@code tunnel} or {@code fullnat}
     */
    public String forwardingName() {
        return forwarding.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the outcome column: {@code live ESTABLISHED} or {@code evicted EXPIRED (SYN_RECV)}.
     *
     * @return the text
     */
    public String outcome() {
        return eviction == null ? "live " + state : "evicted " + eviction + " (" + state + ")";
    }
}
