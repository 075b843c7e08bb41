package io.jvs.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jvs.server.LoopbackHttp;
import io.jvs.server.SourceTree;
import io.jvs.server.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP through the proxy data plane, classified by {@code http-method} loaded from its plugin
 * jar: three JDK HTTP servers on loopback answer with their id (header {@code X-Backend}); the real
 * {@code curl} sends GET/HEAD (the read pool: two backends, rr), POST/PUT/DELETE (the write pool:
 * one backend, wlc) and OPTIONS (the read pool through {@code mh} from jvs-maglev-scheduler); a
 * 20 MiB upload and a 20 MiB download complete byte-exact (SHA-256 computed here from the bytes
 * generated here); a line that is not HTTP is reset.
 */
class HttpMethodProxyEndToEndTest {

    private static final int BIG = 20 << 20;
    private static final long BIG_SEED = 0x5eed_2026L;

    @TempDir
    Path dir;
    private final List<HttpServer> backends = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startBackends() throws IOException {
        for (String id : List.of("read-1", "read-2", "write-1")) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.createContext("/", exchange -> answer(id, exchange));
            server.start();
            backends.add(server);
        }
    }

    @AfterEach
    void stopBackends() {
        for (HttpServer server : backends) {
            server.stop(0);
        }
    }

    private int port(int backend) {
        return backends.get(backend).getAddress().getPort();
    }

    /** Answers with its id; GET /big sends the 20 MiB body; a request body is answered with its SHA-256. */
    private void answer(String id, HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            MessageDigest sha = sha256();
            long received = 0;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    sha.update(buf, 0, n);
                    received += n;
                }
            }
            exchange.getResponseHeaders().add("X-Backend", id);
            String method = exchange.getRequestMethod();
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            if (method.equals("GET") && exchange.getRequestURI().getPath().equals("/big")) {
                exchange.sendResponseHeaders(200, BIG);
                try (OutputStream out = exchange.getResponseBody()) {
                    writeBig(out);
                }
                return;
            }
            byte[] body = (id + " " + received + " " + HexFormat.of().formatHex(sha.digest()) + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The 20 MiB of the download and the upload: a seeded pseudo-random stream. */
    private static void writeBig(OutputStream out) throws IOException {
        SplittableRandom random = new SplittableRandom(BIG_SEED);
        byte[] chunk = new byte[65536];
        for (int done = 0; done < BIG; done += chunk.length) {
            for (int i = 0; i < chunk.length; i += 8) {
                long v = random.nextLong();
                for (int k = 0; k < 8; k++) {
                    chunk[i + k] = (byte) (v >>> (8 * k));
                }
            }
            out.write(chunk, 0, Math.min(chunk.length, BIG - done));
        }
    }

    private static String bigSha256() throws IOException {
        MessageDigest sha = sha256();
        writeBig(new OutputStream() {
            @Override
            public void write(int b) {
                sha.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sha.update(b, off, len);
            }
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path config(int vipPort, String rules) throws IOException {
        Path config = dir.resolve("jvs.yaml");
        Files.writeString(config, """
                engine: {data-plane: proxy, workers: 2, connections-per-worker: 1024}
                admin: {port: 0}
                services:
                  - protocol: tcp
                    address: 127.0.0.1
                    port: %d
                    scheduler: http-method
                    scheduler-parameters:
                      pools: "reads=127.0.0.1:%d,127.0.0.1:%d; writes=127.0.0.1:%d"
                      rules: "%s"
                      default-pool: "writes:wlc"
                      non-http: reset
                    destinations:
                      - {address: 127.0.0.1, port: %d}
                      - {address: 127.0.0.1, port: %d}
                      - {address: 127.0.0.1, port: %d}
                """.formatted(vipPort, port(0), port(1), port(2), rules, port(0), port(1), port(2)));
        return config;
    }

    /** Runs curl; returns its standard output. */
    private static String curl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl ended");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "curl " + command + ": " + text);
        return text;
    }

    /** Sends one request with curl and returns which backend answered. */
    private static String backendFor(String method, int vipPort) throws Exception {
        List<String> args = new ArrayList<>(List.of("-o", "/dev/null", "-w", "%header{x-backend}"));
        if (method.equals("HEAD")) {
            args.add("-I");
        } else {
            args.addAll(List.of("-X", method));
        }
        if (method.equals("POST") || method.equals("PUT")) {
            args.addAll(List.of("--data-binary", "item=7"));
        }
        args.add("http://127.0.0.1:" + vipPort + "/items/7");
        return curl(args.toArray(new String[0])).strip();
    }

    @Test
    void shouldLandEachMethodInItsPoolAndRelayLargeBodiesByteExact() throws Exception {
        int vip = LoopbackHttp.freePort();
        Path config = config(vip,
                "method=GET|HEAD -> reads:rr; method=POST|PUT|DELETE -> writes:wlc; method=OPTIONS -> reads:mh");
        StringWriter log = new StringWriter();
        try (ServerRuntime runtime = ServerRuntime.start(
                new ServerRuntime.Options(config, SourceTree.httpPlugins(), null, false), new PrintWriter(log))) {
            List<String> reads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                reads.add(backendFor("GET", vip));
                reads.add(backendFor("HEAD", vip));
            }
            assertTrue(reads.stream().allMatch(b -> b.startsWith("read-")), reads.toString());
            assertEquals(3, reads.stream().filter("read-1"::equals).count(), "rr alternates: " + reads);
            for (String method : List.of("POST", "PUT", "DELETE", "POST")) {
                assertEquals("write-1", backendFor(method, vip), method);
            }
            String options = backendFor("OPTIONS", vip);
            assertTrue(options.startsWith("read-"), options);

            Path download = dir.resolve("download.bin");
            String downloadedBy = curl("-o", download.toString(), "-w", "%header{x-backend}",
                    "http://127.0.0.1:" + vip + "/big").strip();
            assertTrue(downloadedBy.startsWith("read-"), downloadedBy);
            assertEquals(BIG, Files.size(download));
            String expected = bigSha256();
            assertEquals(expected, HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(download))),
                    "the download arrived byte-exact");

            Path upload = dir.resolve("upload.bin");
            try (OutputStream out = Files.newOutputStream(upload)) {
                writeBig(out);
            }
            String answer = curl("-T", upload.toString(), "http://127.0.0.1:" + vip + "/upload").strip();
            assertEquals("write-1 " + BIG + " " + expected, answer, "the upload arrived byte-exact, at the writer");

            int before = requests.get();
            try (Socket s = new Socket("127.0.0.1", vip)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("HELLO there\r\n".getBytes(StandardCharsets.US_ASCII));
                int r;
                try {
                    r = s.getInputStream().read();
                } catch (SocketException e) {
                    r = -1;
                }
                assertEquals(-1, r, "a line that is not HTTP is reset (non-http: reset)");
            }
            assertEquals(before, requests.get(), "no backend saw it");
        }
    }

    @Test
    void shouldReportAnUnknownInnerSchedulerAtTheServicesSchedulerParameters() throws Exception {
        int vip = LoopbackHttp.freePort();
        Path config = config(vip, "method=GET|HEAD -> reads:rr; method=POST|PUT|DELETE -> writes:wxc");
        ConfigException e = assertThrows(ConfigException.class, () -> ServerRuntime.start(
                new ServerRuntime.Options(config, SourceTree.httpPlugins(), null, false),
                new PrintWriter(new StringWriter())));
        String message = e.getMessage();
        assertTrue(message.contains("services[0].scheduler-parameters.rules"), message);
        assertTrue(message.contains("rules[1].scheduler: unknown scheduler 'wxc', installed: "), message);
        assertTrue(message.contains("jvs.yaml:10:"), "the line of 'rules:': " + message);
    }
}
