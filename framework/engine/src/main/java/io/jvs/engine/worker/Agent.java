package io.jvs.engine.worker;

/**
 * A unit of work run in a loop by an {@link AgentRunner}, Agrona-style: each call does a bounded
 * amount of work and says how much, so the runner can idle when there is none.
 */
public interface Agent {

    /**
     * Does one cycle of work.
     *
     * @param nowNanos the current time, read once by the runner for this cycle
     * @return the amount of work done (packets, commands, expiries); 0 lets the runner idle
     */
    int doWork(long nowNanos);

    /**
     * Returns a name for threads and logs.
     *
     * @return the name
     */
    String roleName();

    /** Called once on the agent's thread after the last {@link #doWork}. */
    default void onClose() {
    }
}
