package io.jvs.engine.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Packets for no service go to the kernel, unchanged, when the engine is asked to; else they are dropped. */
class UnmatchedToKernelTest {

    static final byte[] NO_SERVICE = PacketBuilder.tcp4().src("198.51.100.10", 40000).dst("198.51.100.1", 9999)
            .flags(TcpFlags.SYN).seq(1).build();
    static final byte[] NOT_SYN = PacketBuilder.tcp4().src("198.51.100.10", 40000).dst("198.51.100.1", 9999)
            .flags(TcpFlags.ACK).seq(2).ack(9).build();
    static final byte[] ECHO = PacketBuilder.icmp4().src("198.51.100.10", 0).dst("198.51.100.1", 0).build();
    static final byte[] SERVICE = PacketBuilder.tcp4().src("198.51.100.10", 40001).dst("203.0.113.1", 80)
            .flags(TcpFlags.SYN).seq(1).build();

    static EmbeddedEngine engine(boolean toKernel) {
        EmbeddedEngine e = new EmbeddedEngine(EngineSettings.defaults().withConnectionsPerWorker(1024)
                .withUnmatchedToKernel(toKernel), EmbeddedEngineSmokeTest.FIRST);
        e.services().apply(List.of(ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), "first",
                DestinationSpec.nat("198.51.100.7", 8080))));
        return e;
    }

    @Test
    void shouldHandPacketsForNoServiceAndUnbalancedProtocolsToTheKernelUnchanged() {
        try (EmbeddedEngine e = engine(true)) {
            for (byte[] frame : List.of(NO_SERVICE, NOT_SYN, ECHO)) {
                assertEquals(0, e.send(frame.clone()).size());
                List<byte[]> kernel = e.drainToKernel(0);
                assertEquals(1, kernel.size());
                assertArrayEquals(frame, kernel.getFirst());
            }
            assertEquals(1, e.send(SERVICE.clone()).size(), "services are forwarded as before");
            assertEquals(0, e.drainToKernel(0).size());
        }
    }

    @Test
    void shouldDropThemByDefault() {
        try (EmbeddedEngine e = engine(false)) {
            for (byte[] frame : List.of(NO_SERVICE, NOT_SYN, ECHO)) {
                assertEquals(0, e.send(frame.clone()).size());
                assertEquals(0, e.drainToKernel(0).size());
            }
        }
    }
}
