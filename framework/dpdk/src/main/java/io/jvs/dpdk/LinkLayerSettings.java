package io.jvs.dpdk;

import java.util.List;

/**
 * What {@link DpdkPacketIo} does at layer 2 before the engine sees a frame, for ports that share a
 * segment with hosts and do not filter in hardware ({@code net_af_packet} on a veth, {@code net_tap}).
 *
 * @param arp answers ARP requests for jvs's addresses, or {@code null} for none
 * @param acceptedMac when not 0, unicast frames to any other MAC are freed before the engine sees
 *     them (a NIC's MAC filter: a packet socket also sees frames the segment floods to everybody);
 *     broadcast and multicast frames pass
 * @param resolver resolves next-hop tokens by ARP ({@link NeighborResolver}), or {@code null} when
 *     the engine's frames carry final MACs (static neighbours and gateway MAC)
 * @param echo answers ICMP and ICMPv6 echo requests to jvs's addresses, or {@code null} for none (the
 *     engine then sees them)
 * @param neighborAdvertiser answers IPv6 neighbour solicitations for jvs's addresses, or {@code null}
 *     for none
 * @param ipv6Resolver resolves IPv6 next-hop tokens by neighbour discovery, or {@code null}; needs
 *     {@code resolver} (whose clock it shares)
 */
public record LinkLayerSettings(ArpResponder arp, long acceptedMac, NeighborResolver resolver, EchoResponder echo,
        NeighborAdvertiser neighborAdvertiser, Ipv6NeighborResolver ipv6Resolver) {

    /** No ARP answers, no MAC filter: the right choice for NICs, pcap and ring ports. */
    public static final LinkLayerSettings NONE = new LinkLayerSettings(null, 0);

    /**
     * Settings without echo answers.
     *
     * @param arp answers ARP requests for jvs's addresses, or {@code null} for none
     * @param acceptedMac the MAC filter, 0 for none
     * @param resolver the ARP resolution, or {@code null}
     */
    public LinkLayerSettings(ArpResponder arp, long acceptedMac, NeighborResolver resolver) {
        this(arp, acceptedMac, resolver, null, null, null);
    }

    /**
     * Settings without neighbour resolution.
     *
     * @param arp answers ARP requests for jvs's addresses, or {@code null} for none
     * @param acceptedMac the MAC filter, 0 for none
     */
    public LinkLayerSettings(ArpResponder arp, long acceptedMac) {
        this(arp, acceptedMac, null, null, null, null);
    }

    /**
     * Settings for a port that acts as a host on a segment: answer ARP for the addresses with the
     * port's MAC, and accept only frames to that MAC (and broadcast/multicast).
     *
     * @param ownMac the port's MAC address
     * @param ipv4Addresses the addresses jvs owns on the segment (virtual, local, gateway), as words
     * @return the settings
     */
    public static LinkLayerSettings host(long ownMac, List<Integer> ipv4Addresses) {
        return new LinkLayerSettings(new ArpResponder(ownMac, ipv4Addresses), ownMac);
    }
}
