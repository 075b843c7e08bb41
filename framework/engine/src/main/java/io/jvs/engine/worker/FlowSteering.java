package io.jvs.engine.worker;

/**
 * Software flow steering for data planes without symmetric RSS: picks the worker that owns a
 * packet's connection, so that both directions of every flow reach the same worker.
 *
 * <ul>
 *   <li>A packet to a FULLNAT local address is a reply: its destination port lies in exactly one
 *       worker's local port range, and that worker owns the entry.</li>
 *   <li>A packet to a virtual address comes from a client: steer by the client's address and port.</li>
 *   <li>Any other packet is a NAT reply from a destination to a client: steer by its destination
 *       (the client's) address and port — the same hash as the request's source.</li>
 * </ul>
 *
 * <p>Stateless and allocation-free; the caller classifies the packet (it knows its tables).
 */
public final class FlowSteering {

    private FlowSteering() {
    }

    /**
     * Steers a packet by one endpoint (the client's).
     *
     * @param workers number of workers
     * @param w0 client address word 0
     * @param w1 word 1 (0 for IPv4)
     * @param w2 word 2
     * @param w3 word 3
     * @param port the client port
     * @return the worker index
     */
    public static int byClient(int workers, int w0, int w1, int w2, int w3, int port) {
        if (workers == 1) {
            return 0;
        }
        int h = w0 * 0x9E3779B1;
        h = (h ^ w1) * 0x85EBCA77;
        h = (h ^ w2) * 0xC2B2AE3D;
        h = (h ^ w3 ^ port) * 0x27D4EB2F;
        h ^= h >>> 16;
        return (int) (((h & 0xffffffffL) * workers) >>> 32);
    }

    /**
     * Steers a FULLNAT reply by the local port it is addressed to.
     *
     * @param workers number of workers
     * @param localPort the reply's destination port
     * @param firstPort the first port of the local port range
     * @param portsPerWorker ports in each worker's slice of the range
     * @return the worker index, or -1 when the port is outside every worker's slice
     */
    public static int byLocalPort(int workers, int localPort, int firstPort, int portsPerWorker) {
        int slice = (localPort - firstPort) / portsPerWorker;
        return localPort < firstPort || slice >= workers ? -1 : slice;
    }
}
