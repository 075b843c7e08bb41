package io.jvs.server.adm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvs.server.admin.AdminException;
import io.jvs.server.admin.AdminRoute;
import io.jvs.server.admin.AdminServer;
import io.jvs.server.admin.ControlPlane;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/adm}: runs one ipvsadm command line in the server.
 *
 * <pre>
 * request  {"args": ["-A", "-t", "203.0.113.1:80", "-s", "rr"], "input": "...rules for -R..."}
 * answer   {"exit": 0, "out": "...", "err": "..."}
 * </pre>
 */
public final class AdmRoute implements AdminRoute {

    /** The path. */
    public static final String PATH = "/api/adm";

    private final IpvsadmExecutor executor;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * Creates the route.
     *
     * @param control the control plane
     */
    public AdmRoute(ControlPlane control) {
        this.executor = new IpvsadmExecutor(control);
    }

    @Override
    public Reply handle(String method, String body) throws Exception {
        if (!method.equals("POST")) {
            throw new AdminException(405, "method " + method + " not allowed here; use POST");
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (Exception e) {
            throw new AdminException(400, "expected {\"args\": [...], \"input\": \"...\"}");
        }
        if (request == null || !request.path("args").isArray()) {
            throw new AdminException(400, "expected {\"args\": [...], \"input\": \"...\"}");
        }
        List<String> args = new ArrayList<>();
        for (JsonNode a : request.get("args")) {
            args.add(a.asText());
        }
        IpvsadmExecutor.Result result = executor.execute(args, request.path("input").asText(""));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("exit", result.exitCode());
        answer.put("out", result.out());
        answer.put("err", result.err());
        return new Reply(200, AdminServer.JSON, json.writeValueAsString(answer) + "\n");
    }
}
