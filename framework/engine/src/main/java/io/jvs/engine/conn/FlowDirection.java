package io.jvs.engine.conn;

/**
 * The direction of a packet relative to its connection entry, as IPVS {@code IP_VS_DIR_*}.
 */
public final class FlowDirection {
    /** From the client towards the virtual service ({@code IP_VS_DIR_INPUT}). */
    public static final int INPUT = 0;
    /** From the real server back towards the client, through the balancer ({@code IP_VS_DIR_OUTPUT}). */
    public static final int OUTPUT = 1;
    /**
     * From the client, on a connection whose replies do not pass through the balancer (DR, TUNNEL):
     * {@code IP_VS_DIR_INPUT_ONLY}. {@link ConnectionTable} selects it by itself for such entries; pass it
     * only to {@link TcpStateMachine} directly.
     */
    public static final int INPUT_ONLY = 2;

    private FlowDirection() {
    }
}
