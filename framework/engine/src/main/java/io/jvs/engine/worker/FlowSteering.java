package io.jvs.engine.worker;

import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.pipeline.ForwardingSettings;
import io.jvs.engine.pipeline.LocalAddressPool;
import io.jvs.engine.service.ServiceTable;

/**
 * Software flow steering for data planes without symmetric RSS: picks the worker that owns a
 * packet's connection, so that both directions of every flow (and every fragment of a datagram)
 * reach the same worker.
 *
 * <ul>
 *   <li>A packet to a FULLNAT local address is a reply: its destination port lies in exactly one
 *       worker's local port range ({@link LocalAddressPool}), and that worker owns the entry.</li>
 *   <li>A packet to a virtual address comes from a client: steer by the client's (source) address.</li>
 *   <li>Any other packet is a reply from a destination to a client (NAT): steer by its destination
 *       address, the client's — the same hash as the request.</li>
 *   <li>An ICMP error is steered like the packet it quotes, read backwards.</li>
 * </ul>
 *
 * <p>The hash covers the client's address only, not its port, so that fragments without ports
 * follow their datagram. Limitation: a later fragment of a FULLNAT reply carries no port and is
 * steered by address (to a worker that may not own it); FULLNAT replies are rarely fragmented.
 * Stateless and allocation-free.
 */
public final class FlowSteering {

    private final int workers;
    private final LocalAddressPool localAddresses;

    /**
     * Creates the steering of an engine.
     *
     * @param workers number of workers
     * @param forwarding the engine's forwarding settings (local addresses and port range)
     */
    public FlowSteering(int workers, ForwardingSettings forwarding) {
        this.workers = workers;
        this.localAddresses = new LocalAddressPool(forwarding, 0, workers);
    }

    /**
     * Picks the worker of a parsed packet.
     *
     * @param p the packet, parsed successfully
     * @param services the current service table
     * @return the worker index
     */
    public int workerFor(ParsedPacket p, ServiceTable services) {
        if (workers == 1) {
            return 0;
        }
        if (p.isIcmpError() && p.hasEmbeddedPacket()) {
            // The quoted packet went the other way: its source is where the error goes.
            return steer(p.embeddedFamily(), p.embeddedDestinationAddressWord(0), p.embeddedDestinationAddressWord(1),
                    p.embeddedDestinationAddressWord(2), p.embeddedDestinationAddressWord(3),
                    p.embeddedDestinationPort(), p.embeddedSourceAddressWord(0), p.embeddedSourceAddressWord(1),
                    p.embeddedSourceAddressWord(2), p.embeddedSourceAddressWord(3), services);
        }
        return steer(p.family(), p.sourceAddressWord(0), p.sourceAddressWord(1), p.sourceAddressWord(2),
                p.sourceAddressWord(3), p.destinationPort(), p.destinationAddressWord(0), p.destinationAddressWord(1),
                p.destinationAddressWord(2), p.destinationAddressWord(3), services);
    }

    private int steer(int family, int s0, int s1, int s2, int s3, int destinationPort, int d0, int d1, int d2, int d3,
            ServiceTable services) {
        if (localAddresses.isLocal(family, d0, d1, d2, d3)) {
            int w = byLocalPort(workers, destinationPort, localAddresses.firstPort(), localAddresses.portsPerWorker());
            if (w >= 0) {
                return w;
            }
        }
        if (services.isVirtualAddress(family, d0, d1, d2, d3)) {
            return byClient(workers, s0, s1, s2, s3);
        }
        return byClient(workers, d0, d1, d2, d3);
    }

    /**
     * Steers by the client's address.
     *
     * @param workers number of workers
     * @param w0 client address word 0
     * @param w1 word 1 (0 for IPv4)
     * @param w2 word 2
     * @param w3 word 3
     * @return the worker index
     */
    public static int byClient(int workers, int w0, int w1, int w2, int w3) {
        if (workers == 1) {
            return 0;
        }
        int h = w0 * 0x9E3779B1;
        h = (h ^ w1) * 0x85EBCA77;
        h = (h ^ w2) * 0xC2B2AE3D;
        h = (h ^ w3) * 0x27D4EB2F;
        h ^= h >>> 16;
        return (int) (((h & 0xffffffffL) * workers) >>> 32);
    }

    /**
     * Steers a FULLNAT reply by the local port it is addressed to.
     *
     * @param workers number of workers
     * @param localPort the reply's destination port
     * @param firstPort the first port of the local port range
     * @param portsPerWorker ports in each worker's slice
     * @return the worker index, or -1 when the port is outside every worker's slice
     */
    public static int byLocalPort(int workers, int localPort, int firstPort, int portsPerWorker) {
        int slice = (localPort - firstPort) / portsPerWorker;
        return localPort < firstPort || slice >= workers ? -1 : slice;
    }
}
