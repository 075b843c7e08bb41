package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.service.IpAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ipv4RoutesTest {

    private static int ip(String text) {
        return IpAddress.parse(text).w0();
    }

    private final Ipv4Routes routes = new Ipv4Routes(List.of(
            new Ipv4Routes.Entry(ip("198.51.100.0"), 25, 0),
            new Ipv4Routes.Entry(ip("203.0.113.0"), 24, 0),
            new Ipv4Routes.Entry(ip("192.0.2.0"), 24, ip("203.0.113.254")),
            new Ipv4Routes.Entry(ip("192.0.2.128"), 25, ip("198.51.100.126")),
            new Ipv4Routes.Entry(ip("203.0.113.0"), 24, ip("198.51.100.99"))),
            ip("198.51.100.1"), List.of(ip("198.51.100.2"), ip("203.0.113.1")));

    @Test
    void shouldReachOnLinkDestinationsDirectly() {
        assertEquals(ip("198.51.100.10"), routes.nextHop(ip("198.51.100.10")));
        assertEquals(ip("203.0.113.77"), routes.nextHop(ip("203.0.113.77")), "on-link beats a route of the same length");
    }

    @Test
    void shouldPreferTheLongestPrefix() {
        assertEquals(ip("203.0.113.254"), routes.nextHop(ip("192.0.2.5")));
        assertEquals(ip("198.51.100.126"), routes.nextHop(ip("192.0.2.200")));
    }

    @Test
    void shouldSendEverythingElseToTheGatewayOrNowhere() {
        assertEquals(ip("198.51.100.1"), routes.nextHop(ip("8.8.8.8")));
        assertEquals(ip("198.51.100.1"), routes.nextHop(ip("198.51.100.200")), "outside the /25");
        Ipv4Routes none = new Ipv4Routes(List.of(), Ipv4Routes.NO_ROUTE, List.of());
        assertEquals(Ipv4Routes.NO_ROUTE, none.nextHop(ip("198.51.100.10")));
    }

    @Test
    void shouldAskFromTheAddressOnTheNeighboursPrefix() {
        assertEquals(ip("203.0.113.1"), routes.sourceFor(ip("203.0.113.11")));
        assertEquals(ip("198.51.100.2"), routes.sourceFor(ip("198.51.100.10")));
        assertEquals(ip("198.51.100.2"), routes.sourceFor(ip("10.1.1.1")), "first address when off every prefix");
    }
}
