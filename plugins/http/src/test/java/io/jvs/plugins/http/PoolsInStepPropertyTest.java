package io.jvs.plugins.http;

import static io.jvs.plugins.http.Classifiers.context;
import static io.jvs.plugins.http.Classifiers.create;
import static io.jvs.plugins.http.Classifiers.packet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Pools stay in step with the service under random sequences of destinations added and removed:
 * after each hook, each pool's snapshot is exactly the service's destinations that its members name,
 * in the service's order (computed here by a plain filter), and a round of reads visits exactly
 * the read pool's destinations, in that order.
 */
class PoolsInStepPropertyTest {

    /** Ten candidate destinations: .1-.4 are read members, .5-.6 write members (any port), the rest none. */
    private static FakeDestination candidate(int i) {
        return FakeDestination.of("10.0.0." + (i + 1), i % 2 == 0 ? 80 : 8080);
    }

    private static boolean isRead(DestinationView d) {
        String a = d.socketAddress().getAddress().getHostAddress();
        return (a.equals("10.0.0.1") && d.port() == 80) || (a.equals("10.0.0.2") && d.port() == 8080)
                || (a.equals("10.0.0.3") && d.port() == 80) || (a.equals("10.0.0.4") && d.port() == 8080);
    }

    private static boolean isWrite(DestinationView d) {
        String a = d.socketAddress().getAddress().getHostAddress();
        return a.equals("10.0.0.5") || a.equals("10.0.0.6");
    }

    private static List<DestinationView> filter(DestinationList all, boolean reads) {
        List<DestinationView> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            DestinationView d = all.get(i);
            if (reads ? isRead(d) : isWrite(d)) {
                out.add(d);
            }
        }
        return out;
    }

    private static List<DestinationView> list(DestinationList l) {
        List<DestinationView> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(l.get(i));
        }
        return out;
    }

    @Property(tries = 200, seed = "20261121")
    void shouldKeepEachPoolEqualToItsMembersAmongTheDestinations(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 9) Integer> toggles) throws Exception {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        Map<Integer, FakeDestination> present = new HashMap<>();
        present.put(0, service.add(candidate(0)));
        HttpMethodScheduler s = create(context(service, Map.of(
                "pools", "reads=10.0.0.1:80,10.0.0.2:8080,10.0.0.3:80,10.0.0.4:8080; writes=10.0.0.5,10.0.0.6",
                "rules", "method=GET -> reads:rr; method=POST -> writes:rr", "non-http", "reset")));
        for (int i : toggles) {
            FakeDestination d = present.remove(i);
            if (d == null) {
                present.put(i, service.add(candidate(i)));
                s.destinationAdded(service, present.get(i));
            } else {
                service.remove(d);
                s.destinationRemoved(service, d);
            }
            List<DestinationView> reads = filter(service.destinations(), true);
            assertEquals(reads, list(s.pool("reads").destinations()));
            assertEquals(filter(service.destinations(), false), list(s.pool("writes").destinations()));
            if (reads.isEmpty()) {
                assertNull(s.schedule(service, packet("GET / HTTP/1.1\r\n"), 0));
                continue;
            }
            List<DestinationView> round = new ArrayList<>();
            DestinationView first = s.schedule(service, packet("GET / HTTP/1.1\r\n"), 0);
            round.add(first);
            for (int k = 1; k < reads.size(); k++) {
                round.add(s.schedule(service, packet("GET / HTTP/1.1\r\n"), 0));
            }
            int start = reads.indexOf(first);
            List<DestinationView> expected = new ArrayList<>();
            for (int k = 0; k < reads.size(); k++) {
                expected.add(reads.get((start + k) % reads.size()));
            }
            assertEquals(expected, round, "one rr round over the read pool, in list order");
        }
    }
}
