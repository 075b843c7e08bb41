package io.jvs.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jvs.engine.service.VirtualService;
import io.jvs.server.config.AdminConfig;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.Scheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * The admin endpoint: an HTTP/1.1 server (the JDK's {@code com.sun.net.httpserver}) serving
 *
 * <pre>
 * GET      /proc/net/ip_vs  ip_vs_conn  ip_vs_stats  ip_vs_stats_percpu     kernel formats
 * GET|PUT  /proc/sys/net/ipv4/vs/NAME                                        sysctls and timeouts
 * GET      /proc/jvs/services                                                ids of the services
 * GET|PUT  /proc/jvs/services/ID/scheduler                                   a scheduler's parameter file
 * GET      /proc/jvs/plugins  /proc/jvs/evictions
 * GET      /proc/jvs/dataplane                                               the DPDK port's counters
 * GET      /api/services  /api/sysctl  /api/stats  /api/connections  /api/plugins  /api/evictions   JSON
 * POST     /api/reload                                                       reload the configuration file
 * ...      routes added with {@link #addRoute} (/metrics, /api/adm)
 * </pre>
 *
 * <p>Protection, in this order: at most {@code requests-per-second} requests per second (else 429);
 * bodies up to {@code max-request-bytes} (else 413); any method but GET and HEAD needs
 * {@code Authorization: Bearer TOKEN} when a token is configured (else 401). Binding a non-loopback
 * address without a token is refused at start.
 *
 * <p>Requests are handled one at a time on one thread, so control-plane changes never interleave.
 */
public final class AdminServer implements AutoCloseable {

    /** Content type of the /proc files and plain answers. */
    public static final String TEXT = "text/plain; charset=utf-8";
    /** Content type of the /api answers. */
    public static final String JSON = "application/json";

    private static final String SCHEDULER_PREFIX = "/proc/jvs/services/";
    private static final String SYSCTL_PREFIX = "/proc/sys/net/ipv4/vs/";

    private final ControlPlane control;
    private final AdminConfig config;
    private final RequestRateLimiter limiter;
    private final Map<String, AdminRoute> routes = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private HttpServer server;
    private ExecutorService executor;

    /**
     * Creates the endpoint; {@link #start()} binds it.
     *
     * @param control what it shows and changes
     * @param config address, port, token and bounds
     * @param limiterClock the clock of the rate limit, nanoseconds ({@code System::nanoTime})
     * @throws IllegalArgumentException when the address is not loopback and no token is set
     */
    public AdminServer(ControlPlane control, AdminConfig config, LongSupplier limiterClock) {
        this.control = Objects.requireNonNull(control, "control");
        this.config = Objects.requireNonNull(config, "config");
        if (!config.isLoopback() && config.token() == null) {
            throw new IllegalArgumentException("admin: refusing to listen on " + config.address()
                    + " without a token (set admin.token, or keep 127.0.0.1)");
        }
        this.limiter = new RequestRateLimiter(config.requestsPerSecond(), limiterClock);
    }

    /**
     * Adds a path (exact match).
     *
     * @param path the path, e.g. {@code /metrics}
     * @param route its handler
     */
    public void addRoute(String path, AdminRoute route) {
        routes.put(path, route);
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when the address cannot be bound
     */
    public synchronized void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(config.address().toInetAddress(), config.port()), 16);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jvs-admin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Returns the bound port (useful with port 0).
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Returns the base URL, {@code http://127.0.0.1:PORT}.
     *
     * @return the URL
     */
    public String url() {
        String host = config.address().family() == io.jvs.spi.AddressFamily.IPV6 ? "[" + config.address() + "]"
                : config.address().toString();
        return "http://" + host + ":" + port();
    }

    /** Stops serving at once. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            AdminRoute.Reply reply;
            try {
                reply = answer(exchange);
            } catch (AdminException e) {
                reply = new AdminRoute.Reply(e.status(), TEXT, e.getMessage() + "\n");
            } catch (Exception e) {
                reply = new AdminRoute.Reply(500, TEXT, "internal error: " + e + "\n");
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            if (reply.status() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"jvs\"");
            }
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(reply.status(), head ? -1 : (body.length == 0 ? -1 : body.length));
            if (!head && body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private AdminRoute.Reply answer(HttpExchange exchange) throws Exception {
        if (!limiter.tryAcquire()) {
            drain(exchange.getRequestBody());
            throw new AdminException(429, "too many requests: at most " + config.requestsPerSecond() + " per second");
        }
        String method = exchange.getRequestMethod();
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > config.maxRequestBytes()) {
                    throw new AdminException(413, "request body above " + config.maxRequestBytes() + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new AdminException(400, "bad Content-Length");
            }
        }
        String body = readBody(exchange.getRequestBody());
        boolean write = !method.equals("GET") && !method.equals("HEAD");
        if (write && config.token() != null && !authorised(exchange.getRequestHeaders().getFirst("Authorization"))) {
            throw new AdminException(401, "this request needs 'Authorization: Bearer TOKEN'");
        }
        URI uri = exchange.getRequestURI();
        String path = uri.getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        AdminRoute extra = routes.get(path);
        if (extra != null) {
            return extra.handle(method, body);
        }
        return route(method, path, body);
    }

    private boolean authorised(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, config.token().getBytes(StandardCharsets.UTF_8));
    }

    private String readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > config.maxRequestBytes()) {
                drain(in);
                throw new AdminException(413, "request body above " + config.maxRequestBytes() + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void drain(InputStream in) throws IOException {
        in.skip(Long.MAX_VALUE);
    }

    private AdminRoute.Reply route(String method, String path, String body) throws Exception {
        if (path.startsWith(SYSCTL_PREFIX)) {
            return sysctl(method, path.substring(SYSCTL_PREFIX.length()), body);
        }
        if (path.startsWith(SCHEDULER_PREFIX) && path.endsWith("/scheduler")) {
            return schedulerFile(method, path.substring(SCHEDULER_PREFIX.length(), path.length() - "/scheduler".length()),
                    body);
        }
        if (path.equals("/api/reload")) {
            requireMethod(method, "POST");
            try {
                return AdminRoute.Reply.text(control.reload() + "\n");
            } catch (AdminException e) {
                throw e;
            } catch (Exception e) {
                throw new AdminException(400, "reload refused; nothing changed: " + e.getMessage());
            }
        }
        requireMethod(method, "GET");
        return switch (path) {
            case "/proc/net/ip_vs" -> AdminRoute.Reply.text(ProcNetFiles.ipVs(control));
            case "/proc/net/ip_vs_conn" -> AdminRoute.Reply.text(ProcNetFiles.ipVsConn(connections()));
            case "/proc/net/ip_vs_stats" -> AdminRoute.Reply.text(ProcNetFiles.ipVsStats(
                    control.totalTraffic(), control.rates().total()));
            case "/proc/net/ip_vs_stats_percpu" -> AdminRoute.Reply.text(ProcNetFiles.ipVsStatsPercpu(
                    ProcNetFiles.perWorker(control), control.totalTraffic(),
                    control.rates().total()));
            case "/proc/sys/net/ipv4/vs" -> AdminRoute.Reply.text(String.join("\n", SysctlFiles.names()) + "\n");
            case "/proc/jvs/services" -> AdminRoute.Reply.text(ProcJvsFiles.services(
                    control.services().table().services()));
            case "/proc/jvs/plugins" -> AdminRoute.Reply.text(ProcJvsFiles.plugins(control.plugins()));
            case "/proc/jvs/evictions" -> AdminRoute.Reply.text(ProcJvsFiles.evictions(control.evictions()));
            case "/proc/jvs/dataplane" -> AdminRoute.Reply.text(control.dataPlaneText());
            case "/api/services" -> json(JsonViews.services(control));
            case "/api/sysctl" -> json(JsonViews.sysctl(control));
            case "/api/stats" -> json(JsonViews.stats(control));
            case "/api/connections" -> json(JsonViews.connections(connections()));
            case "/api/plugins" -> json(control.plugins().stream().map(JsonViews::plugin).toList());
            case "/api/evictions" -> json(JsonViews.evictions(control.evictions()));
            default -> throw new AdminException(404, "no such file: " + path);
        };
    }

    private List<ConnectionRow> connections() {
        return control.connections();
    }

    private AdminRoute.Reply sysctl(String method, String name, String body) {
        if (!SysctlFiles.exists(name)) {
            throw new AdminException(404, "no such file: " + SYSCTL_PREFIX + name);
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            return AdminRoute.Reply.text(SysctlFiles.read(control, name) + "\n");
        }
        requireMethod(method, "PUT");
        try {
            SysctlFiles.write(control, name, body);
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, SYSCTL_PREFIX + name + ": write error: " + e.getMessage());
        }
        return AdminRoute.Reply.text(SysctlFiles.read(control, name) + "\n");
    }

    private AdminRoute.Reply schedulerFile(String method, String idText, String body) {
        VirtualService service = null;
        for (VirtualService s : control.services().table().services()) {
            if (Integer.toString(s.id()).equals(idText)) {
                service = s;
            }
        }
        if (service == null) {
            throw new AdminException(404, "no such service: " + idText);
        }
        Scheduler scheduler = service.scheduler();
        String text = scheduler.parameterText();
        if (text == null) {
            throw new AdminException(404, "scheduler " + service.spec().scheduler() + " of " + service.key().name()
                    + " has no parameter file");
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            return AdminRoute.Reply.text(text);
        }
        requireMethod(method, "PUT");
        try {
            scheduler.writeParameterText(body);
        } catch (InvalidParameterException e) {
            throw new AdminException(400, "write error: " + SysctlFiles.EINVAL + ": " + e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw new AdminException(405, "scheduler " + service.spec().scheduler() + ": the parameter file is read-only");
        }
        return AdminRoute.Reply.text(scheduler.parameterText());
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            throw new AdminException(405, "method " + method + " not allowed here; use " + allowed);
        }
    }

    private AdminRoute.Reply json(Object value) throws IOException {
        return new AdminRoute.Reply(200, JSON, json.writeValueAsString(value) + "\n");
    }
}
