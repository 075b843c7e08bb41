package io.jvs.plugins.rendezvous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.IpProtocol;
import io.jvs.spi.InvalidParameterException;
import io.jvs.testkit.FakePacket;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketHashTest {

    private static final byte[] KEY = RendezvousSettingsTest.hex("12345678901234561234567890123456");

    @Test
    void shouldHashTheSourceAddressAloneByDefaultAsGlb() throws Exception {
        PacketHash hash = new PacketHash(KEY, PacketHash.parseFields("f", "src-ip"));
        FakePacket packet = FakePacket.tcp("10.11.12.13", 40000, "1.1.1.1", 80);

        // GLB's test suite: pkt_hash = unpack('<Q', siphash(key, inet_pton(src))); row = pkt_hash & 0xffff.
        long expected = ReferenceSipHash.littleEndian(ReferenceSipHash.digest(KEY, new byte[] {10, 11, 12, 13}));
        assertEquals(expected, hash.hash(packet));
    }

    @Test
    void shouldConcatenateTheSelectedFieldsInGlbOrderForEveryFieldSet() throws Exception {
        Random random = new Random(3);
        List<String> sets = List.of("src-ip", "dst-ip", "src-ip,src-port", "src-ip,dst-ip,src-port,dst-port",
                "dst-port,src-port", "protocol", "5-tuple", "src-ip,protocol");
        for (String set : sets) {
            int fields = PacketHash.parseFields("f", set);
            PacketHash hash = new PacketHash(KEY, fields);
            for (int i = 0; i < 200; i++) {
                boolean ipv6 = i % 3 == 0;
                String source = ipv6 ? "2001:db8::" + Integer.toHexString(random.nextInt(0x10000))
                        : "10.0." + random.nextInt(256) + "." + random.nextInt(256);
                String destination = ipv6 ? "2001:db8:1::" + Integer.toHexString(random.nextInt(0x10000))
                        : "203.0.113." + random.nextInt(256);
                int sourcePort = random.nextInt(65536);
                int destinationPort = random.nextInt(65536);
                boolean udp = random.nextBoolean();
                FakePacket packet = udp ? FakePacket.udp(source, sourcePort, destination, destinationPort)
                        : FakePacket.tcp(source, sourcePort, destination, destinationPort);
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                if (set.contains("src-ip") || set.equals("5-tuple")) {
                    writeWords(message, FakePacket.addressWords(source));
                }
                if (set.contains("dst-ip") || set.equals("5-tuple")) {
                    writeWords(message, FakePacket.addressWords(destination));
                }
                if (set.contains("src-port") || set.equals("5-tuple")) {
                    message.write(sourcePort >>> 8);
                    message.write(sourcePort & 0xFF);
                }
                if (set.contains("dst-port") || set.equals("5-tuple")) {
                    message.write(destinationPort >>> 8);
                    message.write(destinationPort & 0xFF);
                }
                if (set.contains("protocol") || set.equals("5-tuple")) {
                    message.write(udp ? IpProtocol.UDP : IpProtocol.TCP);
                }
                assertEquals(ReferenceSipHash.littleEndian(ReferenceSipHash.digest(KEY, message.toByteArray())),
                        hash.hash(packet), set + " " + packet);
            }
        }
    }

    @Test
    void shouldRefuseUnknownRepeatedOrMissingFields() throws Exception {
        InvalidParameterException unknown = assertThrows(InvalidParameterException.class,
                () -> PacketHash.parseFields("glb-hash-fields", "src-ip,src-mac"));
        assertTrue(unknown.getMessage().startsWith("glb-hash-fields: unknown field 'src-mac'"), unknown.getMessage());
        assertThrows(InvalidParameterException.class, () -> PacketHash.parseFields("f", "src-ip,src-ip"));
        assertThrows(InvalidParameterException.class, () -> PacketHash.parseFields("f", " "));
        assertEquals("src-ip,dst-ip,src-port,dst-port,protocol",
                PacketHash.fieldText(PacketHash.parseFields("f", "5-tuple")));
    }

    private static void writeWords(ByteArrayOutputStream out, int[] words) {
        for (int word : words) {
            out.write(word >>> 24);
            out.write(word >>> 16);
            out.write(word >>> 8);
            out.write(word);
        }
    }
}
