package io.jvs.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.server.metrics.EngineMetrics;
import io.jvs.server.metrics.JmxMetrics;
import io.jvs.server.metrics.MetricsRoute;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricsProcessor;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.MetricType;
import org.hawkular.agent.prometheus.walkers.CollectorPrometheusMetricsWalker;
import org.junit.jupiter.api.Test;

/** /metrics parsed by a real Prometheus text-format parser (Hawkular's), and the same values over JMX. */
class MetricsEndpointTest {

    /** Parses the exposition text into "family{sorted labels}" to value, checking each family's type. */
    private static Map<String, Double> parse(String text, Map<String, MetricType> types) {
        CollectorPrometheusMetricsWalker walker = new CollectorPrometheusMetricsWalker();
        new TextPrometheusMetricsProcessor(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), walker)
                .walk();
        Map<String, Double> values = new HashMap<>();
        for (MetricFamily family : walker.getAllMetricFamilies()) {
            types.put(family.getName(), family.getType());
            for (Metric m : family.getMetrics()) {
                double v = m instanceof Counter c ? c.getValue() : ((Gauge) m).getValue();
                values.put(family.getName() + new TreeMap<>(m.getLabels()), v);
            }
        }
        return values;
    }

    @Test
    void shouldExposeTheEngineInThePrometheusTextFormat() throws Exception {
        try (KnownState state = new KnownState()) {
            state.admin.addRoute(MetricsRoute.PATH, new MetricsRoute(new EngineMetrics(state.control)));
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(state.admin.url() + "/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    response.headers().firstValue("Content-Type").orElse(""));
            for (String line : response.body().split("\n")) {
                assertTrue(line.matches("# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\\{([a-z_]+=\"[^\"]*\",?)+\\})? -?[0-9.eE+-]+"),
                        "exposition line: " + line);
            }
            Map<String, MetricType> types = new HashMap<>();
            Map<String, Double> v = parse(response.body(), types);

            String web = "TCP 203.0.113.1:80";
            assertEquals(2.0, v.get("jvs_destination_packets_total" + labels("destination", "198.51.100.7:8080",
                    "direction", "in", "service", web)));
            assertEquals(1.0, v.get("jvs_destination_packets_total" + labels("destination", "198.51.100.8:8080",
                    "direction", "out", "service", web)));
            assertEquals(80.0, v.get("jvs_destination_bytes_total" + labels("destination", "198.51.100.7:8080",
                    "direction", "in", "service", web)));
            assertEquals(2.0, v.get("jvs_destination_connections_total" + labels("destination", "198.51.100.7:8080",
                    "service", web)));
            assertEquals(1.0, v.get("jvs_destination_connections" + labels("destination", "198.51.100.8:8080",
                    "service", web, "state", "active")));
            assertEquals(1.0, v.get("jvs_destination_connections" + labels("destination", "198.51.100.17:53",
                    "service", "UDP 203.0.113.2:53", "state", "persistent")));
            assertEquals(5.0, v.get("jvs_connection_table_entries" + labels("worker", "0")));
            assertEquals(1024.0, v.get("jvs_connection_table_capacity" + labels("worker", "0")));
            assertEquals(0.0, v.get("jvs_synproxy_sessions" + labels("worker", "0")));
            assertEquals(0.0, v.get("jvs_worker_events_total" + labels("event", "synproxy-cookies-sent", "worker", "0")));
            assertEquals(6.0, v.get("jvs_worker_events_total" + labels("event", "rx-packets", "worker", "0")));
            assertEquals(0.0, v.get("jvs_evictions_total" + labels("reason", "expired")));
            assertEquals(0.0, v.get("jvs_scheduler_errors_total" + labels("stage", "schedule")));
            assertEquals(MetricType.COUNTER, types.get("jvs_destination_packets_total"));
            assertEquals(MetricType.GAUGE, types.get("jvs_destination_connections"));
            assertEquals(MetricType.GAUGE, types.get("jvs_service_bytes_per_second"));
        }
    }

    private static String labels(String... pairs) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m.toString();
    }

    @Test
    void shouldExposeTheSameValuesOverJmxAndFollowServiceChanges() throws Exception {
        try (KnownState state = new KnownState(); JmxMetrics jmx = new JmxMetrics(new EngineMetrics(state.control))) {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(new ObjectName(JmxMetrics.DOMAIN + ":*"), null);
            ObjectName packets = names.stream().filter(n -> n.toString().contains("jvs_destination_packets_total")
                    && n.toString().contains("198.51.100.7:8080") && n.toString().contains("direction=in"))
                    .findFirst().orElseThrow(() -> new AssertionError("no MBean in " + names));
            assertEquals(2.0, server.getAttribute(packets, "Value"));

            state.control.services().delete(io.jvs.engine.service.ServiceKey.udp("203.0.113.2", 53));
            jmx.refresh();
            List<ObjectName> udp = server.queryNames(new ObjectName(JmxMetrics.DOMAIN + ":*"), null).stream()
                    .filter(n -> n.toString().contains("UDP 203.0.113.2:53")).toList();
            assertEquals(List.of(), udp, "gauges of a deleted service are removed");
        }
    }
}
