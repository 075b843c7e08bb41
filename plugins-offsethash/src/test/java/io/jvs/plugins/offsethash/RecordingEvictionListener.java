package io.jvs.plugins.offsethash;

import io.jvs.spi.ConnectionView;
import io.jvs.spi.EvictionListener;
import io.jvs.spi.EvictionReason;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * A listener plugin extension for the engine tests: indexed by PF4J's annotation processor into the
 * test classes' {@code META-INF/extensions.idx}, found there by a PF4J plugin manager as the server
 * finds listener plugins, and handed to the engine. Records each eviction as
 * {@code "REASON client:port->destination"}. Single-threaded use only.
 */
@Extension
public final class RecordingEvictionListener implements EvictionListener {

    private final List<String> events = new ArrayList<>();

    /** Creates the listener; PF4J does so through the extension index. */
    public RecordingEvictionListener() {
    }

    @Override
    public void onEviction(ConnectionView connection, EvictionReason reason, long nowNanos) {
        int a = connection.clientAddressWord(0);
        events.add(reason + " " + (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255) + ":"
                + connection.clientPort() + "->" + connection.destination().key());
    }

    /**
     * Returns the evictions seen so far.
     *
     * @return the events, oldest first
     */
    public List<String> events() {
        return events;
    }
}
