package io.jvs.engine.conn;

import static io.jvs.engine.conn.FlowDirection.INPUT;
import static io.jvs.engine.conn.FlowDirection.INPUT_ONLY;
import static io.jvs.engine.conn.FlowDirection.OUTPUT;
import static io.jvs.engine.conn.TcpFlags.ACK;
import static io.jvs.engine.conn.TcpFlags.FIN;
import static io.jvs.engine.conn.TcpFlags.PSH;
import static io.jvs.engine.conn.TcpFlags.RST;
import static io.jvs.engine.conn.TcpFlags.SYN;
import static io.jvs.engine.conn.TcpState.CLOSE;
import static io.jvs.engine.conn.TcpState.CLOSE_WAIT;
import static io.jvs.engine.conn.TcpState.ESTABLISHED;
import static io.jvs.engine.conn.TcpState.FIN_WAIT;
import static io.jvs.engine.conn.TcpState.LAST_ACK;
import static io.jvs.engine.conn.TcpState.LISTEN;
import static io.jvs.engine.conn.TcpState.NONE;
import static io.jvs.engine.conn.TcpState.SYNACK;
import static io.jvs.engine.conn.TcpState.SYN_RECV;
import static io.jvs.engine.conn.TcpState.SYN_SENT;
import static io.jvs.engine.conn.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IPVS TCP state machine, checked against the kernel's tables. Expected states come from
 * {@code tcp_states} / {@code tcp_states_dos} in Linux {@code net/netfilter/ipvs/ip_vs_proto_tcp.c}
 * (mainline 6.x); the flag priority is {@code tcp_state_idx} (rst, syn, fin, ack) and a segment without
 * any of them yields CLOSE ({@code set_tcp_state}'s default {@code new_state}).
 */
class TcpStateMachineTest {

    static Stream<Arguments> standardTransitions() {
        return Stream.of(
                // description, start, direction, flags, expected -- tcp_states[] cells
                row("client SYN opens a new entry", NONE, INPUT, SYN, SYN_RECV),
                row("server SYN-ACK keeps SYN_RECV (OUTPUT syn, sSR)", SYN_RECV, OUTPUT, SYN | ACK, SYN_RECV),
                row("client ACK completes the handshake (INPUT ack, sSR)", SYN_RECV, INPUT, ACK, ESTABLISHED),
                row("data ACKs stay ESTABLISHED", ESTABLISHED, INPUT, ACK | PSH, ESTABLISHED),
                row("server data stays ESTABLISHED", ESTABLISHED, OUTPUT, ACK, ESTABLISHED),
                row("client FIN first: CLOSE_WAIT", ESTABLISHED, INPUT, FIN | ACK, CLOSE_WAIT),
                row("server FIN after client FIN: TIME_WAIT", CLOSE_WAIT, OUTPUT, FIN | ACK, TIME_WAIT),
                row("server FIN first: FIN_WAIT", ESTABLISHED, OUTPUT, FIN | ACK, FIN_WAIT),
                row("client ACK of server FIN stays FIN_WAIT", FIN_WAIT, INPUT, ACK, FIN_WAIT),
                row("client FIN after server FIN: TIME_WAIT", FIN_WAIT, INPUT, FIN | ACK, TIME_WAIT),
                row("last ACK keeps TIME_WAIT", TIME_WAIT, INPUT, ACK, TIME_WAIT),
                row("client RST closes ESTABLISHED", ESTABLISHED, INPUT, RST, CLOSE),
                row("server RST closes ESTABLISHED", ESTABLISHED, OUTPUT, RST | ACK, CLOSE),
                row("client RST in SYN_RECV is ignored (sSR)", SYN_RECV, INPUT, RST, SYN_RECV),
                row("server RST refuses the SYN", SYN_RECV, OUTPUT, RST | ACK, CLOSE),
                row("server RST in TIME_WAIT keeps TIME_WAIT", TIME_WAIT, OUTPUT, RST, TIME_WAIT),
                row("RST wins over SYN", NONE, INPUT, RST | SYN, CLOSE),
                row("SYN wins over FIN", ESTABLISHED, OUTPUT, SYN | FIN, ESTABLISHED),
                row("FIN wins over ACK", SYN_RECV, INPUT, FIN | ACK, TIME_WAIT),
                row("mid-stream ACK picks up a connection (mainline)", NONE, INPUT, ACK, ESTABLISHED),
                row("server SYN in NONE: SYN_SENT", NONE, OUTPUT, SYN, SYN_SENT),
                row("client SYN on TIME_WAIT reopens", TIME_WAIT, INPUT, SYN, SYN_RECV),
                row("client SYN on CLOSE reopens", CLOSE, INPUT, SYN, SYN_RECV),
                row("LAST_ACK ACK from client closes", LAST_ACK, INPUT, ACK, CLOSE),
                row("LISTEN ACK from server establishes", LISTEN, OUTPUT, ACK, ESTABLISHED),
                row("segment without SYN/FIN/ACK/RST closes", ESTABLISHED, INPUT, PSH, CLOSE),
                row("segment with no flags closes", ESTABLISHED, OUTPUT, 0, CLOSE),
                // INPUT-ONLY (DR / TUNNEL): the balancer never sees the server
                row("input-only SYN opens", NONE, INPUT_ONLY, SYN, SYN_RECV),
                row("input-only ACK establishes", SYN_RECV, INPUT_ONLY, ACK, ESTABLISHED),
                row("input-only client FIN: FIN_WAIT (not CLOSE_WAIT)", ESTABLISHED, INPUT_ONLY, FIN | ACK, FIN_WAIT),
                row("input-only ACK after FIN keeps FIN_WAIT", FIN_WAIT, INPUT_ONLY, ACK, FIN_WAIT),
                row("input-only RST closes", ESTABLISHED, INPUT_ONLY, RST, CLOSE),
                row("input-only RST in SYNACK closes (INPUT keeps SYN_RECV)", SYNACK, INPUT_ONLY, RST, CLOSE));
    }

    static Stream<Arguments> secureTransitions() {
        return Stream.of(
                // tcp_states_dos[] cells
                row("secure: input-only SYN waits in SYNACK", NONE, INPUT_ONLY, SYN, SYNACK),
                row("secure: server SYN-ACK on SYN_RECV: SYNACK", SYN_RECV, OUTPUT, SYN | ACK, SYNACK),
                row("secure: client ACK without server reply stays SYN_RECV", SYN_RECV, INPUT, ACK, SYN_RECV),
                row("secure: client ACK in SYNACK stays SYNACK", SYNACK, INPUT, ACK, SYNACK),
                row("secure: server ACK in SYNACK establishes", SYNACK, OUTPUT, ACK, ESTABLISHED),
                row("secure: client RST in SYNACK closes", SYNACK, INPUT, RST, CLOSE));
    }

    private static Arguments row(String description, TcpState start, int direction, int flags, TcpState expected) {
        return Arguments.of(description, start, direction, flags, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("standardTransitions")
    void shouldFollowIpvsStandardTable(String description, TcpState start, int direction, int flags,
            TcpState expected) {
        assertEquals(expected, TcpStateMachine.STANDARD.next(start, direction, flags), description);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secureTransitions")
    void shouldFollowIpvsSecureTable(String description, TcpState start, int direction, int flags,
            TcpState expected) {
        assertEquals(expected, TcpStateMachine.SECURE.next(start, direction, flags), description);
    }

    @Test
    void shouldMatchEveryCellOfTheKernelTables() {
        int[] extraFlags = {0, ACK, PSH, ACK | PSH};
        KernelTcpTable[] kernel = {KernelTcpTable.standard(), KernelTcpTable.secure()};
        TcpStateMachine[] machines = {TcpStateMachine.STANDARD, TcpStateMachine.SECURE};
        int checked = 0;
        for (int m = 0; m < 2; m++) {
            for (int direction = 0; direction < 3; direction++) {
                for (TcpState state : TcpState.values()) {
                    for (int flags = 0; flags < 0x20; flags++) {
                        assertEquals(kernel[m].next(state, direction, flags), machines[m].next(state, direction, flags),
                                machines[m] + " " + state + " dir " + direction + " flags 0x" + Integer.toHexString(flags));
                        checked++;
                    }
                    for (int row = 0; row < 4; row++) {
                        for (int extra : extraFlags) {
                            int flags = KernelTcpTable.ROW_FLAGS[row] | (row == 2 ? extra : extra & PSH);
                            assertEquals(kernel[m].next(state, direction, flags).code(),
                                    machines[m].next(state.code(), direction, flags));
                        }
                    }
                }
            }
        }
        assertEquals(2 * 3 * 11 * 32, checked);
    }

    @Test
    void shouldPrintIpvsStateNames() {
        String[] kernelNames = {"NONE", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT", "TIME_WAIT", "CLOSE",
            "CLOSE_WAIT", "LAST_ACK", "LISTEN", "SYNACK"};
        for (int code = 0; code < kernelNames.length; code++) {
            assertEquals(kernelNames[code], TcpState.ofCode(code).printName());
            assertEquals(code, TcpState.ofCode(code).code());
        }
    }
}
