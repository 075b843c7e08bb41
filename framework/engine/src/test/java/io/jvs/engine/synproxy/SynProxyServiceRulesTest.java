package io.jvs.engine.synproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.embedded.EmbeddedEngine;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.service.VirtualService;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.TunnelType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which services may be SYN-proxied, and the refusals that name the field. */
class SynProxyServiceRulesTest {

    static final ServiceKey TCP = ServiceKey.tcp("203.0.113.1", 80);

    static DestinationSpec dest(ForwardingMethod method) {
        return new DestinationSpec(IpAddress.parse("198.51.100.7"), method == ForwardingMethod.NAT ? 8080 : 0, 1, 0, 0,
                method, method == ForwardingMethod.TUNNEL ? TunnelType.IPIP : null);
    }

    static EmbeddedEngine engine() {
        return new EmbeddedEngine(EngineSettings.defaults().withConnectionsPerWorker(64), SynProxyFixture.SCHEDULERS);
    }

    @Test
    void shouldRefuseSynproxyOnADirectRoutingOrTunnelService() {
        for (ForwardingMethod method : List.of(ForwardingMethod.DR, ForwardingMethod.TUNNEL)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServiceSpec.of(TCP, SynProxyFixture.HEADER_SCHEDULER, dest(method)).withSynProxy(true));
            assertTrue(e.getMessage().startsWith("synproxy: needs NAT or FULLNAT forwarding"), e.getMessage());
            assertTrue(e.getMessage().contains(method == ForwardingMethod.DR ? "uses dr" : "uses tunnel"),
                    e.getMessage());
        }
    }

    @Test
    void shouldRefuseSynproxyOnAUdpService() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceSpec.of(ServiceKey.udp("203.0.113.1", 53), "first", dest(ForwardingMethod.NAT))
                        .withSynProxy(true));
        assertTrue(e.getMessage().startsWith("synproxy: only TCP services"), e.getMessage());
    }

    @Test
    void shouldRefuseAPayloadSchedulerOnADirectRoutingTcpServiceAndChangeNothing() {
        try (EmbeddedEngine e = engine()) {
            ServiceSpec ok = ServiceSpec.of(ServiceKey.tcp("203.0.113.2", 80), "first", dest(ForwardingMethod.DR));
            e.services().apply(List.of(ok));
            ServiceSpec bad = ServiceSpec.of(TCP, SynProxyFixture.PAYLOAD_SCHEDULER, dest(ForwardingMethod.DR));
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> e.services().apply(List.of(ok, bad)));
            assertTrue(x.getMessage().contains("scheduler: first-byte needs payload bytes"), x.getMessage());
            assertTrue(x.getMessage().contains("needs NAT or FULLNAT forwarding"), x.getMessage());
            assertEquals(1, e.services().table().services().size(), "nothing changed");
        }
    }

    @Test
    void shouldAllowAPayloadSchedulerOnDirectRoutingForUdp() {
        try (EmbeddedEngine e = engine()) {
            e.services().apply(List.of(ServiceSpec.of(ServiceKey.udp("203.0.113.1", 53),
                    SynProxyFixture.PAYLOAD_SCHEDULER, dest(ForwardingMethod.DR))));
            VirtualService s = e.services().table().services().get(0);
            assertEquals(VirtualService.SYNPROXY_OFF, s.synProxyMode());
        }
    }

    @Test
    void shouldChooseTheModeFromSynproxyAndTheScheduler() {
        try (EmbeddedEngine e = engine()) {
            e.services().apply(List.of(
                    ServiceSpec.of(TCP, SynProxyFixture.PAYLOAD_SCHEDULER, dest(ForwardingMethod.NAT)),
                    ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 81), "first", dest(ForwardingMethod.FULLNAT))
                            .withSynProxy(true),
                    new ServiceSpec(ServiceKey.tcp("203.0.113.1", 82), "first", Map.of(), null,
                            List.of(dest(ForwardingMethod.NAT)))));
            assertEquals(List.of(VirtualService.SYNPROXY_DELAYED, VirtualService.SYNPROXY_ON_ACK,
                    VirtualService.SYNPROXY_OFF),
                    e.services().table().services().stream().map(VirtualService::synProxyMode).toList());
            assertTrue(e.services().specs().get(1).synProxy(), "the spec keeps synproxy");
        }
    }

    @Test
    void shouldRefuseAddingADirectRoutingDestinationToASynproxiedService() {
        try (EmbeddedEngine e = engine()) {
            ServiceSpec spec = ServiceSpec.of(TCP, SynProxyFixture.PAYLOAD_SCHEDULER, dest(ForwardingMethod.NAT));
            e.services().apply(List.of(spec));
            ServiceSpec more = spec.withDestinations(List.of(dest(ForwardingMethod.NAT),
                    new DestinationSpec(IpAddress.parse("198.51.100.9"), 0, 1, 0, 0, ForwardingMethod.DR, null)));
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> e.services().apply(List.of(more)));
            assertTrue(x.getMessage().contains("198.51.100.9"), x.getMessage());
            assertEquals(1, e.services().table().services().get(0).destinations().size());
        }
    }
}
