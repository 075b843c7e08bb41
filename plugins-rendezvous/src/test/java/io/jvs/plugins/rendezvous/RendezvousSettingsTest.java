package io.jvs.plugins.rendezvous;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvs.spi.InvalidParameterException;
import io.jvs.testkit.FakeParameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendezvousSettingsTest {

    static byte[] hex(String text) {
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    @Test
    void shouldReadTheDeclaredDefaults() throws Exception {
        RendezvousSettings settings = RendezvousSettings.of(
                FakeParameters.defaults(new RendezvousSchedulerFactory().parameters()));

        assertEquals(16, settings.tableBits());
        assertEquals(2, settings.hops());
        assertArrayEquals(hex("000102030405060708090a0b0c0d0e0f"), settings.hashKey());
        assertArrayEquals(hex("000102030405060708090a0b0c0d0e0f"), settings.seed());
        assertEquals("src-ip", PacketHash.fieldText(settings.hashFields()));
        assertEquals(DestinationStates.ALL_ACTIVE, settings.states());
        assertEquals(RendezvousOrder.Scoring.MIX, settings.scoring());
        assertEquals(RendezvousOrder.Scoring.SIPHASH, RendezvousSettings.of(FakeParameters.defaults(
                new RendezvousSchedulerFactory().parameters(),
                Map.of(RendezvousSchedulerFactory.TABLE_HASH, "siphash"))).scoring());
    }

    @Test
    void shouldDecodeKeysAsGlbWritesThemAndRefuseOthers() throws Exception {
        assertArrayEquals(hex("34567890123456783456789012345678"),
                RendezvousSettings.hexKey("glb-seed", "34567890123456783456789012345678"));
        InvalidParameterException shortKey = assertThrows(InvalidParameterException.class,
                () -> RendezvousSettings.of(FakeParameters.defaults(new RendezvousSchedulerFactory().parameters(),
                        Map.of(RendezvousSchedulerFactory.SEED, "0011"))));
        assertEquals("glb-seed: must be 32 hexadecimal digits (16 bytes), got '0011'", shortKey.getMessage());
        assertThrows(InvalidParameterException.class,
                () -> RendezvousSettings.hexKey("glb-hash-key", "zz0102030405060708090a0b0c0d0e0f"));
    }
}
