package io.jvs.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.ParameterSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakePacketAndParametersTest {

    @Test
    void shouldExposeIpv6AddressesAsFourBigEndianWords() {
        FakePacket packet = FakePacket.of(IpProtocol.SCTP, "2001:db8::9", 5000, "2001:db8:0:1::1", 80);

        assertEquals(AddressFamily.IPV6, packet.family());
        assertEquals(IpProtocol.SCTP, packet.protocol());
        assertEquals(0x20010DB8, packet.sourceAddressWord(0));
        assertEquals(9, packet.sourceAddressWord(3));
        assertEquals(1, packet.destinationAddressWord(1));
        assertEquals(1, packet.destinationAddressWord(3));
        assertThrows(IndexOutOfBoundsException.class, () -> packet.sourceAddressWord(4));
        assertThrows(IllegalArgumentException.class, () -> FakePacket.tcp("10.0.0.1", 1, "2001:db8::1", 80));
    }

    @Test
    void shouldBuildIpv4PacketsFromWords() {
        FakePacket packet = FakePacket.tcp(0x0A000001, 1234, 0xCB007101, 80);

        assertEquals(AddressFamily.IPV4, packet.family());
        assertEquals(0x0A000001, packet.sourceAddressWord(0));
        assertEquals(0xCB007101, packet.destinationAddressWord(0));
        assertEquals(1234, packet.sourcePort());
        assertThrows(IndexOutOfBoundsException.class, () -> packet.sourceAddressWord(1));
    }

    @Test
    void shouldTypeDeclaredDefaultsAndApplyOverrides() {
        List<ParameterSpec> specs = List.of(
                ParameterSpec.flag("x-port", "a flag"),
                ParameterSpec.integer("x-size", 256, 1, 1024, "a size"),
                ParameterSpec.choice("x-hash", "crc32", List.of("crc32", "xxh64"), "a choice"),
                ParameterSpec.text("x-label", null, "required"));

        FakeParameters parameters = FakeParameters.defaults(specs, Map.of("x-port", true));

        assertEquals(true, parameters.getBoolean("x-port"));
        assertEquals(256L, parameters.getLong("x-size"));
        assertEquals("crc32", parameters.getString("x-hash"));
        assertThrows(IllegalArgumentException.class, () -> parameters.getString("x-label"));
        assertThrows(IllegalArgumentException.class, () -> FakeParameters.defaults(specs, Map.of("y", 1)));
    }
}
