package io.jvs.engine.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.packet.PacketBuilder;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference checker must see a one-bit error in every checksum it claims to verify. */
class NaiveChecksumsTest {
    static List<Arguments> corruptions() {
        Supplier<byte[]> gre = () -> PacketBuilder.ip4(47).payload(TunnelEncapsulatorTest.concat(
                TunnelEncapsulatorTest.greHeader(4), PacketBuilder.tcp4().noEthernet().build())).build();
        Supplier<byte[]> gue = () -> PacketBuilder.udp6().dst("2001:db8::2", 6080).payload(TunnelEncapsulatorTest.concat(
                TunnelEncapsulatorTest.gueHeader(6), PacketBuilder.udp6().noEthernet().build())).build();
        Supplier<byte[]> error = () -> PacketBuilder.icmp4().icmpError(3, 3, PacketBuilder.udp4()).build();
        return List.of(
                Arguments.of("IPv4 header checksum", (Supplier<byte[]>) () -> PacketBuilder.tcp4().build(), 14 + 10),
                Arguments.of("TCP over IPv4, a payload byte", (Supplier<byte[]>) () -> PacketBuilder.tcp4().payload("x").build(),
                        14 + 20 + 20),
                Arguments.of("UDP over IPv6, an address byte", (Supplier<byte[]>) () -> PacketBuilder.udp6().build(), 14 + 8),
                Arguments.of("ICMPv4 echo data", (Supplier<byte[]>) () -> PacketBuilder.icmp4().payload("ping").build(),
                        14 + 20 + 8),
                Arguments.of("ICMPv6 pseudo-header address", (Supplier<byte[]>) () -> PacketBuilder.icmp6().build(), 14 + 39),
                Arguments.of("TCP inside GRE", gre, 14 + 20 + 4 + 20 + 13),
                Arguments.of("UDP inside GUE", gue, 14 + 40 + 8 + 4 + 40 + 1),
                Arguments.of("IPv4 header quoted by an ICMP error", error, 14 + 20 + 8 + 15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void shouldReportAOneBitErrorIn(String what, Supplier<byte[]> frame, int byteToFlip) {
        byte[] good = frame.get();
        assertEquals(List.of(), NaiveChecksums.problems(good), "the untouched frame verifies");
        byte[] bad = good.clone();
        bad[byteToFlip] ^= 0x01;
        assertTrue(!NaiveChecksums.problems(bad).isEmpty(), what + ": the flipped bit is reported");
    }

    @Test
    void shouldRejectAZeroUdpChecksumOverIpv6Only() {
        byte[] v6 = PacketBuilder.udp6().build();
        v6[14 + 40 + 6] = 0;
        v6[14 + 40 + 7] = 0;
        assertEquals(1, NaiveChecksums.problems(v6).size());
        assertEquals(List.of(), NaiveChecksums.problems(PacketBuilder.udp4().noUdpChecksum().build()));
    }
}
