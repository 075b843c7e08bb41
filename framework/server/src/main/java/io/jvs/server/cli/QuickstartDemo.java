package io.jvs.server.cli;

import io.jvs.proxy.DemoBackends;
import io.jvs.server.config.ConfigException;
import io.jvs.server.runtime.ServerRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live quickstart of {@code jvs demo}: the demo HTTP servers on loopback, and jvs on the proxy
 * data plane in front of them with {@code examples/quickstart.yaml}.
 *
 * <pre>
 *   curl ──> 127.0.0.1:8080 (proxy, rr) ──┬─> 127.0.0.1:8081 backend-1
 *                                          ├─> 127.0.0.1:8082 backend-2
 *                                          └─> 127.0.0.1:8083 backend-3
 *   bin/jvs adm -L -n ──> 127.0.0.1:9180 (admin endpoint)
 * </pre>
 *
 * The ports are those of the file unless overridden; an overridden file is run from a temporary copy
 * with the ports replaced. {@link #close()} stops jvs, then the servers.
 */
final class QuickstartDemo implements AutoCloseable {

    /** The demo's service port line in the file: {@code port: 8080} under the service. */
    private static final Pattern SERVICE_PORT = Pattern.compile("(?m)^(\\s+port: )(\\d+)\\s*$");
    /** A demo destination in the file: {@code {address: 127.0.0.1, port: 8081}}. */
    private static final Pattern DESTINATION = Pattern.compile("\\{address: 127\\.0\\.0\\.1, port: (\\d+)\\}");
    /** The loopback address the servers listen on. */
    static final String HOST = "127.0.0.1";

    private static final Queue<QuickstartDemo> RUNNING = new ConcurrentLinkedQueue<>();

    private final DemoBackends backends;
    private final ServerRuntime runtime;
    private final Path temporaryConfig;
    private final int servicePort;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private QuickstartDemo(DemoBackends backends, ServerRuntime runtime, Path temporaryConfig, int servicePort) {
        this.backends = backends;
        this.runtime = runtime;
        this.temporaryConfig = temporaryConfig;
        this.servicePort = servicePort;
    }

    /**
     * Starts the servers and jvs.
     *
     * @param config the quickstart configuration (one TCP service, destinations on consecutive
     *     loopback ports)
     * @param servicePort the service's port, or {@code null} for the file's
     * @param firstBackendPort the first server's port (the others follow; 0: ports the system picks),
     *     or {@code null} for the file's
     * @param adminPort the admin endpoint's port, or {@code null} for the file's
     * @param plugins the plugins directory, or {@code null} for the default
     * @param log where jvs's status lines go
     * @return the running demo
     * @throws IOException when a port cannot be bound or the file read
     * @throws ConfigException when the configuration is refused
     */
    static QuickstartDemo start(Path config, Integer servicePort, Integer firstBackendPort, Integer adminPort,
            Path plugins, PrintWriter log) throws IOException, ConfigException {
        String yaml = Files.readString(config);
        List<Integer> filePorts = DESTINATION.matcher(yaml).results().map(r -> Integer.parseInt(r.group(1))).toList();
        if (filePorts.isEmpty()) {
            throw new IllegalArgumentException(config + ": no destination {address: 127.0.0.1, port: N} to start a"
                    + " demo server for");
        }
        DemoBackends backends = DemoBackends.start(HOST, filePorts.size(),
                firstBackendPort != null ? firstBackendPort : filePorts.getFirst());
        Path temporary = null;
        try {
            Path run = config;
            int port = servicePort(yaml);
            List<Integer> actual = backends.addresses().stream().map(InetSocketAddress::getPort).toList();
            if ((servicePort != null && servicePort != port) || !actual.equals(filePorts)) {
                temporary = Files.createTempFile("jvs-quickstart-", ".yaml");
                Files.writeString(temporary, withPorts(yaml, servicePort != null ? servicePort : port, actual));
                run = temporary;
                port = servicePort != null ? servicePort : port;
            }
            ServerRuntime runtime = ServerRuntime.start(new ServerRuntime.Options(run, plugins, adminPort, true), log);
            QuickstartDemo demo = new QuickstartDemo(backends, runtime, temporary, port);
            RUNNING.add(demo);
            return demo;
        } catch (IOException | ConfigException | RuntimeException e) {
            backends.close();
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
            throw e;
        }
    }

    /**
     * Returns the file's configuration with the service's port and the destinations' ports replaced.
     *
     * @param yaml the quickstart configuration
     * @param servicePort the service's port
     * @param destinationPorts the destinations' ports, in file order
     * @return the changed text
     */
    static String withPorts(String yaml, int servicePort, List<Integer> destinationPorts) {
        Matcher service = SERVICE_PORT.matcher(yaml);
        StringBuilder out = new StringBuilder();
        boolean replaced = false;
        while (service.find()) {
            String replacement = service.group(0);
            if (isUnderServices(yaml, service.start()) && !replaced) {
                replacement = service.group(1) + servicePort;
                replaced = true;
            }
            service.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        service.appendTail(out);
        Matcher destination = DESTINATION.matcher(out.toString());
        StringBuilder done = new StringBuilder();
        int i = 0;
        while (destination.find()) {
            destination.appendReplacement(done, Matcher.quoteReplacement(
                    "{address: " + HOST + ", port: " + destinationPorts.get(i++) + "}"));
        }
        destination.appendTail(done);
        return done.toString();
    }

    private static int servicePort(String yaml) {
        Matcher m = SERVICE_PORT.matcher(yaml);
        while (m.find()) {
            if (isUnderServices(yaml, m.start())) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new IllegalArgumentException("the quickstart configuration names no service port");
    }

    private static boolean isUnderServices(String yaml, int offset) {
        int services = yaml.indexOf("\nservices:");
        return services >= 0 && offset > services;
    }

    /** Returns the running demos of this process (for tests, which cannot send signals). @return them */
    static List<QuickstartDemo> running() {
        return List.copyOf(RUNNING);
    }

    /** Returns the demo servers. @return the servers */
    DemoBackends backends() {
        return backends;
    }

    /** Returns jvs. @return the running server */
    ServerRuntime runtime() {
        return runtime;
    }

    /** Returns the service's port. @return the port */
    int servicePort() {
        return servicePort;
    }

    /**
     * Prints the servers, and what to try.
     *
     * @param out where to print
     */
    void printWelcome(PrintWriter out) {
        List<InetSocketAddress> addresses = backends.addresses();
        for (int i = 0; i < addresses.size(); i++) {
            out.println("jvs demo: " + backends.names().get(i) + " answers on " + HOST + ":"
                    + addresses.get(i).getPort());
        }
        String url = "http://" + HOST + ":" + servicePort + "/";
        String admin = runtime.admin().url();
        String adm = "bin/jvs adm" + (admin.equals(AdminClient.DEFAULT_URL) ? "" : " --admin " + admin);
        out.println("jvs demo: the proxy balances " + url + " over them (round robin). Try:");
        out.println("  curl " + url + "                  # backend-1, then backend-2, backend-3, backend-1, ...");
        out.println("  for i in 1 2 3 4 5 6; do curl -s " + url + "; done");
        out.println("  " + adm + " -L -n                    # the service and its destinations");
        out.println("  " + adm + " -L -n --stats            # connections and bytes per destination");
        out.println("  curl " + admin + "/proc/net/ip_vs   # the same, as Linux shows it");
        out.println("  curl " + admin + "/metrics           # Prometheus metrics");
        out.println("jvs demo: Ctrl-C stops it.");
        out.flush();
    }

    /**
     * Waits until {@link #close()} ran.
     *
     * @throws InterruptedException when interrupted
     */
    void awaitClosed() throws InterruptedException {
        stopped.await();
    }

    /** Stops jvs, then the demo servers; deletes the temporary configuration. Idempotent. */
    @Override
    public void close() {
        if (!RUNNING.remove(this)) {
            return;
        }
        try {
            runtime.close();
        } finally {
            try {
                backends.close();
                if (temporaryConfig != null) {
                    Files.deleteIfExists(temporaryConfig);
                }
            } catch (IOException e) {
                System.getLogger(QuickstartDemo.class.getName()).log(System.Logger.Level.WARNING,
                        "stopping the demo servers failed: " + e, e);
            } finally {
                stopped.countDown();
            }
        }
    }
}
