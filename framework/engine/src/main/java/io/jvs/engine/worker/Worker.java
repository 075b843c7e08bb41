package io.jvs.engine.worker;

import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.io.PacketBatch;
import io.jvs.engine.io.PacketIo;
import io.jvs.engine.pipeline.PacketPipeline;
import java.util.function.Consumer;

/**
 * One packet worker (an {@link Agent}): owns one RX/TX queue pair, one connection-table shard and
 * one pipeline. Each cycle it applies a bounded number of control-plane commands, receives a burst,
 * processes it, transmits it and expires a bounded number of connections.
 */
public final class Worker implements Agent {

    /** Commands applied per cycle at most, so a control-plane burst cannot stall packets. */
    public static final int COMMAND_LIMIT = 16;
    /** Connection entries looked at by expiry per cycle at most. */
    public static final int EXPIRY_LIMIT = 256;

    private final int index;
    private final PacketIo io;
    private final PacketBatch batch;
    private final ConnectionTable table;
    private final PacketPipeline pipeline;
    private final WorkerCounters counters;
    private final CommandQueue<WorkerCommand> commands;
    private final Consumer<WorkerCommand> applyCommand = this::apply;
    private long commandTime;

    /**
     * Creates a worker.
     *
     * @param index the worker's index, which is also its queue
     * @param io the data plane
     * @param batchCapacity packets per burst
     * @param table the worker's connection table
     * @param pipeline the worker's pipeline over that table
     * @param counters the worker's counters
     * @param commandCapacity commands that may wait at once
     */
    public Worker(int index, PacketIo io, int batchCapacity, ConnectionTable table, PacketPipeline pipeline,
            WorkerCounters counters, int commandCapacity) {
        this.index = index;
        this.io = io;
        this.batch = new PacketBatch(batchCapacity);
        this.table = table;
        this.pipeline = pipeline;
        this.counters = counters;
        this.commands = new CommandQueue<>(commandCapacity);
    }

    @Override
    public int doWork(long nowNanos) {
        int work = 0;
        if (!commands.isEmpty()) {
            commandTime = nowNanos;
            int n = commands.drain(applyCommand, COMMAND_LIMIT);
            counters.add(WorkerCounters.COMMANDS, n);
            work += n;
        }
        int received = io.receive(index, batch);
        if (received > 0) {
            pipeline.process(batch, nowNanos);
            io.transmit(index, batch);
            work += received;
        }
        work += pipeline.synProxy().poll(nowNanos);
        PacketBatch originated = pipeline.synProxy().outbox();
        int built = originated.count();
        if (built > 0) {
            int sent = io.transmitOriginated(index, originated);
            counters.add(WorkerCounters.ORIGINATED_SENT, sent);
            if (sent < built) {
                counters.add(WorkerCounters.ORIGINATED_DROPPED, built - sent);
            }
            pipeline.synProxy().clearOutbox();
        }
        int expired = table.expire(nowNanos, EXPIRY_LIMIT);
        if (expired > 0) {
            counters.add(WorkerCounters.EXPIRED, expired);
            work += expired;
        }
        return work;
    }

    private void apply(WorkerCommand command) {
        command.apply(this, commandTime);
    }

    /**
     * Queues a command for this worker.
     *
     * @param command the command
     * @return {@code false} when the queue is full
     */
    public boolean offer(WorkerCommand command) {
        return commands.offer(command);
    }

    /** Returns the worker's index. @return the index */
    public int index() {
        return index;
    }

    /** Returns the worker's connection table; only the worker's thread may use it. @return the table */
    public ConnectionTable table() {
        return table;
    }

    /** Returns the worker's pipeline. @return the pipeline */
    public PacketPipeline pipeline() {
        return pipeline;
    }

    /** Returns the worker's counters. @return the counters */
    public WorkerCounters counters() {
        return counters;
    }

    @Override
    public String roleName() {
        return "jvs-worker-" + index;
    }
}
