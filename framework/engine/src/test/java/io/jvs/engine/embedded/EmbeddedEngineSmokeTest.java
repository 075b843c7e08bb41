package io.jvs.engine.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedEngineSmokeTest {

    static final SchedulerProvider FIRST = new SchedulerProvider() {
        @Override
        public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
            return (svc, packet, now) -> {
                DestinationList l = svc.destinations();
                for (int i = 0; i < l.size(); i++) {
                    if (l.get(i).isEligible()) {
                        return l.get(i);
                    }
                }
                return null;
            };
        }

        @Override
        public boolean exists(String name) {
            return true;
        }
    };

    @Test
    void shouldNatASynAndItsReply() {
        try (EmbeddedEngine e = new EmbeddedEngine(EngineSettings.defaults().withConnectionsPerWorker(1024), FIRST)) {
            e.services().apply(List.of(ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), "first",
                    DestinationSpec.nat("198.51.100.7", 8080))));
            List<byte[]> out = e.send(PacketBuilder.tcp4().src("198.51.100.10", 40000).dst("203.0.113.1", 80)
                    .flags(TcpFlags.SYN).seq(1).build());
            assertEquals(1, out.size());
            ParsedPacket p = new ParsedPacket();
            MemorySegment seg = MemorySegment.ofArray(out.get(0));
            assertEquals(ParseResult.OK, PacketParser.parse(seg, 0, out.get(0).length, p));
            assertEquals(8080, p.destinationPort());
            List<byte[]> back = e.send(PacketBuilder.tcp4().src("198.51.100.7", 8080).dst("198.51.100.10", 40000)
                    .flags(TcpFlags.SYN | TcpFlags.ACK).seq(7).ack(2).build());
            assertEquals(1, back.size());
            MemorySegment seg2 = MemorySegment.ofArray(back.get(0));
            assertEquals(ParseResult.OK, PacketParser.parse(seg2, 0, back.get(0).length, p));
            assertEquals(80, p.sourcePort());
            assertEquals(1, e.liveEntries(0).size());
        }
    }
}
