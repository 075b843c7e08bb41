package io.jvs.spi;

/**
 * Implemented by a {@link Scheduler} that knows, for every packet, an ordered list of destinations
 * that may own its connection, as GitHub GLB Director's forwarding table does (a row of primary,
 * secondary, ... destinations). With {@link TunnelType#GLB_GUE} destinations the engine asks for
 * that list on every packet it encapsulates and writes it into the GUE private data after the
 * destination the packet is sent to, so that a receiving proxy that does not own the connection
 * (not a SYN, no local socket) passes the packet on to the next hop ("second chance",
 * GLB's {@code glb-redirect}).
 *
 * <p>Called on the packet path by every worker concurrently: must be allocation-free, lock-free
 * and quick, like {@link Scheduler#schedule}.
 */
public interface SecondChanceHops {

    /** The most hops the engine asks for after the first: GLB's header holds up to 30 IPv4 hops, jvs uses 7. */
    int MAX_NEXT_HOPS = 7;

    /**
     * Writes the destinations that should see the packet after {@code first}, in order, leaving
     * {@code first} itself out.
     *
     * @param service the packet's service
     * @param packet the packet (valid only during this call)
     * @param first the destination the packet is sent to (its connection's destination)
     * @param out where to write the next hops; its length is the most to write
     * @return how many hops were written, 0..{@code out.length}
     */
    int nextHops(ServiceView service, PacketView packet, DestinationView first, DestinationView[] out);
}
