package io.jvs.dpdk;

import java.util.ArrayList;
import java.util.List;

/**
 * Two {@code net_ring} ports joined back to back by rings, like a cable between two NICs: what the
 * engine side sends on queue {@code q}, the wire side receives on queue {@code q}, and the other way
 * round. The wire side plays the network in tests and benchmarks; the engine side is given to
 * {@link DpdkPacketIo}.
 */
public final class RingCable implements AutoCloseable {

    private final List<Ring> toEngine = new ArrayList<>();
    private final List<Ring> fromEngine = new ArrayList<>();
    private final EthPort engineSide;
    private final EthPort wireSide;

    /**
     * Makes the rings and both ports, and starts the ports.
     *
     * @param eal the initialised EAL
     * @param name a short name unique in the process (at most 16 characters)
     * @param queues queue pairs of each port
     * @param toEngineSize slots of each ring towards the engine side, a power of two
     * @param fromEngineSize slots of each ring from the engine side, a power of two
     * @param pool the mempool both ports name
     */
    public RingCable(Eal eal, String name, int queues, int toEngineSize, int fromEngineSize, Mempool pool) {
        if (name.isEmpty() || name.length() > 16) {
            throw new IllegalArgumentException("cable name '" + name + "' must have 1..16 characters");
        }
        EthPort engine = null;
        try {
            for (int q = 0; q < queues; q++) {
                toEngine.add(Ring.create(eal, name + "-in" + q, toEngineSize));
                fromEngine.add(Ring.create(eal, name + "-out" + q, fromEngineSize));
            }
            PortConfig config = PortConfig.of(queues);
            engine = EthPort.fromRings(eal, name + "-e", toEngine, fromEngine, config, pool);
            this.wireSide = EthPort.fromRings(eal, name + "-w", fromEngine, toEngine, config, pool);
            this.engineSide = engine;
        } catch (RuntimeException e) {
            if (engine != null) {
                engine.close();
            }
            toEngine.forEach(Ring::close);
            fromEngine.forEach(Ring::close);
            throw e;
        }
    }

    /** Returns the port to give to the engine. @return the engine side */
    public EthPort engineSide() {
        return engineSide;
    }

    /** Returns the port that plays the network. @return the wire side */
    public EthPort wireSide() {
        return wireSide;
    }

    /** Closes both ports and frees the rings; mbufs still in the rings are not freed. */
    @Override
    public void close() {
        engineSide.close();
        wireSide.close();
        toEngine.forEach(Ring::close);
        fromEngine.forEach(Ring::close);
    }
}
