package io.jvs.dpdk;

/**
 * What {@link DpdkPacketIo} did with the packets of a queue (or of all queues), counted since it
 * was created. Every packet handed to the engine ({@code received}) ends in exactly one of:
 * transmitted, dropped, kernel-sent, kernel-dropped, TX-dropped, bad-geometry-dropped, unresolved-dropped,
 * no-route-dropped (a held frame counts when it leaves). Multi-segment frames,
 * frames to other MACs and answered ARP, neighbour-solicitation and echo requests never reach the engine.
 *
 * @param received packets handed to the engine
 * @param transmitted packets the driver took for sending
 * @param dropped packets the engine dropped (verdict DROP)
 * @param kernelDropped packets the engine handed to the kernel, freed: no exception port, or it did not
 *     take them
 * @param txRetries extra {@code tx_burst} calls because the driver took less than offered
 * @param txDropped packets freed because the driver did not take them after the retries
 * @param multiSegmentDropped received packets of several segments, freed
 * @param badGeometryDropped packets whose offset or length the engine left outside their buffer, freed
 * @param arpReplies ARP requests answered before the engine (see {@link LinkLayerSettings}); a reply
 *     the driver did not take also counts in {@code txDropped}
 * @param macFiltered unicast frames to another MAC, freed before the engine
 * @param arpRequests ARP requests sent to resolve next hops ({@link NeighborResolver})
 * @param arpLearned ARP replies to jvs consumed (their senders learned)
 * @param heldForResolution frames that waited for their next hop's answer
 * @param unresolvedDropped frames freed because their next hop did not answer in time, or the
 *     queue's waiting room or the neighbour table was full
 * @param noRouteDropped frames freed because no on-link prefix, route or gateway reaches their
 *     destination
 * @param echoReplies ICMP and ICMPv6 echo requests to jvs's addresses answered before the engine
 *     ({@link EchoResponder}); a reply the driver did not take also counts in {@code txDropped}
 * @param neighborAdvertisements IPv6 neighbour solicitations for jvs's addresses answered before the
 *     engine ({@link NeighborAdvertiser})
 * @param kernelSent frames given to the kernel through the exception port: those the engine handed to
 *     the kernel and ARP frames jvs did not answer (or consumed: the kernel shares the port's MAC)
 * @param fromKernel frames the kernel sent on the exception port, transmitted on the port
 * @param steered frames this queue received and handed to the queue that owns their connection
 *     ({@link QueueSteering}); they count as received there
 * @param steerDropped frames freed because the hand-off to their queue was full
 * @param ndSolicitations IPv6 neighbour solicitations sent to resolve next hops
 *     ({@link Ipv6NeighborResolver})
 * @param ndLearned IPv6 neighbour advertisements to jvs consumed (their targets learned)
 */
public record QueueCounters(long received, long transmitted, long dropped, long kernelDropped, long txRetries,
        long txDropped, long multiSegmentDropped, long badGeometryDropped, long arpReplies, long macFiltered,
        long arpRequests, long arpLearned, long heldForResolution, long unresolvedDropped, long noRouteDropped,
        long echoReplies, long neighborAdvertisements, long kernelSent, long fromKernel, long steered,
        long steerDropped, long ndSolicitations, long ndLearned) {

    /** All zero. */
    public static final QueueCounters ZERO = new QueueCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * Adds two sets of counters.
     *
     * @param o the other
     * @return the sums
     */
    public QueueCounters plus(QueueCounters o) {
        return new QueueCounters(received + o.received, transmitted + o.transmitted, dropped + o.dropped,
                kernelDropped + o.kernelDropped, txRetries + o.txRetries, txDropped + o.txDropped,
                multiSegmentDropped + o.multiSegmentDropped, badGeometryDropped + o.badGeometryDropped,
                arpReplies + o.arpReplies, macFiltered + o.macFiltered, arpRequests + o.arpRequests,
                arpLearned + o.arpLearned, heldForResolution + o.heldForResolution,
                unresolvedDropped + o.unresolvedDropped, noRouteDropped + o.noRouteDropped,
                echoReplies + o.echoReplies, neighborAdvertisements + o.neighborAdvertisements,
                kernelSent + o.kernelSent, fromKernel + o.fromKernel, steered + o.steered,
                steerDropped + o.steerDropped, ndSolicitations + o.ndSolicitations, ndLearned + o.ndLearned);
    }
}
