package io.jvs.server.replay;

import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.EvictionReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a replay's decisions as a table an operator reads: one row per connection (protocol,
 * client, virtual service, chosen destination, forwarding method, final state or eviction reason),
 * then the totals.
 *
 * <pre>
 * PROTO  CLIENT               VIRTUAL         DESTINATION        FORWARD  OUTCOME
 * tcp    203.0.113.101:40001  203.0.113.1:80  198.51.100.7:8080  nat      evicted RESCHEDULED (TIME_WAIT)
 * ...
 * packets: 60 in, 50 out, 10 dropped (tcp-not-syn 1, no-service 1, ...)
 * connections: 16 (12 live, 4 evicted: EXPIRED 3, RESCHEDULED 1); persistence templates: 2 live, 1 hit
 * </pre>
 */
public final class DecisionTable {

    /** Counters that name why a packet was dropped, in the order the totals list them. */
    private static final int[] DROP_REASONS = {
        WorkerCounters.NO_SERVICE, WorkerCounters.TCP_NOT_SYN, WorkerCounters.NO_DESTINATION,
        WorkerCounters.TABLE_FULL, WorkerCounters.DESTINATION_GONE, WorkerCounters.SCHEDULER_ERRORS,
        WorkerCounters.ORPHAN_FRAGMENTS, WorkerCounters.TTL_EXCEEDED, WorkerCounters.UNSUPPORTED_PROTOCOL,
        WorkerCounters.FORWARD_ERRORS
    };

    private static final String[] HEADER = {"PROTO", "CLIENT", "VIRTUAL", "DESTINATION", "FORWARD", "OUTCOME"};

    private DecisionTable() {
    }

    /**
     * Formats a replay's result.
     *
     * @param result the result
     * @return the table and totals, lines ending in {@code \n}
     */
    public static String format(ReplayResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (FlowRecord f : result.flows()) {
            rows.add(new String[] {f.protocolName(), f.client(), f.virtual(), f.destination(), f.forwardingName(),
                f.outcome()});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(row[c]);
                if (c < row.length - 1) {
                    line.append(" ".repeat(widths[c] - row[c].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append('\n').append(packets(result)).append('\n').append(connections(result)).append('\n');
        return out.toString();
    }

    /**
     * Returns the packet totals: {@code packets: 60 in, 50 out, 10 dropped (tcp-not-syn 1, ...)}.
     *
     * @param result the result
     * @return the line, without a line end
     */
    public static String packets(ReplayResult result) {
        StringBuilder line = new StringBuilder("packets: ").append(result.counter(WorkerCounters.RX_PACKETS))
                .append(" in, ").append(result.counter(WorkerCounters.TX_PACKETS)).append(" out, ");
        long toKernel = result.counter(WorkerCounters.TO_KERNEL);
        if (toKernel != 0) {
            line.append(toKernel).append(" to the kernel, ");
        }
        line.append(result.counter(WorkerCounters.DROPPED)).append(" dropped");
        List<String> reasons = new ArrayList<>();
        for (int counter : DROP_REASONS) {
            addNonZero(reasons, result, counter);
        }
        for (int counter = WorkerCounters.NAMED; counter < WorkerCounters.COUNT; counter++) {
            addNonZero(reasons, result, counter);
        }
        if (!reasons.isEmpty()) {
            line.append(" (").append(String.join(", ", reasons)).append(')');
        }
        return line.toString();
    }

    private static void addNonZero(List<String> reasons, ReplayResult result, int counter) {
        long n = result.counter(counter);
        if (n != 0) {
            reasons.add(WorkerCounters.name(counter) + " " + n);
        }
    }

    /**
     * Returns the connection totals: {@code connections: 16 (12 live, 4 evicted: EXPIRED 3, ...)}.
     *
     * @param result the result
     * @return the line, without a line end
     */
    public static String connections(ReplayResult result) {
        int live = result.liveFlows().size();
        int evicted = result.evictedFlows().size();
        StringBuilder line = new StringBuilder("connections: ").append(live + evicted).append(" (").append(live)
                .append(" live, ").append(evicted).append(" evicted");
        List<String> reasons = new ArrayList<>();
        Map<EvictionReason, Long> byReason = countByReason(result.evictedFlows());
        for (Map.Entry<EvictionReason, Long> e : byReason.entrySet()) {
            reasons.add(e.getKey() + " " + e.getValue());
        }
        if (!reasons.isEmpty()) {
            line.append(": ").append(String.join(", ", reasons));
        }
        line.append(')');
        long hits = result.counter(WorkerCounters.PERSISTENCE_HITS);
        if (result.liveTemplates() != 0 || hits != 0) {
            line.append("; persistence templates: ").append(result.liveTemplates()).append(" live, ").append(hits)
                    .append(hits == 1 ? " hit" : " hits");
        }
        return line.toString();
    }

    private static Map<EvictionReason, Long> countByReason(List<FlowRecord> evicted) {
        Map<EvictionReason, Long> counts = new EnumMap<>(EvictionReason.class);
        for (FlowRecord f : evicted) {
            counts.merge(f.eviction(), 1L, Long::sum);
        }
        return counts;
    }
}
