package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.service.IpAddress;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Neighbour advertisements, compared byte for byte with advertisements written out here, their
 * ICMPv6 checksums computed by {@link EchoResponderTest#referenceChecksum}; needs no DPDK.
 */
class NeighborAdvertiserTest {

    static final long OWN = 0x02000000AA01L;
    static final String OWN_HEX = "02000000aa01";
    static final String HOST_MAC = "020000000c01";
    static final String HOST = "20010db8000c00000000000000000010";
    static final String GATEWAY = "20010db8000c00000000000000000001";
    static final String SOLICITED_NODE = "ff0200000000000000000001ff000001";
    static final NeighborAdvertiser ADVERTISER = new NeighborAdvertiser(OWN, OwnedAddresses.of(List.of(
            IpAddress.parse("2001:db8:c::1"), IpAddress.parse("2001:db8:c::201"), IpAddress.parse("198.51.100.1"))));

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    /** An Ethernet frame with an IPv6 ICMPv6 message, the checksum over the pseudo-header filled in. */
    static byte[] frame(String dstMac, String srcMac, String source, String destination, int hopLimit, String icmp) {
        byte[] message = hex(icmp);
        byte[] pseudo = new byte[40];
        System.arraycopy(hex(source), 0, pseudo, 0, 16);
        System.arraycopy(hex(destination), 0, pseudo, 16, 16);
        pseudo[35] = (byte) message.length;
        pseudo[39] = 58;
        EchoResponderTest.putChecksum(message, 2, EchoResponderTest.referenceChecksum(pseudo, message));
        String header = dstMac + srcMac + "86dd" + "60000000" + String.format("%04x", message.length) + "3a"
                + String.format("%02x", hopLimit) + source + destination;
        byte[] h = hex(header);
        byte[] f = Arrays.copyOf(h, h.length + message.length);
        System.arraycopy(message, 0, f, h.length, message.length);
        return f;
    }

    static String solicitation(String target, String option) {
        return "87 00 0000 00000000" + target + option;
    }

    static byte[] advertisement(String dstMac, String destination, String flags, String target) {
        return frame(dstMac, OWN_HEX, target, destination, 255, "88 00 0000" + flags + target + "0201" + OWN_HEX);
    }

    @Test
    void shouldAnswerASolicitationForTheGatewayAddressWithTheSolicitedAndOverrideFlags() {
        byte[] ns = frame("3333ff000001", HOST_MAC, HOST, SOLICITED_NODE, 255, solicitation(GATEWAY, "0101" + HOST_MAC));
        assertEquals(86, ns.length);
        assertEquals(NeighborAdvertiser.REPLY_LENGTH, ADVERTISER.answer(MemorySegment.ofArray(ns), 0, ns.length,
                ns.length));
        assertArrayEquals(advertisement(HOST_MAC, HOST, "60000000", GATEWAY), ns);
    }

    @Test
    void shouldGrowAUnicastSolicitationWithoutOptionIntoTheRoomAfterIt() {
        byte[] ns = frame(OWN_HEX, HOST_MAC, HOST, "20010db8000c00000000000000000201", 255,
                solicitation("20010db8000c00000000000000000201", ""));
        byte[] buffer = Arrays.copyOf(ns, 128);
        assertEquals(86, ADVERTISER.answer(MemorySegment.ofArray(buffer), 0, ns.length, buffer.length));
        assertArrayEquals(advertisement(HOST_MAC, HOST, "60000000", "20010db8000c00000000000000000201"),
                Arrays.copyOf(buffer, 86));
        byte[] tight = ns.clone();
        assertEquals(0, ADVERTISER.answer(MemorySegment.ofArray(tight), 0, tight.length, tight.length), "no room");
        assertArrayEquals(ns, tight);
    }

    @Test
    void shouldAnswerDuplicateAddressDetectionToAllNodes() {
        byte[] ns = frame("3333ff000001", HOST_MAC, "00000000000000000000000000000000", SOLICITED_NODE, 255,
                solicitation(GATEWAY, ""));
        byte[] buffer = Arrays.copyOf(ns, 100);
        assertEquals(86, ADVERTISER.answer(MemorySegment.ofArray(buffer), 0, ns.length, buffer.length));
        assertArrayEquals(advertisement("333300000001", "ff020000000000000000000000000001", "20000000", GATEWAY),
                Arrays.copyOf(buffer, 86));
    }

    @Test
    void shouldLeaveOtherSolicitationsAndMessagesUntouched() {
        List<byte[]> bad = List.of(
                frame("3333ff000002", HOST_MAC, HOST, SOLICITED_NODE, 255,
                        solicitation("20010db8000c00000000000000000002", "0101" + HOST_MAC)), // not owned
                frame("3333ff000001", HOST_MAC, HOST, SOLICITED_NODE, 254, solicitation(GATEWAY, "0101" + HOST_MAC)),
                frame("3333ff000001", HOST_MAC, HOST, SOLICITED_NODE, 255, solicitation(GATEWAY, "0100" + HOST_MAC)),
                frame("3333ff000001", HOST_MAC, HOST, SOLICITED_NODE, 255,
                        solicitation("ff020000000000000000000000000001", "0101" + HOST_MAC)), // multicast target
                frame("3333ff000001", HOST_MAC, HOST, SOLICITED_NODE, 255,
                        "88 00 0000 60000000" + GATEWAY + "0201" + HOST_MAC)); // an advertisement
        for (int i = 0; i < bad.size(); i++) {
            byte[] f = bad.get(i);
            byte[] copy = f.clone();
            assertEquals(0, ADVERTISER.answer(MemorySegment.ofArray(f), 0, f.length, f.length), "case " + i);
            assertArrayEquals(copy, f, "case " + i);
        }
        byte[] checksum = frame("3333ff000001", HOST_MAC, HOST, SOLICITED_NODE, 255,
                solicitation(GATEWAY, "0101" + HOST_MAC));
        checksum[14 + 40 + 3] ^= 1;
        byte[] copy = checksum.clone();
        assertEquals(0, ADVERTISER.answer(MemorySegment.ofArray(checksum), 0, checksum.length, checksum.length));
        assertArrayEquals(copy, checksum);
    }
}
