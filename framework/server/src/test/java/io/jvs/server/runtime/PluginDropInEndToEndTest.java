package io.jvs.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvs.server.SourceTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running jvs (the objects {@code jvs run} starts) whose plugins directory is watched: the real
 * jvs-offsethash-scheduler jar copied in becomes usable through {@code POST /api/adm}, and deleting
 * it while a service uses {@code offh} is refused, visibly in {@code /proc/jvs/plugins} and the log.
 */
class PluginDropInEndToEndTest {

    /** Bound of every wait for the watcher (its quiet time is 250 ms); the waits end as soon as they succeed. */
    private static final long DEADLINE_NANOS = 20_000_000_000L;
    private static final String OFFH_JAR = "jvs-offsethash-scheduler.jar";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final StringWriter log = new StringWriter();
    private ServerRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private ServerRuntime start() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.copy(SourceTree.plugins().resolve("jvs-ipvs-schedulers.jar"), plugins.resolve("jvs-ipvs-schedulers.jar"));
        Path config = dir.resolve("jvs.yaml");
        Files.writeString(config, """
                engine: {data-plane: memory, connections-per-worker: 1024}
                plugins: {directory: plugins}
                admin: {port: 0}
                services:
                  - {protocol: tcp, address: 203.0.113.1, port: 80, scheduler: rr,
                     destinations: [{address: 198.51.100.7, port: 8080}]}
                """);
        return ServerRuntime.start(new ServerRuntime.Options(config, null, null, false), new PrintWriter(log, true));
    }

    private JsonNode adm(String... args) throws Exception {
        String body = json.writeValueAsString(java.util.Map.of("args", List.of(args)));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(runtime.admin().url() + "/api/adm"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(runtime.admin().url() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    /** Polls until {@code done} holds or the deadline passes; returns the last value. */
    private static <T> T await(ThrowingSupplier<T> poll, Predicate<T> done) throws Exception {
        long end = System.nanoTime() + DEADLINE_NANOS;
        T value = poll.get();
        while (!done.test(value) && System.nanoTime() < end) {
            Thread.sleep(50);
            value = poll.get();
        }
        return value;
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static String line(String file, String prefix) {
        return file.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no line " + prefix + ")");
    }

    @Test
    void shouldServeADroppedInSchedulerAndRefuseToUnloadItWhileAServiceUsesIt() throws Exception {
        runtime = start();
        JsonNode before = adm("-A", "-u", "203.0.113.5:4000", "-s", "offh");
        assertTrue(before.get("exit").asInt() != 0, "no offh before the drop-in: " + before);
        assertTrue(before.get("err").asText().contains("offh"), before.toString());

        Path jar = dir.resolve("plugins").resolve(OFFH_JAR);
        Files.copy(Path.of(System.getProperty("jvs.test.dropin.plugins")).resolve(OFFH_JAR), jar);
        JsonNode added = await(() -> adm("-A", "-u", "203.0.113.5:4000", "-s", "offh"),
                answer -> answer.get("exit").asInt() == 0);
        assertEquals(0, added.get("exit").asInt(), "offh usable after the copy: " + added + "\nlog:\n" + log);
        assertEquals(0, adm("-a", "-u", "203.0.113.5:4000", "-r", "198.51.100.17:4000", "-m").get("exit").asInt());
        assertTrue(get("/proc/net/ip_vs").contains("UDP  CB007105:0FA0 offh  \n"
                + "  -> C6336411:0FA0      Masq    1      0          0         \n"), get("/proc/net/ip_vs"));
        assertTrue(line(get("/proc/jvs/plugins"), "jvs-offsethash-scheduler").contains("LOADED"),
                get("/proc/jvs/plugins"));

        Files.delete(jar);
        String plugins = await(() -> get("/proc/jvs/plugins"), text -> text.contains("stays loaded"));
        String offh = line(plugins, "jvs-offsethash-scheduler");
        assertTrue(offh.contains(" LOADED ") && offh.contains(" offh "), plugins);
        assertTrue(offh.contains("# jar removed, but its schedulers [offh] are used by UDP 203.0.113.5:4000 (offh);"
                + " the plugin stays loaded"), plugins);
        assertTrue(log.toString().contains("jvs: plugins: " + OFFH_JAR + ": removed, but its schedulers [offh] are used"
                + " by UDP 203.0.113.5:4000 (offh); the plugin stays loaded"), log.toString());

        assertTrue(runtime.plugins().schedulers().contains("offh"), "the plugin stays loaded");
        assertEquals(0, adm("-A", "-u", "203.0.113.6:4000", "-s", "offh").get("exit").asInt(),
                "offh still creates schedulers");
        assertTrue(get("/proc/net/ip_vs").contains("UDP  CB007105:0FA0 offh  \n"), "the service was never touched");
    }
}
