package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ARP answers, checked against frames written out byte by byte; needs no DPDK. */
class ArpResponderTest {

    static final long OWN = 0x02000000AA01L;
    static final int VIP = 0xCB007101;        // 203.0.113.1
    static final int LOCAL = 0xC0000264;      // 192.0.2.100

    static final ArpResponder RESPONDER = new ArpResponder(OWN, List.of(VIP, LOCAL));

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    /** A request from 02:00:00:00:0c:01 (198.51.100.10) for the given target, padded to 60 bytes. */
    static byte[] request(String targetIp) {
        return hex("ffffffffffff 02000000 0c01 0806"
                + "0001 0800 06 04 0001 020000000c01 c6336 40a 000000000000 " + targetIp
                + "000000000000000000000000000000000000");
    }

    @Test
    void shouldTurnARequestForAnOwnedAddressIntoItsReplyInPlace() {
        byte[] frame = request("cb007101");
        assertTrue(RESPONDER.answer(MemorySegment.ofArray(frame), 0, frame.length));
        byte[] expected = hex("020000000c01 02000000aa01 0806"
                + "0001 0800 06 04 0002 02000000aa01 cb007101 020000000c01 c633640a"
                + "000000000000000000000000000000000000");
        assertArrayEquals(expected, frame);
    }

    @Test
    void shouldAnswerEveryOwnedAddressAtAnyOffset() {
        byte[] inner = request("c0000264");
        byte[] frame = new byte[inner.length + 100];
        System.arraycopy(inner, 0, frame, 100, inner.length);
        assertTrue(RESPONDER.answer(MemorySegment.ofArray(frame), 100, inner.length));
        assertArrayEquals(hex("c0000264"), java.util.Arrays.copyOfRange(frame, 100 + 28, 100 + 32), "sender IP");
    }

    @Test
    void shouldLeaveRequestsForOtherAddressesRepliesAndOtherFramesUntouched() {
        byte[] other = request("cb007102");
        byte[] copy = other.clone();
        assertFalse(RESPONDER.answer(MemorySegment.ofArray(other), 0, other.length));
        assertArrayEquals(copy, other);

        byte[] reply = request("cb007101");
        reply[21] = 2;
        copy = reply.clone();
        assertFalse(RESPONDER.answer(MemorySegment.ofArray(reply), 0, reply.length));
        assertArrayEquals(copy, reply);

        byte[] ipv4 = request("cb007101");
        ipv4[12] = 0x08;
        ipv4[13] = 0x00;
        assertFalse(RESPONDER.answer(MemorySegment.ofArray(ipv4), 0, ipv4.length));

        byte[] truncated = java.util.Arrays.copyOf(request("cb007101"), 41);
        assertFalse(RESPONDER.answer(MemorySegment.ofArray(truncated), 0, truncated.length));
    }
}
