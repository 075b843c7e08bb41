package io.jvs.engine.eviction;

import io.jvs.spi.ConnectionView;
import io.jvs.spi.EvictionListener;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Delivers every eviction to everyone who listens: the service's scheduler, the counters by reason,
 * and the user's {@link EvictionListener} plugins. A listener that throws is isolated: its exception
 * is counted against it and the others still hear the eviction.
 *
 * <p>Called on workers, concurrently; allocation-free (counters are atomic arrays). The listener list
 * is replaced by the control plane with one volatile write.
 */
public final class EvictionDispatcher {

    private static final EvictionReason[] REASONS = EvictionReason.values();

    private final AtomicLongArray byReason = new AtomicLongArray(REASONS.length);
    private final AtomicLongArray schedulerFailures = new AtomicLongArray(1);
    private volatile EvictionListener[] listeners = new EvictionListener[0];
    private volatile AtomicLongArray listenerFailures = new AtomicLongArray(0);

    /**
     * Replaces the user listeners.
     *
     * @param value the listeners, in call order
     */
    public synchronized void setListeners(List<EvictionListener> value) {
        EvictionListener[] next = value.toArray(new EvictionListener[0]);
        listenerFailures = new AtomicLongArray(next.length);
        listeners = next;
    }

    /**
     * Returns the user listeners.
     *
     * @return the listeners
     */
    public List<EvictionListener> listeners() {
        return List.of(listeners);
    }

    /**
     * Delivers one eviction.
     *
     * @param connection the entry being removed, valid during the call
     * @param reason why
     * @param nowNanos the current time
     */
    public void dispatch(ConnectionView connection, EvictionReason reason, long nowNanos) {
        byReason.incrementAndGet(reason.ordinal());
        ServiceView service = connection.service();
        if (service instanceof io.jvs.engine.service.VirtualService vs) {
            Scheduler scheduler = vs.scheduler();
            if (scheduler != null) {
                try {
                    scheduler.onEviction(connection, reason, nowNanos);
                } catch (RuntimeException e) {
                    schedulerFailures.incrementAndGet(0);
                }
            }
        }
        EvictionListener[] current = listeners;
        AtomicLongArray failures = listenerFailures;
        for (int i = 0; i < current.length; i++) {
            try {
                current[i].onEviction(connection, reason, nowNanos);
            } catch (RuntimeException e) {
                if (i < failures.length()) {
                    failures.incrementAndGet(i);
                }
            }
        }
    }

    /**
     * Returns how many evictions had a reason.
     *
     * @param reason the reason
     * @return the count since start
     */
    public long count(EvictionReason reason) {
        return byReason.get(reason.ordinal());
    }

    /**
     * Returns how many evictions there were in all.
     *
     * @return the count
     */
    public long total() {
        long sum = 0;
        for (int i = 0; i < byReason.length(); i++) {
            sum += byReason.get(i);
        }
        return sum;
    }

    /**
     * Returns how many times the listener at {@code index} threw.
     *
     * @param index the listener's position
     * @return the count
     */
    public long listenerFailures(int index) {
        return listenerFailures.get(index);
    }

    /**
     * Returns how many times a scheduler's {@code onEviction} threw.
     *
     * @return the count
     */
    public long schedulerFailures() {
        return schedulerFailures.get(0);
    }
}
