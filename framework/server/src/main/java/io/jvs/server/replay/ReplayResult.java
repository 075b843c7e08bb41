package io.jvs.server.replay;

import io.jvs.engine.worker.WorkerCounters;
import java.util.List;

/**
 * What a replay did: every connection with its decision, and the engine's counters.
 *
 * @param flows every connection seen (live at the end or evicted during the run), by creation time
 * @param counters the worker's counters, indexed by {@link WorkerCounters} constants
 * @param liveTemplates persistence templates live at the end
 * @param framesRead frames read from the input capture
 * @param framesWritten frames written to the output capture
 */
public record ReplayResult(List<FlowRecord> flows, long[] counters, int liveTemplates, long framesRead,
        long framesWritten) {

    /** Copies the values. */
    public ReplayResult {
        flows = List.copyOf(flows);
        counters = counters.clone();
    }

    /**
     * Returns one counter.
     *
     * @param counter a {@link WorkerCounters} index
     * @return its value
     */
    public long counter(int counter) {
        return counters[counter];
    }

    /**
     * Returns the connections still live at the end.
     *
     * @return them, by creation time
     */
    public List<FlowRecord> liveFlows() {
        return flows.stream().filter(f -> f.eviction() == null).toList();
    }

    /**
     * Returns the connections evicted during the run.
     *
     * @return them, by creation time
     */
    public List<FlowRecord> evictedFlows() {
        return flows.stream().filter(f -> f.eviction() != null).toList();
    }
}
