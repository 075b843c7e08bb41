package io.jvs.server.metrics;

import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.VirtualService;
import io.jvs.engine.worker.Worker;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.server.admin.ControlPlane;
import io.jvs.server.admin.Traffic;
import io.jvs.spi.EvictionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects the engine's metrics on demand. Values come from the engine's own counters (per-worker
 * stripes summed on read, atomics), so collecting costs the packet path nothing; values read from a
 * running worker may lag it by a few packets.
 *
 * <pre>
 * jvs_destination_connections{service,destination,state=active|inactive|persistent}   gauge
 * jvs_destination_connections_total{service,destination}                              counter
 * jvs_destination_packets_total{service,destination,direction=in|out}                 counter
 * jvs_destination_bytes_total{service,destination,direction=in|out}                   counter
 * jvs_service_connections_per_second{service}                                         gauge
 * jvs_service_packets_per_second{service,direction}   jvs_service_bytes_per_second{service,direction}
 * jvs_connection_table_entries{worker}   jvs_connection_table_capacity{worker}        gauge
 * jvs_synproxy_sessions{worker}                                                       gauge
 * jvs_evictions_total{reason}                                                         counter
 * jvs_scheduler_errors_total{stage=schedule|hook|eviction}                            counter
 * jvs_worker_events_total{worker,event}                                               counter (WorkerCounters)
 * ... and the data plane's own families (DPDK: jvs_dpdk_port_total, jvs_dpdk_link_up, jvs_dpdk_queue_total)
 * </pre>
 */
public final class EngineMetrics {

    private final ControlPlane control;

    /**
     * Creates the collector.
     *
     * @param control the control plane
     */
    public EngineMetrics(ControlPlane control) {
        this.control = control;
    }

    /**
     * Collects every family now.
     *
     * @return the families, in a fixed order
     */
    public List<MetricFamily> collect() {
        MetricFamily conns = MetricFamily.of("jvs_destination_connections", "gauge",
                "Connections of a destination now, by IPVS state class (persistent: templates).");
        MetricFamily scheduled = MetricFamily.of("jvs_destination_connections_total", "counter",
                "Connections scheduled to a destination.");
        MetricFamily packets = MetricFamily.of("jvs_destination_packets_total", "counter",
                "Packets forwarded for a destination: in from clients, out from the real server.");
        MetricFamily bytes = MetricFamily.of("jvs_destination_bytes_total", "counter",
                "Bytes (IP length) forwarded for a destination: in from clients, out from the real server.");
        MetricFamily cps = MetricFamily.of("jvs_service_connections_per_second", "gauge",
                "New connections per second of a service over the last 2 s interval.");
        MetricFamily pps = MetricFamily.of("jvs_service_packets_per_second", "gauge",
                "Packets per second of a service over the last 2 s interval.");
        MetricFamily bps = MetricFamily.of("jvs_service_bytes_per_second", "gauge",
                "Bytes per second of a service over the last 2 s interval.");
        for (VirtualService s : control.services().table().services()) {
            String service = s.key().name();
            Traffic rate = control.rates().of(s);
            cps.add(rate.connections(), "service", service);
            pps.add(rate.inPackets(), "service", service, "direction", "in");
            pps.add(rate.outPackets(), "service", service, "direction", "out");
            bps.add(rate.inBytes(), "service", service, "direction", "in");
            bps.add(rate.outBytes(), "service", service, "direction", "out");
            for (RealServer d : s.destinations().asList()) {
                String dest = d.address().withPort(d.port());
                conns.add(d.activeConnections(), "service", service, "destination", dest, "state", "active");
                conns.add(d.inactiveConnections(), "service", service, "destination", dest, "state", "inactive");
                conns.add(d.persistentConnections(), "service", service, "destination", dest, "state", "persistent");
                Traffic t = control.traffic(d);
                scheduled.add(t.connections(), "service", service, "destination", dest);
                packets.add(t.inPackets(), "service", service, "destination", dest, "direction", "in");
                packets.add(t.outPackets(), "service", service, "destination", dest, "direction", "out");
                bytes.add(t.inBytes(), "service", service, "destination", dest, "direction", "in");
                bytes.add(t.outBytes(), "service", service, "destination", dest, "direction", "out");
            }
        }
        MetricFamily entries = MetricFamily.of("jvs_connection_table_entries", "gauge",
                "Live entries (connections and templates) of a worker's connection table.");
        MetricFamily capacity = MetricFamily.of("jvs_connection_table_capacity", "gauge",
                "Entries a worker's connection table holds.");
        MetricFamily synProxy = MetricFamily.of("jvs_synproxy_sessions", "gauge",
                "SYN-proxied connections of a worker between a valid cookie ACK and the real server's SYN-ACK.");
        MetricFamily events = MetricFamily.of("jvs_worker_events_total", "counter",
                "Events of a worker's loop: packets received and sent, drops by cause, parse failures, ...");
        long scheduleErrors = 0;
        for (Worker w : control.engine().workers()) {
            String worker = Integer.toString(w.index());
            entries.add(w.table().size(), "worker", worker);
            capacity.add(w.table().capacity(), "worker", worker);
            synProxy.add(w.pipeline().synProxy().sessionsInUse(), "worker", worker);
            for (int c = 0; c < WorkerCounters.COUNT; c++) {
                events.add(w.counters().get(c), "worker", worker, "event", WorkerCounters.name(c));
            }
            scheduleErrors += w.counters().get(WorkerCounters.SCHEDULER_ERRORS);
        }
        MetricFamily evictions = MetricFamily.of("jvs_evictions_total", "counter",
                "Connection-table entries removed, by reason.");
        for (EvictionReason reason : EvictionReason.values()) {
            evictions.add(control.evictions().count(reason), "reason", reason.name().toLowerCase(Locale.ROOT));
        }
        MetricFamily errors = MetricFamily.of("jvs_scheduler_errors_total", "counter",
                "Scheduler failures: schedule() threw or returned nothing usable, a lifecycle hook threw, an"
                        + " eviction hook threw.");
        errors.add(scheduleErrors, "stage", "schedule");
        errors.add(control.services().schedulerHookErrors(), "stage", "hook");
        errors.add(control.evictions().schedulerFailures(), "stage", "eviction");
        List<MetricFamily> out = new ArrayList<>(List.of(conns, scheduled, packets, bytes, cps, pps, bps, entries,
                capacity, synProxy, evictions, errors, events));
        out.addAll(control.dataPlaneMetrics());
        return out;
    }
}
