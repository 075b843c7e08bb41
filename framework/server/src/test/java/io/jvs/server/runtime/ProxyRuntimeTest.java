package io.jvs.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.proxy.DemoBackends;
import io.jvs.server.LoopbackHttp;
import io.jvs.server.SourceTree;
import io.jvs.server.config.DataPlane;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jvs run} on the proxy data plane: real TCP through it, seen and changed by the admin endpoint. */
class ProxyRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void shouldServeRealTcpThroughTheProxyAndShowTheServiceInProcNetIpVs() throws Exception {
        try (DemoBackends backends = DemoBackends.start("127.0.0.1", 2, 0)) {
            int port = LoopbackHttp.freePort();
            int first = backends.addresses().get(0).getPort();
            int second = backends.addresses().get(1).getPort();
            Path config = dir.resolve("jvs.yaml");
            Files.writeString(config, """
                    engine: {data-plane: proxy, connections-per-worker: 1024}
                    admin: {port: 0}
                    services:
                      - {protocol: tcp, address: 127.0.0.1, port: %d, scheduler: rr,
                         destinations: [{address: 127.0.0.1, port: %d}, {address: 127.0.0.1, port: %d}]}
                    """.formatted(port, first, second));
            StringWriter log = new StringWriter();
            try (ServerRuntime runtime = ServerRuntime.start(
                    new ServerRuntime.Options(config, SourceTree.plugins(), null, false), new PrintWriter(log))) {
                assertEquals(DataPlane.PROXY, runtime.config().engine().dataPlane());

                Set<String> answers = new HashSet<>();
                for (int i = 0; i < 4; i++) {
                    answers.add(LoopbackHttp.get(port).strip());
                }
                assertEquals(Set.of("backend-1", "backend-2"), answers);
                assertEquals(4, backends.requests());

                String ipvs = get(runtime.admin().url() + "/proc/net/ip_vs");
                assertTrue(ipvs.startsWith("IP Virtual Server version 1.2.1 (size=1024)\n"), ipvs);
                String service = "TCP  7F000001:" + hex16(port) + " rr  \n";
                assertTrue(ipvs.contains(service), ipvs);
                assertTrue(ipvs.contains("  -> 7F000001:" + hex16(first) + " "), ipvs);
                assertTrue(ipvs.contains("  -> 7F000001:" + hex16(second) + " "), ipvs);

                HttpResponse<String> conns = send(runtime.admin().url() + "/proc/net/ip_vs_conn");
                assertEquals(501, conns.statusCode(), conns.body());
                assertTrue(conns.body().contains("the proxy data plane does not list its connections"), conns.body());

                Files.writeString(config, Files.readString(config).replace(
                        "{address: 127.0.0.1, port: %d}, ".formatted(first), ""));
                runtime.reloader().reload();
                for (int i = 0; i < 3; i++) {
                    assertEquals("backend-2", LoopbackHttp.get(port).strip(), "the reload removed backend-1");
                }
            }
            assertTrue(!LoopbackHttp.accepts(port), "the proxy stopped listening");
        }
    }

    @Test
    void shouldRunTheProxyWhenTheFileNamesNoDataPlane() throws Exception {
        Path config = dir.resolve("plain.yaml");
        Files.writeString(config, "admin: {port: 0}\n");
        try (io.jvs.server.plugin.PluginHost plugins = SourceTree.loadPlugins()) {
            assertEquals(DataPlane.PROXY,
                    io.jvs.server.config.JvsConfig.read(config, plugins.schedulers()).engine().dataPlane());
        }
    }

    private static String hex16(int port) {
        return HexFormat.of().withUpperCase().toHexDigits((short) port);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = send(url);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static HttpResponse<String> send(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
