package io.jvs.proxy;

/**
 * A change the control plane asks one event loop to make on its own thread (open or close a listening
 * socket, flush entries, define a timeout profile), drained a bounded number per cycle.
 */
@FunctionalInterface
interface LoopCommand {

    /**
     * Applies the command on the loop's thread.
     *
     * @param loop the loop
     * @param nowNanos the loop's current time
     */
    void apply(ProxyLoop loop, long nowNanos);
}
