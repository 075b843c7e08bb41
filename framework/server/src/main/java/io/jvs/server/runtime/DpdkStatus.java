package io.jvs.server.runtime;

import io.jvs.dpdk.DpdkPacketIo;
import io.jvs.dpdk.LinkStatus;
import io.jvs.engine.packet.MacAddress;
import io.jvs.engine.service.IpAddress;
import io.jvs.server.metrics.MetricFamily;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The DPDK port's state for the admin endpoint: the driver's statistics, the link, and each queue's
 * counters ({@link io.jvs.dpdk.QueueCounters}), as the text of {@code /proc/jvs/dataplane} and as
 * metric families for {@code /metrics} and JMX.
 *
 * <pre>
 * jvs_dpdk_port_total{port,counter}          counter  rte_eth_stats: ipackets, opackets, ibytes, ...
 * jvs_dpdk_link_up{port}                     gauge    1 when the link is up
 * jvs_dpdk_queue_total{port,queue,counter}   counter  received, transmitted, dropped, arp-replies, ...
 * </pre>
 *
 * Counter names are the records' component names in kebab case, so that a counter added to
 * {@code QueueCounters} appears here without another change.
 */
final class DpdkStatus {

    private final DpdkPacketIo io;
    private final String device;

    /**
     * Creates the view.
     *
     * @param io the data plane
     * @param device the port's device name, the {@code port} label
     */
    DpdkStatus(DpdkPacketIo io, String device) {
        this.io = io;
        this.device = device;
    }

    /**
     * Renders {@code /proc/jvs/dataplane}: one {@code name value} line per counter, port first, then
     * the queues as {@code queue<N>.<counter>}.
     *
     * @return the text
     */
    String text() {
        StringBuilder out = new StringBuilder();
        LinkStatus link = io.link();
        out.append("data-plane dpdk\n");
        out.append("device ").append(device).append('\n');
        out.append("driver ").append(io.port().driver()).append('\n');
        out.append("link ").append(link.up() ? "up" : "down").append(' ').append(link.speedMbps()).append("Mbps\n");
        components(io.statistics()).forEach((k, v) -> out.append("port.").append(k).append(' ').append(v).append('\n'));
        components(io.totals()).forEach((k, v) -> out.append("total.").append(k).append(' ').append(v).append('\n'));
        if (io.resolver() != null) {
            io.resolver().cache().entries().forEach((a, mac) -> out.append("neighbor ")
                    .append((a >>> 24) & 0xff).append('.').append((a >>> 16) & 0xff).append('.')
                    .append((a >>> 8) & 0xff).append('.').append(a & 0xff).append(' ')
                    .append(mac == 0 ? "incomplete" : MacAddress.format(mac)).append('\n'));
        }
        if (io.ipv6Resolver() != null) {
            io.ipv6Resolver().neighbors().entries().forEach((hex, mac) -> out.append("neighbor ")
                    .append(ipv6(hex)).append(' ').append(mac == 0 ? "incomplete" : MacAddress.format(mac))
                    .append('\n'));
        }
        for (int q = 0; q < io.queueCount(); q++) {
            String prefix = "queue" + q + ".";
            components(io.counters(q)).forEach((k, v) -> out.append(prefix).append(k).append(' ').append(v)
                    .append('\n'));
        }
        return out.toString();
    }

    /**
     * Collects the metric families.
     *
     * @return the families
     */
    List<MetricFamily> metrics() {
        MetricFamily port = MetricFamily.of("jvs_dpdk_port_total", "counter",
                "The DPDK port's driver counters (rte_eth_stats).");
        components(io.statistics()).forEach((k, v) -> port.add(v, "port", device, "counter", k));
        MetricFamily link = MetricFamily.of("jvs_dpdk_link_up", "gauge", "1 when the DPDK port's link is up.");
        link.add(io.link().up() ? 1 : 0, "port", device);
        MetricFamily queues = MetricFamily.of("jvs_dpdk_queue_total", "counter",
                "What the DPDK data plane did with the packets of a queue (jvs's own counters).");
        for (int q = 0; q < io.queueCount(); q++) {
            String queue = Integer.toString(q);
            components(io.counters(q)).forEach((k, v) -> queues.add(v, "port", device, "queue", queue, "counter", k));
        }
        return new ArrayList<>(List.of(port, link, queues));
    }

    /** An IPv6 address from 32 hex digits, in RFC 5952 text. */
    private static String ipv6(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        try {
            return IpAddress.of(InetAddress.getByAddress(b)).toString();
        } catch (UnknownHostException e) {
            return hex;
        }
    }

    /** A record's long components by kebab-case name, in declaration order. */
    static Map<String, Long> components(Record record) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getType() != long.class) {
                continue;
            }
            try {
                out.put(kebab(c.getName()), (Long) c.getAccessor().invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
        }
        return out;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
