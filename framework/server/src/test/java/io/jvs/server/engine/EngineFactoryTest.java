package io.jvs.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.Engine;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.ServiceKey;
import io.jvs.server.config.ConfigDocument;
import io.jvs.server.config.ConfigException;
import io.jvs.server.config.ConfigProblem;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.plugin.PluginOrigin;
import io.jvs.server.plugin.SchedulerRegistry;
import io.jvs.spi.ConnectionView;
import io.jvs.spi.EvictionListener;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import io.jvs.testplugins.FailingCreateFactory;
import io.jvs.testplugins.LastDestinationFactory;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineFactoryTest {

    /** Refuses, at create time, a combination of parameters that are valid one by one. */
    public static final class PickyFactory implements SchedulerFactory {
        @Override
        public String name() {
            return "picky";
        }

        @Override
        public String description() {
            return "refuses low with high";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(ParameterSpec.integer("low", 0, 0, 10, "low"), ParameterSpec.integer("high", 10, 0, 10,
                    "high"));
        }

        @Override
        public Scheduler create(SchedulerContext context) throws InvalidParameterException {
            if (context.parameters().getInt("low") > context.parameters().getInt("high")) {
                throw new InvalidParameterException("low", "must not be above high");
            }
            return (service, packet, now) -> service.destinations().get(0);
        }
    }

    static final String YAML = """
            engine:
              data-plane: memory
              connections-per-worker: 1024
            sysctl: {expire_nodest_conn: 1, conn_reuse_mode: 0, sloppy_tcp: 1}
            services:
              - protocol: tcp
                address: 203.0.113.1
                port: 80
                scheduler: last
                destinations:
                  - {address: 198.51.100.7, port: 8080}
                  - {address: 198.51.100.8, port: 8080}
              - protocol: udp
                address: 203.0.113.2
                port: 53
                scheduler: %s
                scheduler-parameters: %s
                destinations:
                  - {address: 198.51.100.17}
            """;

    static SchedulerRegistry registry() throws Exception {
        SchedulerRegistry registry = new SchedulerRegistry();
        registry.register(new LastDestinationFactory(), PluginOrigin.inProcess("test"));
        registry.register(new FailingCreateFactory(), PluginOrigin.inProcess("test"));
        registry.register(new PickyFactory(), PluginOrigin.inProcess("test"));
        return registry;
    }

    static JvsConfig config(SchedulerRegistry registry, String scheduler, String parameters) throws ConfigException {
        return ConfigDocument.parse(YAML.formatted(scheduler, parameters), "engine.yaml", Path.of("/tmp"))
                .bind(registry);
    }

    @Test
    void shouldBuildAnEngineWithTheServicesSysctlsAndListeners() throws Exception {
        SchedulerRegistry registry = registry();
        EvictionListener listener = (ConnectionView c, EvictionReason r, long now) -> { };
        try (InMemoryPacketIo io = new InMemoryPacketIo(1, 64, 32);
                Engine engine = EngineFactory.create(config(registry, "picky", "{low: 5, high: 10}"), io, registry, List.of(listener))) {
            assertEquals(List.of(ServiceKey.tcp("203.0.113.1", 80), ServiceKey.udp("203.0.113.2", 53)),
                    engine.services().specs().stream().map(s -> s.key()).toList());
            assertTrue(engine.tunables().expireNodestConn());
            assertEquals(0, engine.tunables().connReuseMode());
            assertTrue(engine.tunables().sloppyTcp());
            assertFalse(engine.tunables().scheduleIcmp());
            assertEquals(List.of(listener), engine.evictions().listeners());
            assertEquals(1024, engine.settings().connectionsPerWorker());

            io.inject(0, PacketBuilder.tcp4().src("198.51.100.10", 40000).dst("203.0.113.1", 80)
                    .flags(TcpFlags.SYN).seq(1).build());
            engine.workers().getFirst().doWork(1_000_000_000L);
            List<byte[]> sent = io.drainTransmitted(0);
            assertEquals(1, sent.size());
            ParsedPacket p = new ParsedPacket();
            assertEquals(ParseResult.OK, PacketParser.parse(MemorySegment.ofArray(sent.getFirst()), 0,
                    sent.getFirst().length, p));
            assertEquals(0xC6336408, p.destinationAddressWord(0), "the 'last' scheduler chose 198.51.100.8");
            assertEquals(8080, p.destinationPort());
        }
    }

    @Test
    void shouldLocateAParameterCombinationTheSchedulerRefuses() throws Exception {
        SchedulerRegistry registry = registry();
        JvsConfig config = config(registry, "picky", "{low: 5, high: 1}");
        try (InMemoryPacketIo io = new InMemoryPacketIo(1, 64, 32)) {
            ConfigException refused = assertThrows(ConfigException.class,
                    () -> EngineFactory.create(config, io, registry, List.of()));

            ConfigProblem problem = refused.problems().getFirst();
            assertEquals("services[1].scheduler-parameters.low", problem.path());
            assertEquals("engine.yaml:17:33", problem.location().toString());
            assertTrue(problem.message().contains("UDP 203.0.113.2:53: scheduler 'picky': low: must not be above high"),
                    problem.message());
        }
    }

    @Test
    void shouldLocateASchedulerPluginThatFailsAtTheService() throws Exception {
        SchedulerRegistry registry = registry();
        JvsConfig config = config(registry, "broken-create", "{}");
        try (InMemoryPacketIo io = new InMemoryPacketIo(1, 64, 32)) {
            ConfigException refused = assertThrows(ConfigException.class,
                    () -> EngineFactory.create(config, io, registry, List.of()));

            ConfigProblem problem = refused.problems().getFirst();
            assertEquals("services[1]", problem.path());
            assertEquals("engine.yaml:13:5", problem.location().toString());
            assertTrue(problem.message().contains("boom in create"), problem.message());
        }
    }
}
