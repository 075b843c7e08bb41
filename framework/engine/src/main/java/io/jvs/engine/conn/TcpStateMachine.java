package io.jvs.engine.conn;

/**
 * The IPVS TCP state machine: given an entry's state, the packet's direction and its TCP flags, the
 * next state. The tables are {@code tcp_states} and {@code tcp_states_dos} of Linux
 * {@code net/netfilter/ipvs/ip_vs_proto_tcp.c} (mainline, 6.x), transcribed cell by cell; the flag
 * that selects the row is chosen as {@code tcp_state_idx}: RST before SYN before FIN before ACK, and a
 * segment with none of them moves the entry to {@link TcpState#CLOSE} (as {@code set_tcp_state}).
 *
 * <p>Older kernels (2.6.x) had CLOSE instead of ESTABLISHED for an ACK seen in state NONE in the
 * INPUT and INPUT-ONLY tables; these tables follow mainline.
 *
 * <p><b>Thread safety:</b> immutable; {@link #next} allocates nothing.
 */
public final class TcpStateMachine {

    private static final int NO = 0;
    private static final int ES = 1;
    private static final int SS = 2;
    private static final int SR = 3;
    private static final int FW = 4;
    private static final int TW = 5;
    private static final int CL = 6;
    private static final int CW = 7;
    private static final int LA = 8;
    private static final int LI = 9;
    private static final int SA = 10;

    private static final int FLAG_ROWS = 4;
    private static final int ROW_SYN = 0;
    private static final int ROW_FIN = 1;
    private static final int ROW_ACK = 2;
    private static final int ROW_RST = 3;

    /** The default table ({@code tcp_states}). */
    public static final TcpStateMachine STANDARD = new TcpStateMachine("standard", new int[][] {
        // INPUT:       sNO sES sSS sSR sFW sTW sCL sCW sLA sLI sSA
        /* syn */ {SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR},
        /* fin */ {CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW},
        /* ack */ {ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES},
        /* rst */ {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR},
        // OUTPUT
        /* syn */ {SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR},
        /* fin */ {TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW},
        /* ack */ {ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES},
        /* rst */ {CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL},
        // INPUT-ONLY
        /* syn */ {SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR},
        /* fin */ {CL, FW, SS, TW, FW, TW, CL, CW, LA, LI, TW},
        /* ack */ {ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES},
        /* rst */ {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, CL},
    });

    /**
     * The table used when IPVS's {@code secure_tcp} defence is on ({@code tcp_states_dos}): a client
     * needs a SYN-ACK from the server side before its ACK counts, which makes SYN floods expire sooner.
     */
    public static final TcpStateMachine SECURE = new TcpStateMachine("secure", new int[][] {
        // INPUT:       sNO sES sSS sSR sFW sTW sCL sCW sLA sLI sSA
        /* syn */ {SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SA},
        /* fin */ {CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, SA},
        /* ack */ {ES, ES, SS, SR, FW, TW, CL, CW, CL, LI, SA},
        /* rst */ {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, CL},
        // OUTPUT
        /* syn */ {SS, ES, SS, SA, SS, SS, SS, SS, SS, LI, SA},
        /* fin */ {TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW},
        /* ack */ {ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES},
        /* rst */ {CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL},
        // INPUT-ONLY
        /* syn */ {SA, ES, ES, SR, SA, SA, SA, SA, SA, SA, SA},
        /* fin */ {CL, FW, SS, TW, FW, TW, CL, CW, LA, LI, TW},
        /* ack */ {ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES},
        /* rst */ {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, CL},
    });

    private final String name;
    /** next[((direction * 4) + flagRow) * 11 + state]. */
    private final byte[] next;

    private TcpStateMachine(String name, int[][] rows) {
        this.name = name;
        this.next = new byte[3 * FLAG_ROWS * TcpState.COUNT];
        for (int row = 0; row < rows.length; row++) {
            for (int state = 0; state < TcpState.COUNT; state++) {
                next[row * TcpState.COUNT + state] = (byte) rows[row][state];
            }
        }
    }

    /**
     * Returns the next state.
     *
     * @param state the entry's current state code ({@link TcpState#code()})
     * @param direction {@link FlowDirection#INPUT}, {@link FlowDirection#OUTPUT} or
     *     {@link FlowDirection#INPUT_ONLY}
     * @param tcpFlags the TCP flag byte ({@link TcpFlags})
     * @return the next state code
     */
    public int next(int state, int direction, int tcpFlags) {
        int row = flagRow(tcpFlags);
        if (row < 0) {
            return CL;
        }
        return next[(direction * FLAG_ROWS + row) * TcpState.COUNT + state];
    }

    /**
     * Returns the next state, with enums.
     *
     * @param state the current state
     * @param direction a {@link FlowDirection} constant
     * @param tcpFlags the TCP flag byte
     * @return the next state
     */
    public TcpState next(TcpState state, int direction, int tcpFlags) {
        return TcpState.ofCode(next(state.code(), direction, tcpFlags));
    }

    /**
     * Returns the row a segment selects, as IPVS {@code tcp_state_idx}: RST, then SYN, then FIN, then
     * ACK.
     *
     * @param tcpFlags the TCP flag byte
     * @return 0 (syn), 1 (fin), 2 (ack), 3 (rst), or -1 when none of them is set
     */
    static int flagRow(int tcpFlags) {
        if ((tcpFlags & TcpFlags.RST) != 0) {
            return ROW_RST;
        }
        if ((tcpFlags & TcpFlags.SYN) != 0) {
            return ROW_SYN;
        }
        if ((tcpFlags & TcpFlags.FIN) != 0) {
            return ROW_FIN;
        }
        if ((tcpFlags & TcpFlags.ACK) != 0) {
            return ROW_ACK;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "TcpStateMachine[" + name + "]";
    }
}
