package io.jvs.server.replay;

import io.jvs.spi.ConnectionView;
import io.jvs.spi.EvictionListener;
import io.jvs.spi.EvictionReason;
import java.util.ArrayList;
import java.util.List;

/**
 * An eviction listener that copies every evicted connection (templates aside) into a
 * {@link FlowRecord}, so that a replay can list the connections that ended during the run.
 *
 * <p>It allocates a record per eviction: meant for replays and tests, not for a live server.
 * <b>Not thread-safe:</b> a replay runs one worker.
 */
public final class FlowRecorder implements EvictionListener {

    private final List<FlowRecord> evicted = new ArrayList<>();

    /** Creates an empty recorder. */
    public FlowRecorder() {
    }

    @Override
    public void onEviction(ConnectionView connection, EvictionReason reason, long nowNanos) {
        if (!connection.isTemplate()) {
            evicted.add(FlowRecord.of(connection, reason));
        }
    }

    /**
     * Returns the connections evicted so far.
     *
     * @return a copy, in eviction order
     */
    public List<FlowRecord> evicted() {
        return List.copyOf(evicted);
    }
}
