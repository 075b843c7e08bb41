package io.jvs.server.runtime;

import io.jvs.server.adm.AdmRoute;
import io.jvs.server.admin.AdminServer;
import io.jvs.server.admin.ControlPlane;
import io.jvs.server.metrics.EngineMetrics;
import io.jvs.server.metrics.MetricsRoute;

/** Adds the routes of the other control-plane packages to the admin endpoint. */
final class ControlRoutes {

    private ControlRoutes() {
    }

    /**
     * Adds {@code /metrics} and {@code /api/adm}.
     *
     * @param admin the endpoint
     * @param control the control plane
     */
    static void install(AdminServer admin, ControlPlane control) {
        admin.addRoute(AdmRoute.PATH, new AdmRoute(control));
        admin.addRoute(MetricsRoute.PATH, new MetricsRoute(new EngineMetrics(control)));
    }
}
