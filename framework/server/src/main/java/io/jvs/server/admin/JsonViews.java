package io.jvs.server.admin;

import io.jvs.engine.eviction.EvictionDispatcher;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.VirtualService;
import io.jvs.server.plugin.PluginReport;
import io.jvs.spi.EvictionReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON mirror of the /proc files ({@code /api/...}): the same values with names instead of
 * columns, for tools. Values are plain maps and lists, serialised by Jackson.
 */
public final class JsonViews {

    private JsonViews() {
    }

    /**
     * {@code /api/services}: every service with its destinations, counters and rates.
     *
     * @param control the control plane
     * @return the view
     */
    public static List<Map<String, Object>> services(ControlPlane control) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (VirtualService s : control.services().table().services()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("name", s.key().name());
            if (s.key().isFirewallMark()) {
                m.put("fwmark", s.key().firewallMark());
            } else {
                m.put("protocol", s.key().name().substring(0, s.key().name().indexOf(' ')).toLowerCase(Locale.ROOT));
                m.put("address", s.key().address().toString());
                m.put("port", s.key().port());
            }
            m.put("scheduler", s.spec().scheduler());
            m.put("scheduler-parameters", s.spec().schedulerParameters());
            if (s.spec().persistence() != null) {
                m.put("persistence", Map.of("timeout-seconds", s.spec().persistence().timeoutSeconds(), "prefix-length",
                        s.spec().persistence().prefixLength()));
            }
            m.put("synproxy", s.synProxyMode() != io.jvs.engine.service.VirtualService.SYNPROXY_OFF);
            m.put("stats", traffic(control.traffic(s)));
            m.put("rates", traffic(control.rates().of(s)));
            List<Map<String, Object>> dests = new ArrayList<>();
            for (RealServer d : s.destinations().asList()) {
                DestinationSpec spec = d.spec();
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("address", spec.address().toString());
                dm.put("port", spec.port());
                dm.put("weight", spec.weight());
                dm.put("forwarding", spec.forwarding().name().toLowerCase(Locale.ROOT));
                dm.put("upper-threshold", spec.upperThreshold());
                dm.put("lower-threshold", spec.lowerThreshold());
                dm.put("active-connections", d.activeConnections());
                dm.put("inactive-connections", d.inactiveConnections());
                dm.put("persistent-connections", d.persistentConnections());
                dm.put("stats", traffic(control.traffic(d)));
                dm.put("rates", traffic(control.rates().of(d)));
                dests.add(dm);
            }
            m.put("destinations", dests);
            out.add(m);
        }
        return out;
    }

    /**
     * {@code /api/sysctl}: every file of {@code /proc/sys/net/ipv4/vs}.
     *
     * @param control the control plane
     * @return name to value
     */
    public static Map<String, Integer> sysctl(ControlPlane control) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String name : SysctlFiles.names()) {
            out.put(name, SysctlFiles.read(control, name));
        }
        return out;
    }

    /**
     * {@code /api/stats}: totals, rates, per worker.
     *
     * @param control the control plane
     * @return the view
     */
    public static Map<String, Object> stats(ControlPlane control) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", traffic(control.totalTraffic()));
        out.put("rates", traffic(control.rates().total()));
        List<Map<String, Long>> workers = new ArrayList<>();
        for (Traffic t : ProcNetFiles.perWorker(control)) {
            workers.add(traffic(t));
        }
        out.put("workers", workers);
        return out;
    }

    /**
     * {@code /api/connections}.
     *
     * @param rows the entries
     * @return the view
     */
    public static List<Map<String, Object>> connections(List<ConnectionRow> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConnectionRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("worker", r.worker());
            m.put("protocol", KernelText.protocolName(r.protocol()));
            m.put("client", r.client().withPort(r.clientPort()));
            m.put("virtual", r.virtual().withPort(r.virtualPort()));
            m.put("destination", r.destination().withPort(r.destinationPort()));
            m.put("state", r.state());
            m.put("expires-seconds", r.expiresSeconds());
            m.put("template", r.template());
            out.add(m);
        }
        return out;
    }

    /**
     * One plugin's report.
     *
     * @param r the report
     * @return the view
     */
    public static Map<String, Object> plugin(PluginReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.pluginId());
        m.put("version", r.version());
        m.put("status", r.status().name());
        m.put("jar", r.jar().toString());
        m.put("schedulers", r.schedulers());
        m.put("eviction-listeners", r.evictionListeners());
        m.put("problems", r.problems());
        return m;
    }

    /**
     * {@code /api/evictions}.
     *
     * @param evictions the dispatcher
     * @return reason to count, then total
     */
    public static Map<String, Long> evictions(EvictionDispatcher evictions) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (EvictionReason reason : EvictionReason.values()) {
            out.put(reason.name(), evictions.count(reason));
        }
        out.put("total", evictions.total());
        out.put("scheduler-errors", evictions.schedulerFailures());
        return out;
    }

    private static Map<String, Long> traffic(Traffic t) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("connections", t.connections());
        m.put("in-packets", t.inPackets());
        m.put("out-packets", t.outPackets());
        m.put("in-bytes", t.inBytes());
        m.put("out-bytes", t.outBytes());
        return m;
    }
}
