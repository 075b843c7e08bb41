package io.jvs.engine.worker;

import java.lang.System.Logger.Level;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;

/**
 * Runs an {@link Agent} on its own platform thread until closed: reads the clock once per cycle,
 * calls {@code doWork}, idles when there was no work. An exception from the agent stops it and is
 * kept for {@link #failure()}.
 */
public final class AgentRunner implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AgentRunner.class.getName());

    private final Agent agent;
    private final IdleStrategy idle;
    private final LongSupplier clock;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * Creates and starts the runner.
     *
     * @param agent the agent
     * @param idle its idle strategy
     * @param clock the monotonic clock in nanoseconds, read once per cycle
     */
    public AgentRunner(Agent agent, IdleStrategy idle, LongSupplier clock) {
        this.agent = agent;
        this.idle = idle;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name(agent.roleName()).daemon(true).unstarted(this::run);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                idle.idle(agent.doWork(clock.getAsLong()));
            }
        } catch (Throwable t) {
            failure = t;
            LOG.log(Level.ERROR, agent.roleName() + " stopped by " + t, t);
        } finally {
            try {
                agent.onClose();
            } finally {
                stopped.countDown();
            }
        }
    }

    /** Returns what stopped the agent, or {@code null}. @return the failure */
    public Throwable failure() {
        return failure;
    }

    /** Tells whether the agent's thread still runs. @return {@code true} while running */
    public boolean isRunning() {
        return stopped.getCount() > 0;
    }

    /** Stops the agent after its current cycle and waits for its thread. */
    @Override
    public void close() {
        running = false;
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
