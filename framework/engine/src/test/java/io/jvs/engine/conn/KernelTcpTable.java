package io.jvs.engine.conn;

import java.util.List;
import java.util.Map;

/**
 * An independent reference for the IPVS TCP state tables: the rows of {@code tcp_states} and
 * {@code tcp_states_dos} pasted as text from Linux {@code net/netfilter/ipvs/ip_vs_proto_tcp.c}
 * (mainline 6.x) and parsed here, so that a mistyped cell in {@link TcpStateMachine} shows up as a
 * test failure.
 */
final class KernelTcpTable {

    /** tcp_states[] from ip_vs_proto_tcp.c, row order INPUT, OUTPUT, INPUT-ONLY; each syn, fin, ack, rst. */
    static final List<String> STANDARD_ROWS = List.of(
            "/*syn*/ {{sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSR }},",
            "/*fin*/ {{sCL, sCW, sSS, sTW, sTW, sTW, sCL, sCW, sLA, sLI, sTW }},",
            "/*ack*/ {{sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES }},",
            "/*rst*/ {{sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sSR }},",
            "/*syn*/ {{sSS, sES, sSS, sSR, sSS, sSS, sSS, sSS, sSS, sLI, sSR }},",
            "/*fin*/ {{sTW, sFW, sSS, sTW, sFW, sTW, sCL, sTW, sLA, sLI, sTW }},",
            "/*ack*/ {{sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sLA, sES, sES }},",
            "/*rst*/ {{sCL, sCL, sSS, sCL, sCL, sTW, sCL, sCL, sCL, sCL, sCL }},",
            "/*syn*/ {{sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSR }},",
            "/*fin*/ {{sCL, sFW, sSS, sTW, sFW, sTW, sCL, sCW, sLA, sLI, sTW }},",
            "/*ack*/ {{sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES }},",
            "/*rst*/ {{sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sCL }},");

    /** tcp_states_dos[] from ip_vs_proto_tcp.c, same order. */
    static final List<String> SECURE_ROWS = List.of(
            "/*syn*/ {{sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSA }},",
            "/*fin*/ {{sCL, sCW, sSS, sTW, sTW, sTW, sCL, sCW, sLA, sLI, sSA }},",
            "/*ack*/ {{sES, sES, sSS, sSR, sFW, sTW, sCL, sCW, sCL, sLI, sSA }},",
            "/*rst*/ {{sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sCL }},",
            "/*syn*/ {{sSS, sES, sSS, sSA, sSS, sSS, sSS, sSS, sSS, sLI, sSA }},",
            "/*fin*/ {{sTW, sFW, sSS, sTW, sFW, sTW, sCL, sTW, sLA, sLI, sTW }},",
            "/*ack*/ {{sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sLA, sES, sES }},",
            "/*rst*/ {{sCL, sCL, sSS, sCL, sCL, sTW, sCL, sCL, sCL, sCL, sCL }},",
            "/*syn*/ {{sSA, sES, sES, sSR, sSA, sSA, sSA, sSA, sSA, sSA, sSA }},",
            "/*fin*/ {{sCL, sFW, sSS, sTW, sFW, sTW, sCL, sCW, sLA, sLI, sTW }},",
            "/*ack*/ {{sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES }},",
            "/*rst*/ {{sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sCL }},");

    private static final Map<String, TcpState> ABBREVIATIONS = Map.ofEntries(
            Map.entry("sNO", TcpState.NONE), Map.entry("sES", TcpState.ESTABLISHED),
            Map.entry("sSS", TcpState.SYN_SENT), Map.entry("sSR", TcpState.SYN_RECV),
            Map.entry("sFW", TcpState.FIN_WAIT), Map.entry("sTW", TcpState.TIME_WAIT),
            Map.entry("sCL", TcpState.CLOSE), Map.entry("sCW", TcpState.CLOSE_WAIT),
            Map.entry("sLA", TcpState.LAST_ACK), Map.entry("sLI", TcpState.LISTEN),
            Map.entry("sSA", TcpState.SYNACK));

    /** The flag byte that selects each row (kernel order syn, fin, ack, rst). */
    static final int[] ROW_FLAGS = {TcpFlags.SYN, TcpFlags.FIN, TcpFlags.ACK, TcpFlags.RST};

    private final TcpState[][][] next = new TcpState[3][4][TcpState.COUNT];

    KernelTcpTable(List<String> rows) {
        for (int row = 0; row < 12; row++) {
            String text = rows.get(row);
            String cells = text.substring(text.indexOf("{{") + 2, text.indexOf("}}"));
            String[] names = cells.split(",");
            if (names.length != TcpState.COUNT) {
                throw new IllegalArgumentException("row " + row + " has " + names.length + " cells");
            }
            for (int state = 0; state < TcpState.COUNT; state++) {
                next[row / 4][row % 4][state] = ABBREVIATIONS.get(names[state].trim());
            }
        }
    }

    static KernelTcpTable standard() {
        return new KernelTcpTable(STANDARD_ROWS);
    }

    static KernelTcpTable secure() {
        return new KernelTcpTable(SECURE_ROWS);
    }

    /**
     * The kernel's transition, with set_tcp_state's flag priority (rst, syn, fin, ack; none: CLOSE).
     */
    TcpState next(TcpState state, int direction, int flags) {
        int row;
        if ((flags & TcpFlags.RST) != 0) {
            row = 3;
        } else if ((flags & TcpFlags.SYN) != 0) {
            row = 0;
        } else if ((flags & TcpFlags.FIN) != 0) {
            row = 1;
        } else if ((flags & TcpFlags.ACK) != 0) {
            row = 2;
        } else {
            return TcpState.CLOSE;
        }
        return next[direction][row][state.ordinal()];
    }
}
