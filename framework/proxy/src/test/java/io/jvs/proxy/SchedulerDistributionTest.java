package io.jvs.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The IPVS plugin's schedulers choosing destinations for real connections through the proxy. */
class SchedulerDistributionTest {

    private static ServiceSpec service(int port, String scheduler, DestinationSpec... dests) {
        return ServiceSpec.of(ServiceKey.tcp("127.0.0.1", port), scheduler, dests);
    }

    @Test
    void shouldFollowTheWeightsWithWeightedRoundRobin() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            TestBackend b = f.backend("b");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(service(port, "wrr", DestinationSpec.nat(a.host(), a.port()).withWeight(3),
                    DestinationSpec.nat(b.host(), b.port()).withWeight(1)));
            Map<String, Integer> seen = new TreeMap<>();
            for (int i = 0; i < 40; i++) {
                seen.merge(Clients.nameOf("127.0.0.1", port), 1, Integer::sum);
            }
            assertEquals(Map.of("a", 30, "b", 10), seen);
        }
    }

    @Test
    void shouldKeepEachSourceAddressOnOneDestinationWithSourceHashing() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            TestBackend b = f.backend("b");
            TestBackend c = f.backend("c");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(service(port, "sh", DestinationSpec.nat(a.host(), a.port()), DestinationSpec.nat(b.host(), b.port()),
                    DestinationSpec.nat(c.host(), c.port())));
            Map<String, String> bySource = new HashMap<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 2; i < 26; i++) {
                    String source = "127.0.0." + i;
                    try (Socket s = new Socket()) {
                        s.setSoTimeout(Clients.READ_TIMEOUT_MILLIS);
                        s.bind(new InetSocketAddress(source, 0));
                        s.connect(new InetSocketAddress("127.0.0.1", port));
                        String name = Clients.readLine(s.getInputStream());
                        String before = bySource.putIfAbsent(source, name);
                        if (before != null) {
                            assertEquals(before, name, "source " + source + " moved");
                        }
                    }
                }
            }
            assertEquals(Set.of("a", "b", "c"), new HashSet<>(bySource.values()), "24 sources spread over all three");
        }
    }

    @Test
    void shouldSendNewConnectionsToTheDestinationWithFewestActiveOnesWithLeastConnection() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            TestBackend b = f.backend("b");
            TestBackend c = f.backend("c");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(service(port, "lc", DestinationSpec.nat(a.host(), a.port()), DestinationSpec.nat(b.host(), b.port()),
                    DestinationSpec.nat(c.host(), c.port())));
            // Each greeting is read before the next connection opens, so each choice sees the last one counted.
            Socket s1 = Clients.connect("127.0.0.1", port);
            String first = Clients.readLine(s1.getInputStream());
            Socket s2 = Clients.connect("127.0.0.1", port);
            String freed = Clients.readLine(s2.getInputStream());
            Socket s3 = Clients.connect("127.0.0.1", port);
            try {
                Set<String> held = new HashSet<>(List.of(first, freed, Clients.readLine(s3.getInputStream())));
                assertEquals(Set.of("a", "b", "c"), held, "one each: the connections the proxy holds are counted");
                String secondName;
                s2.close();
                TcpProxyTest.waitFor(() -> f.plane.openConnections() == 2);
                try (Socket s4 = Clients.connect("127.0.0.1", port)) {
                    secondName = Clients.readLine(s4.getInputStream());
                }
                assertEquals(freed, secondName, "the destination whose connection ended has the fewest");
                TcpProxyTest.waitFor(() -> f.plane.openConnections() == 2);
                try (Socket again = Clients.connect("127.0.0.1", port)) {
                    assertEquals(secondName, Clients.readLine(again.getInputStream()),
                            "the freed destination is still the least loaded");
                }
            } finally {
                s1.close();
                s3.close();
            }
        }
    }
}
