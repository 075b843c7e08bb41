package io.jvs.engine.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTextTest {
    @Test
    void shouldParseAndFormatMacAddresses() {
        assertEquals(0x02005E100001L, MacAddress.parse("02:00:5e:10:00:01"));
        assertEquals(0x02005E100001L, MacAddress.parse("2-0-5E-10-0-1"));
        assertEquals("02:00:5e:10:00:01", MacAddress.format(0x02005E100001L));
        assertEquals("ff:ff:ff:ff:ff:ff", MacAddress.format(MacAddress.BROADCAST));
        assertTrue(MacAddress.isMulticast(MacAddress.BROADCAST));
        assertTrue(MacAddress.isMulticast(MacAddress.parse("01:00:5e:00:00:01")));
        assertFalse(MacAddress.isMulticast(0x02005E100001L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "02:00:5e:10:00", "02:00:5e:10:00:01:02", "02:00:5e:10:00:001", "02::5e:10:00:01",
        "0g:00:5e:10:00:01", "02:00:5e:10:00:"})
    void shouldRejectBadMacAddresses(String text) {
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(text));
    }

    @Test
    void shouldParseAndFormatIpv4Addresses() {
        assertEquals(0xC633640A, Ipv4Address.parse("198.51.100.10"));
        assertEquals(0, Ipv4Address.parse("0.0.0.0"));
        assertEquals(-1, Ipv4Address.parse("255.255.255.255"));
        assertEquals("198.51.100.10", Ipv4Address.format(0xC633640A));
        assertEquals("255.255.255.255", Ipv4Address.format(-1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1..2.3", "1.2.3.4 ", "a.b.c.d", "1.2.3.1000"})
    void shouldRejectBadIpv4Addresses(String text) {
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(text));
    }

    @Property(tries = 300, seed = "11")
    void shouldRoundTripIpv4Text(@ForAll int address) throws UnknownHostException {
        String text = Ipv4Address.format(address);
        assertEquals(address, Ipv4Address.parse(text));
        assertEquals(InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(address).array()).getHostAddress(), text);
    }

    @Test
    void shouldParseIpv6TextForms() {
        assertArrayEquals(new int[] {0x20010DB8, 0, 0, 1}, Ipv6Address.parse("2001:db8::1"));
        assertArrayEquals(new int[] {0, 0, 0, 0}, Ipv6Address.parse("::"));
        assertArrayEquals(new int[] {0, 0, 0, 1}, Ipv6Address.parse("::1"));
        assertArrayEquals(new int[] {0x20010DB8, 0, 0, 0}, Ipv6Address.parse("2001:db8::"));
        assertArrayEquals(new int[] {0, 0, 0xFFFF, 0xC0000201}, Ipv6Address.parse("::ffff:192.0.2.1"));
        assertArrayEquals(new int[] {0x00010002, 0x00030004, 0x00050006, 0x00070008}, Ipv6Address.parse("1:2:3:4:5:6:7:8"));
        assertArrayEquals(new int[] {0x00010000, 0, 0, 8}, Ipv6Address.parse("1::0:0:8"));
        assertArrayEquals(new int[] {0xFE800000, 0, 0xAABBCCFF, 0xFEDDEEFF}, Ipv6Address.parse("FE80::AABB:CCFF:FEDD:EEFF"));
        assertArrayEquals(new int[] {0x00010002, 0x00030004, 0x00050006, 0xC0000201}, Ipv6Address.parse("1:2:3:4:5:6:192.0.2.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1:2:3:4:5:6:7:8::",
        "::1:", "1:", "g::", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%eth0"})
    void shouldRejectBadIpv6Addresses(String text) {
        assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse(text));
    }

    @Test
    void shouldFormatIpv6CanonicallyAsRfc5952() {
        assertEquals("2001:db8::1", Ipv6Address.format(0x20010DB8, 0, 0, 1));
        assertEquals("::", Ipv6Address.format(0, 0, 0, 0));
        assertEquals("::1", Ipv6Address.format(0, 0, 0, 1));
        assertEquals("2001:db8::", Ipv6Address.format(0x20010DB8, 0, 0, 0));
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6Address.format(0x20010DB8, 0x00000001, 0x00010001, 0x00010001),
                "a single zero group is not compressed");
        assertEquals("2001:0:0:1::1", Ipv6Address.format(0x20010000, 0x00000001, 0, 1), "the longest run wins");
        assertEquals("2001:db8::1:0:0:1", Ipv6Address.format(0x20010DB8, 0, 0x00010000, 1), "the first of equal runs wins");
        assertEquals("::ffff:192.0.2.1", Ipv6Address.format(0, 0, 0xFFFF, 0xC0000201));
        assertEquals("fe80::aabb:ccff:fedd:eeff", Ipv6Address.format(Ipv6Address.parse("fe80:0:0:0:aabb:ccff:fedd:eeff")));
    }

    @Property(tries = 300, seed = "12")
    void shouldRoundTripIpv6Text(@ForAll @Size(4) int[] words) throws UnknownHostException {
        String text = Ipv6Address.format(words);
        assertArrayEquals(words, Ipv6Address.parse(text));
        byte[] bytes = ByteBuffer.allocate(16).putInt(words[0]).putInt(words[1]).putInt(words[2]).putInt(words[3]).array();
        InetAddress reference = Inet6Address.getByAddress(null, bytes, null);
        int[] back = Ipv6Address.parse(reference.getHostAddress());
        assertArrayEquals(words, back, "parses java.net's long form too");
    }
}
