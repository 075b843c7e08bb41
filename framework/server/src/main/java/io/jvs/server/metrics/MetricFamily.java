package io.jvs.server.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One metric family of the Prometheus exposition format: a name, its type, its help text and its
 * samples.
 *
 * @param name the name ({@code jvs_destination_packets_total}); counters end in {@code _total}
 * @param type {@code counter} or {@code gauge}
 * @param help one line of help
 * @param samples the samples, each with its labels
 */
public record MetricFamily(String name, String type, String help, List<Sample> samples) {

    /**
     * One sample.
     *
     * @param labels label names to values, in order
     * @param value the value
     */
    public record Sample(Map<String, String> labels, double value) {
    }

    /**
     * A family without samples yet.
     *
     * @param name the name
     * @param type counter or gauge
     * @param help the help text
     * @return the family
     */
    public static MetricFamily of(String name, String type, String help) {
        return new MetricFamily(name, type, help, new ArrayList<>());
    }

    /**
     * Adds a sample.
     *
     * @param value the value
     * @param labels alternating label names and values
     * @return this family
     */
    public MetricFamily add(double value, String... labels) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        samples.add(new Sample(map, value));
        return this;
    }
}
