package io.jvs.server.metrics;

import java.util.List;
import java.util.Map;

/**
 * Writes metric families in the Prometheus text exposition format, version 0.0.4: a {@code # HELP}
 * and a {@code # TYPE} line per family, then one line per sample, {@code name{label="value",...} value}.
 */
public final class PrometheusText {

    /** The content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    /**
     * Renders families.
     *
     * @param families the families
     * @return the text, ending with a newline
     */
    public static String render(List<MetricFamily> families) {
        StringBuilder out = new StringBuilder();
        for (MetricFamily f : families) {
            out.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
            for (MetricFamily.Sample s : f.samples()) {
                out.append(f.name());
                if (!s.labels().isEmpty()) {
                    out.append('{');
                    boolean first = true;
                    for (Map.Entry<String, String> l : s.labels().entrySet()) {
                        if (!first) {
                            out.append(',');
                        }
                        first = false;
                        out.append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
                    }
                    out.append('}');
                }
                out.append(' ').append(value(s.value())).append('\n');
            }
        }
        return out.toString();
    }

    private static String value(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String escapeHelp(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
