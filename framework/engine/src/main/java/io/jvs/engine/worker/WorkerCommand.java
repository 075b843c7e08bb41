package io.jvs.engine.worker;

/**
 * A change the control plane asks one worker to make to the state only that worker owns (its
 * connection-table shard), applied on the worker's thread between bursts.
 */
@FunctionalInterface
public interface WorkerCommand {

    /**
     * Applies the command.
     *
     * @param worker the worker, on its own thread
     * @param nowNanos the current time
     */
    void apply(Worker worker, long nowNanos);
}
