package io.jvs.dpdk;

import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.service.ServiceTable;
import io.jvs.engine.worker.FlowSteering;
import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;

/**
 * {@link QueueSteering} by the engine's {@link FlowSteering}: NAT and tunnel requests by the
 * client's address, replies by their destination (the client), FULLNAT replies by the worker slice
 * of their local port, ICMP errors like the packet they quote. Frames that do not parse stay where
 * they were received (the engine counts and drops them there). One parser scratch per queue.
 */
public final class EngineQueueSteering implements QueueSteering {

    private final FlowSteering steering;
    private final Supplier<ServiceTable> services;
    private final ParsedPacket[] scratch;

    /**
     * Creates the steering.
     *
     * @param steering the engine's steering
     * @param services the current service table
     * @param queues the port's queue count
     */
    public EngineQueueSteering(FlowSteering steering, Supplier<ServiceTable> services, int queues) {
        this.steering = steering;
        this.services = services;
        this.scratch = new ParsedPacket[queues];
        for (int q = 0; q < queues; q++) {
            scratch[q] = new ParsedPacket();
        }
    }

    @Override
    public int queueFor(int fromQueue, MemorySegment segment, long frame, int length) {
        ParsedPacket p = scratch[fromQueue];
        if (PacketParser.parse(segment, frame, length, p) != ParseResult.OK) {
            return fromQueue;
        }
        return steering.workerFor(p, services.get());
    }
}
