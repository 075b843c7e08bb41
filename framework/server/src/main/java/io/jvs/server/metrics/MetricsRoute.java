package io.jvs.server.metrics;

import io.jvs.server.admin.AdminException;
import io.jvs.server.admin.AdminRoute;

/** {@code GET /metrics}: the engine's metrics in the Prometheus text format. */
public final class MetricsRoute implements AdminRoute {

    /** The path. */
    public static final String PATH = "/metrics";

    private final EngineMetrics metrics;

    /**
     * Creates the route.
     *
     * @param metrics the collector
     */
    public MetricsRoute(EngineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Reply handle(String method, String body) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new AdminException(405, "method " + method + " not allowed here; use GET");
        }
        return new Reply(200, PrometheusText.CONTENT_TYPE, PrometheusText.render(metrics.collect()));
    }
}
