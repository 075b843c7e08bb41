package io.jvs.engine.embedded;

import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceManager;
import io.jvs.engine.worker.Worker;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole packet engine in one thread with a simulated clock, for tests and embedding (Netty's
 * {@code EmbeddedChannel} idea): bytes in, rewritten bytes out, connection state inspectable.
 *
 * <pre>{@code
 * try (EmbeddedEngine engine = new EmbeddedEngine(EngineSettings.defaults(), schedulers)) {
 *     engine.services().apply(List.of(spec));
 *     List<byte[]> out = engine.send(PacketBuilder.tcp4().src("198.51.100.10", 40000)
 *             .dst("203.0.113.1", 80).flags(TcpFlags.SYN).build());
 *     engine.advanceSeconds(60);   // runs expiry
 * }
 * }</pre>
 *
 * <p>Frames are steered to their worker by the engine's {@link io.jvs.engine.worker.FlowSteering}
 * unless a queue is named. Not thread-safe.
 */
public final class EmbeddedEngine implements AutoCloseable {

    private final InMemoryPacketIo io;
    private final Engine engine;
    private final ParsedPacket steeringPacket = new ParsedPacket();
    private long nowNanos = 1_000_000_000L;

    /**
     * Creates an engine with an in-memory data plane.
     *
     * @param settings engine settings
     * @param schedulers creates scheduler instances by name
     */
    public EmbeddedEngine(EngineSettings settings, SchedulerProvider schedulers) {
        this.io = new InMemoryPacketIo(settings.workers(), 1024, settings.batchCapacity());
        this.engine = new Engine(settings, schedulers, io);
    }

    /** Returns the engine. @return the engine */
    public Engine engine() {
        return engine;
    }

    /** Returns the service manager. @return the manager */
    public ServiceManager services() {
        return engine.services();
    }

    /** Returns the simulated time. @return nanoseconds */
    public long nowNanos() {
        return nowNanos;
    }

    /**
     * Sends one frame to the worker that owns its flow and returns what the engine transmitted.
     *
     * @param frame the frame
     * @return the frames transmitted in response, in order (usually one, or none when dropped)
     */
    public List<byte[]> send(byte[] frame) {
        return send(workerFor(frame), frame);
    }

    /**
     * Returns the worker the engine's steering picks for a frame (0 for frames that do not parse).
     *
     * @param frame the frame
     * @return the worker index
     */
    public int workerFor(byte[] frame) {
        int r = PacketParser.parse(MemorySegment.ofArray(frame), 0, frame.length, steeringPacket);
        return r == ParseResult.OK ? engine.steering().workerFor(steeringPacket, engine.services().table()) : 0;
    }

    /**
     * Sends one frame to a worker's queue and returns what the engine transmitted.
     *
     * @param queue the worker
     * @param frame the frame
     * @return the frames transmitted
     */
    public List<byte[]> send(int queue, byte[] frame) {
        if (!io.inject(queue, frame)) {
            throw new IllegalStateException("receive ring full");
        }
        runUntilIdle();
        List<byte[]> out = new ArrayList<>();
        for (int q = 0; q < io.queueCount(); q++) {
            out.addAll(io.drainTransmitted(q));
        }
        return out;
    }

    /**
     * Returns and forgets what the workers transmitted outside {@link #send} (frames the timers sent
     * during {@link #advanceNanos}, for example).
     *
     * @return the frames, queue by queue, in order
     */
    public List<byte[]> drainTransmitted() {
        List<byte[]> out = new ArrayList<>();
        for (int q = 0; q < io.queueCount(); q++) {
            out.addAll(io.drainTransmitted(q));
        }
        return out;
    }

    /**
     * Runs every worker until no work is left (commands, packets, due expiries).
     */
    public void runUntilIdle() {
        for (int round = 0; round < 1_000_000; round++) {
            int work = 0;
            for (Worker w : engine.workers()) {
                work += w.doWork(nowNanos);
            }
            if (work == 0) {
                return;
            }
        }
        throw new IllegalStateException("the engine did not become idle");
    }

    /**
     * Advances the simulated clock and runs expiry.
     *
     * @param nanos how far, nanoseconds
     */
    public void advanceNanos(long nanos) {
        nowNanos += nanos;
        runUntilIdle();
    }

    /**
     * Advances the simulated clock and runs expiry.
     *
     * @param seconds how far
     */
    public void advanceSeconds(double seconds) {
        advanceNanos((long) (seconds * 1e9));
    }

    /**
     * Returns a worker's connection table, for inspection.
     *
     * @param worker the worker
     * @return the table
     */
    public ConnectionTable table(int worker) {
        return engine.workers().get(worker).table();
    }

    /**
     * Returns the live entry ids of a worker's table.
     *
     * @param worker the worker
     * @return the ids
     */
    public List<Integer> liveEntries(int worker) {
        ConnectionTable t = table(worker);
        List<Integer> out = new ArrayList<>();
        for (int id = t.nextLive(0); id != ConnectionTable.MISSING; id = t.nextLive(id + 1)) {
            out.add(id);
        }
        return out;
    }

    /**
     * Returns the frames a worker handed to the kernel since the last call.
     *
     * @param worker the worker
     * @return the frames
     */
    public List<byte[]> drainToKernel(int worker) {
        return io.drainToKernel(worker);
    }

    @Override
    public void close() {
        engine.close();
        io.close();
    }
}
