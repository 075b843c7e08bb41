package io.jvs.engine.worker;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A bounded multi-producer, single-consumer queue of control-plane commands for one worker
 * (Aeron's {@code ReceiverProxy} idea): the control plane offers, the worker drains a limited number
 * per cycle, so control-plane bursts never stall the packet path. Lock-free.
 *
 * @param <T> the command type
 */
public final class CommandQueue<T> {

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    /**
     * Creates a queue.
     *
     * @param capacity the most commands waiting at once
     */
    public CommandQueue(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Offers a command.
     *
     * @param command the command
     * @return {@code false} when the queue is full (the caller retries or reports)
     */
    public boolean offer(T command) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        queue.add(command);
        return true;
    }

    /**
     * Hands up to {@code limit} commands to {@code handler}, oldest first. Worker thread only.
     *
     * @param handler applies one command
     * @param limit the most commands to drain
     * @return the number drained
     */
    public int drain(Consumer<T> handler, int limit) {
        int n = 0;
        T command;
        while (n < limit && (command = queue.poll()) != null) {
            size.decrementAndGet();
            handler.accept(command);
            n++;
        }
        return n;
    }

    /** Tells whether no command waits. @return {@code true} when empty */
    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
