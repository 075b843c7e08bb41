package io.jvs.testplugins;

import io.jvs.spi.ConnectionView;
import io.jvs.spi.EvictionListener;
import io.jvs.spi.EvictionReason;
import java.util.concurrent.atomic.AtomicLong;

/** An eviction listener that counts what it hears. */
public final class CountingEvictionListener implements EvictionListener {

    private final AtomicLong evictions = new AtomicLong();

    @Override
    public void onEviction(ConnectionView connection, EvictionReason reason, long nowNanos) {
        evictions.incrementAndGet();
    }

    /**
     * Returns how many evictions it heard.
     *
     * @return the count
     */
    public long evictions() {
        return evictions.get();
    }
}
