package io.jvs.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.Engine;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.service.VirtualService;
import io.jvs.server.config.ConfigDocument;
import io.jvs.server.config.ConfigException;
import io.jvs.server.config.ConfigProblem;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.plugin.PluginOrigin;
import io.jvs.server.plugin.SchedulerRegistry;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import io.jvs.spi.ServiceView;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scheduler that needs payload bytes makes its TCP service delayed-bound (SYN proxy), which a DR
 * or tunnel destination cannot serve: the engine refuses it, and the problem is located at the
 * service's {@code scheduler} key.
 */
class SynProxyRefusalTest {

    /** Needs 16 payload bytes; picks the first destination. */
    public static final class PeekingFactory implements SchedulerFactory {
        @Override
        public String name() {
            return "peek";
        }

        @Override
        public String description() {
            return "needs 16 payload bytes";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of();
        }

        @Override
        public Scheduler create(SchedulerContext context) {
            return new Scheduler() {
                @Override
                public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
                    return service.destinations().get(0);
                }

                @Override
                public int payloadBytesNeeded() {
                    return 16;
                }
            };
        }
    }

    static final String YAML = """
            engine:
              data-plane: memory
              connections-per-worker: 1024
            services:
              - protocol: tcp
                address: 203.0.113.1
                port: 80
                scheduler: peek
                destinations:
                  - {address: 198.51.100.7, port: 8080, forwarding: %s}
            """;

    static SchedulerRegistry registry() throws Exception {
        SchedulerRegistry registry = new SchedulerRegistry();
        registry.register(new PeekingFactory(), PluginOrigin.inProcess("test"));
        return registry;
    }

    @Test
    void shouldLocateTheRefusalOfAPayloadSchedulerOnADirectRoutingTcpServiceAtItsScheduler() throws Exception {
        SchedulerRegistry registry = registry();
        JvsConfig config = ConfigDocument.parse(YAML.formatted("dr").replace(", port: 8080", ""), "jvs.yaml",
                Path.of("/tmp")).bind(registry);
        try (InMemoryPacketIo io = new InMemoryPacketIo(1, 64, 32)) {
            ConfigException refused = assertThrows(ConfigException.class,
                    () -> EngineFactory.create(config, io, registry, List.of()));
            ConfigProblem problem = refused.problems().getFirst();
            assertEquals("services[0].scheduler", problem.path());
            assertEquals("jvs.yaml:8:16", problem.location().toString());
            assertTrue(problem.message().contains("scheduler: peek needs payload bytes"), problem.message());
            assertTrue(problem.message().contains("needs NAT or FULLNAT forwarding"), problem.message());
            assertTrue(problem.message().contains("uses dr"), problem.message());
        }
    }

    @Test
    void shouldAcceptAPayloadSchedulerOnANatTcpService() throws Exception {
        SchedulerRegistry registry = registry();
        JvsConfig config = ConfigDocument.parse(YAML.formatted("nat"), "jvs.yaml", Path.of("/tmp")).bind(registry);
        try (InMemoryPacketIo io = new InMemoryPacketIo(1, 64, 32);
                Engine engine = EngineFactory.create(config, io, registry, List.of())) {
            assertEquals(VirtualService.SYNPROXY_DELAYED,
                    engine.services().table().services().get(0).synProxyMode());
        }
    }
}
