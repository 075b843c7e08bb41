package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.service.IpAddress;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Echo replies, checked against replies built here independently, byte by byte, with checksums
 * computed from scratch by a plain reference sum; needs no DPDK.
 */
class EchoResponderTest {

    static final long OWN = 0x02000000AA01L;
    static final String OWN_HEX = "02000000aa01";
    static final String CLIENT_MAC = "020000000c01";
    static final EchoResponder RESPONDER = new EchoResponder(OWN, OwnedAddresses.of(List.of(
            IpAddress.parse("198.51.100.201"), IpAddress.parse("203.0.113.100"), IpAddress.parse("2001:db8::201"))));

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    /** The reference: RFC 1071 one's complement sum of 16-bit words, complemented. */
    static int referenceChecksum(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] p : parts) {
            byte[] joined = Arrays.copyOf(all, all.length + p.length);
            System.arraycopy(p, 0, joined, all.length, p.length);
            all = joined;
        }
        long sum = 0;
        for (int i = 0; i < all.length; i += 2) {
            int hi = all[i] & 0xff;
            int lo = i + 1 < all.length ? all[i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    static void putChecksum(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    /** An IPv4 packet (20-byte header) with an ICMP message, both checksums filled. */
    static byte[] ipv4(String source, String destination, int ttl, int type, byte[] rest) {
        byte[] icmp = new byte[4 + rest.length];
        icmp[0] = (byte) type;
        System.arraycopy(rest, 0, icmp, 4, rest.length);
        putChecksum(icmp, 2, referenceChecksum(icmp));
        byte[] header = hex("45 00 0000 1c46 4000 00 01 0000" + source + destination);
        putChecksum(header, 2, 20 + icmp.length);
        header[8] = (byte) ttl;
        putChecksum(header, 10, referenceChecksum(header));
        byte[] packet = Arrays.copyOf(header, 20 + icmp.length);
        System.arraycopy(icmp, 0, packet, 20, icmp.length);
        return packet;
    }

    static byte[] frame(String destinationMac, String sourceMac, String etherType, byte[] packet, int padTo) {
        byte[] eth = hex(destinationMac + sourceMac + etherType);
        byte[] f = Arrays.copyOf(eth, Math.max(padTo, 14 + packet.length));
        System.arraycopy(packet, 0, f, 14, packet.length);
        return f;
    }

    static final byte[] ECHO_DATA = hex("1234 0007 000102030405060708090a0b0c0d0e0f10111213");

    @Test
    void shouldTurnAnIpv4EchoRequestToAVirtualAddressIntoItsReplyInPlace() {
        byte[] request = frame(OWN_HEX, CLIENT_MAC, "0800", ipv4("c633640a", "c63364c9", 63, 8, ECHO_DATA), 0);
        byte[] expected = frame(CLIENT_MAC, OWN_HEX, "0800", ipv4("c63364c9", "c633640a", 64, 0, ECHO_DATA), 0);
        assertTrue(RESPONDER.answer(MemorySegment.ofArray(request), 0, request.length));
        assertArrayEquals(expected, request);
    }

    @Test
    void shouldAnswerALocalAddressAtAnOffsetAndKeepThePadding() {
        byte[] packet = ipv4("c633640a", "cb007164", 1, 8, hex("abcd 0001"));
        byte[] inner = frame(OWN_HEX, CLIENT_MAC, "0800", packet, 60);
        byte[] buffer = new byte[128 + inner.length];
        System.arraycopy(inner, 0, buffer, 128, inner.length);
        assertTrue(RESPONDER.answer(MemorySegment.ofArray(buffer), 128, inner.length));
        byte[] expected = frame(CLIENT_MAC, OWN_HEX, "0800", ipv4("cb007164", "c633640a", 64, 0, hex("abcd 0001")), 60);
        assertArrayEquals(expected, Arrays.copyOfRange(buffer, 128, buffer.length));
    }

    @Test
    void shouldTurnAnIcmpv6EchoRequestIntoItsReplyWithTheChecksumOverThePseudoHeader() {
        byte[] client = hex("20010db8000000000000000000000010");
        byte[] vip = hex("20010db8000000000000000000000201");
        byte[] request = frame(OWN_HEX, CLIENT_MAC, "86dd", ipv6(client, vip, 128, 61), 0);
        byte[] expected = frame(CLIENT_MAC, OWN_HEX, "86dd", ipv6(vip, client, 129, 64), 0);
        assertTrue(RESPONDER.answer(MemorySegment.ofArray(request), 0, request.length));
        assertArrayEquals(expected, request);
    }

    /** An IPv6 packet with an ICMPv6 echo message, its checksum over the pseudo-header. */
    static byte[] ipv6(byte[] source, byte[] destination, int type, int hopLimit) {
        byte[] icmp = new byte[4 + ECHO_DATA.length];
        icmp[0] = (byte) type;
        System.arraycopy(ECHO_DATA, 0, icmp, 4, ECHO_DATA.length);
        byte[] pseudo = new byte[40];
        System.arraycopy(source, 0, pseudo, 0, 16);
        System.arraycopy(destination, 0, pseudo, 16, 16);
        pseudo[34] = (byte) (icmp.length >>> 8);
        pseudo[35] = (byte) icmp.length;
        pseudo[39] = 58;
        putChecksum(icmp, 2, referenceChecksum(pseudo, icmp));
        byte[] header = new byte[40];
        header[0] = 0x60;
        header[4] = (byte) (icmp.length >>> 8);
        header[5] = (byte) icmp.length;
        header[6] = 58;
        header[7] = (byte) hopLimit;
        System.arraycopy(source, 0, header, 8, 16);
        System.arraycopy(destination, 0, header, 24, 16);
        byte[] packet = Arrays.copyOf(header, 40 + icmp.length);
        System.arraycopy(icmp, 0, packet, 40, icmp.length);
        return packet;
    }

    @Test
    void shouldLeaveEverythingButAValidEchoRequestToAnOwnedAddressUntouched() {
        byte[] good = frame(OWN_HEX, CLIENT_MAC, "0800", ipv4("c633640a", "c63364c9", 63, 8, ECHO_DATA), 0);
        List<byte[]> bad = new java.util.ArrayList<>();
        bad.add(frame(OWN_HEX, CLIENT_MAC, "0800", ipv4("c633640a", "c63364ca", 63, 8, ECHO_DATA), 0)); // not owned
        bad.add(frame(OWN_HEX, CLIENT_MAC, "0800", ipv4("c633640a", "c63364c9", 63, 0, ECHO_DATA), 0)); // a reply
        byte[] icmpChecksum = good.clone();
        icmpChecksum[14 + 20 + 2] ^= 1;
        bad.add(icmpChecksum);
        byte[] headerChecksum = good.clone();
        headerChecksum[14 + 10] ^= 1;
        bad.add(headerChecksum);
        byte[] fragment = good.clone();
        fragment[14 + 6] = 0x20; // more fragments (the header checksum no longer matters: refused first)
        bad.add(fragment);
        byte[] tooLong = good.clone();
        tooLong[14 + 3] += 8; // total length beyond the frame
        bad.add(tooLong);
        bad.add(Arrays.copyOf(good, 14 + 20 + 7)); // truncated
        byte[] vlan = good.clone();
        vlan[12] = (byte) 0x81;
        vlan[13] = 0;
        bad.add(vlan);
        byte[] v6 = frame(OWN_HEX, CLIENT_MAC, "86dd", ipv6(hex("20010db8000000000000000000000010"),
                hex("20010db8000000000000000000000201"), 128, 61), 0);
        v6[14 + 6] = 0; // a hop-by-hop header in front: not answered
        bad.add(v6);
        for (int i = 0; i < bad.size(); i++) {
            byte[] frame = bad.get(i);
            byte[] copy = frame.clone();
            assertFalse(RESPONDER.answer(MemorySegment.ofArray(frame), 0, frame.length), "case " + i);
            assertArrayEquals(copy, frame, "case " + i);
        }
    }

    @Test
    void shouldFollowTheAddressesWhenTheyAreReplaced() {
        EchoResponder responder = new EchoResponder(OWN, OwnedAddresses.NONE);
        byte[] request = frame(OWN_HEX, CLIENT_MAC, "0800", ipv4("c633640a", "c63364c9", 63, 8, ECHO_DATA), 0);
        assertFalse(responder.answer(MemorySegment.ofArray(request.clone()), 0, request.length));
        responder.setAddresses(OwnedAddresses.of(List.of(IpAddress.parse("198.51.100.201"))));
        assertTrue(responder.answer(MemorySegment.ofArray(request), 0, request.length));
        assertEquals(0, request[14 + 20], "echo reply type");
    }

    @Test
    void shouldFindOwnedIpv6AddressesAcrossTheUnsignedOrder() {
        OwnedAddresses set = OwnedAddresses.of(List.of(IpAddress.parse("ffff::1"), IpAddress.parse("2001:db8::1"),
                IpAddress.parse("2001:db8::8000:0:0:1"), IpAddress.parse("2001:db8::1"), IpAddress.parse("10.0.0.1")));
        assertEquals(3, set.ipv6Count());
        assertEquals(1, set.ipv4Count());
        for (String a : List.of("ffff::1", "2001:db8::1", "2001:db8::8000:0:0:1")) {
            IpAddress ip = IpAddress.parse(a);
            assertTrue(set.ownsIpv6(OwnedAddresses.high(ip), OwnedAddresses.low(ip)), a);
        }
        IpAddress other = IpAddress.parse("2001:db8::2");
        assertFalse(set.ownsIpv6(OwnedAddresses.high(other), OwnedAddresses.low(other)));
        assertTrue(set.ownsIpv4(0x0A000001));
    }
}
