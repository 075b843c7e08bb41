package io.jvs.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP classifier through the packet engine: the real {@code jvs run} on DPDK
 * ({@code net_af_packet} in a network-namespace lab) with {@code http-method} services over NAT and
 * FULLNAT, which turns on TCP delayed binding (jvs answers the client's SYN with a SYN cookie, reads
 * the request line, schedules, opens the connection to the chosen backend and translates sequence
 * numbers from then on). Real {@code curl} requests from the client namespace land in the configured
 * pools (GET and HEAD on the two read backends in turn, POST, PUT and DELETE on the write backend),
 * and a 20 MiB download and a 20 MiB upload through each service arrive byte-exact (SHA-256).
 *
 * <pre>
 *   P-cl  cl0 198.51.100.10/25, default via 198.51.100.1 (jvs)          --+
 *   P-lb  lb0 (no kernel address): jvs run, net_af_packet0,iface=lb0    --+-- br0 in P-sw
 *   P-bN  bN0 203.0.113.1N/24, 198.51.100.0/24 via 203.0.113.1 (jvs)    --+
 *
 *   NAT      198.51.100.211:80 -> reads 203.0.113.11-12:8080, writes 203.0.113.13:8080
 *   FULLNAT  198.51.100.212:80 -> the same pools (local address 203.0.113.100)
 * </pre>
 *
 * Needs root, DPDK 22.11, iproute2, ethtool, curl and python3; skips, saying which, otherwise. The
 * namespaces carry this JVM's PID and are removed after the class, also when a test fails.
 */
class DpdkHttpClassifierLabTest {

    static final String CLIENT = "198.51.100.10";
    static final String CLIENT_GATEWAY = "198.51.100.1";
    static final String BACKEND_GATEWAY = "203.0.113.1";
    static final String LOCAL_ADDRESS = "203.0.113.100";
    static final String[] BACKENDS = {"203.0.113.11", "203.0.113.12", "203.0.113.13"};
    static final String NAT_VIP = "198.51.100.211";
    static final String FULLNAT_VIP = "198.51.100.212";
    static final int BACKEND_PORT = 8080;
    static final int ADMIN_PORT = 9181;
    static final int BIG = 20 * 1024 * 1024;

    static NamespaceLab lab;
    static NamespaceLab.Background jvs;
    static final List<NamespaceLab.Background> backends = new ArrayList<>();
    static Path work;

    @BeforeAll
    static void buildLab(@TempDir Path dir) throws Exception {
        lab = NamespaceLab.open("DPDK HTTP classifier lab");
        work = dir;
        lab.build(DpdkHttpClassifierLabTest::build, () -> jvs == null ? "" : "\njvs output:\n" + jvs.output());
    }

    private static void build() throws Exception {
        for (String ns : List.of("sw", "cl", "lb", "b1", "b2", "b3")) {
            lab.add(ns);
        }
        lab.addBridge();
        lab.plugIntoBridge("cl", "02:00:00:00:01:10");
        lab.plugIntoBridge("lb", "02:00:00:00:00:01");
        lab.in("cl", "ip", "addr", "add", CLIENT + "/25", "dev", "cl0");
        lab.in("cl", "ip", "route", "add", "default", "via", CLIENT_GATEWAY);
        Path script = NamespaceLab.resource(work, "lab-http-backend.py");
        for (int n = 1; n <= 3; n++) {
            String ns = "b" + n;
            lab.plugIntoBridge(ns, "02:00:00:00:02:1" + n);
            lab.in(ns, "ip", "addr", "add", BACKENDS[n - 1] + "/24", "dev", ns + "0");
            lab.in(ns, "ip", "route", "add", "198.51.100.0/24", "via", BACKEND_GATEWAY);
            backends.add(lab.start(ns, "python3", script.toString(), Integer.toString(n),
                    Integer.toString(BACKEND_PORT)));
        }
        for (NamespaceLab.Background b : backends) {
            assertTrue(b.awaitLine("ready"::equals, 10_000), "backend did not start: " + b.output());
        }
        Path config = work.resolve("jvs-http-lab.yaml");
        Files.writeString(config, config());
        jvs = lab.startJvs("lb", config, System.getProperty("jvs.test.http.plugins"));
        assertTrue(jvs.awaitLine(l -> l.startsWith("jvs: running"), 60_000), "jvs run did not start:\n" + jvs.output());
    }

    static String config() {
        StringBuilder s = new StringBuilder();
        s.append("engine:\n");
        s.append("  data-plane: dpdk\n");
        s.append("  workers: 1\n");
        s.append("  connections-per-worker: 16Ki\n");
        s.append("  forwarding:\n");
        s.append("    local-addresses: [").append(LOCAL_ADDRESS).append("]\n");
        s.append("  dpdk:\n");
        s.append("    device: net_af_packet0\n");
        s.append("    virtual-devices: [\"net_af_packet0,iface=lb0,qpairs=1,framecnt=4096\"]\n");
        s.append("    file-prefix: ").append(lab.prefix()).append("h\n");
        s.append("    addresses: [").append(CLIENT_GATEWAY).append(", ").append(BACKEND_GATEWAY).append("]\n");
        s.append("    on-link: [\"198.51.100.0/25\", \"203.0.113.0/24\"]\n");
        s.append("admin:\n  port: ").append(ADMIN_PORT).append('\n');
        s.append("services:\n");
        service(s, NAT_VIP, "nat");
        service(s, FULLNAT_VIP, "fullnat");
        return s.toString();
    }

    private static void service(StringBuilder s, String vip, String method) {
        String reads = BACKENDS[0] + ":" + BACKEND_PORT + "," + BACKENDS[1] + ":" + BACKEND_PORT;
        String writes = BACKENDS[2] + ":" + BACKEND_PORT;
        s.append("  - protocol: tcp\n    address: ").append(vip).append("\n    port: 80\n");
        s.append("    scheduler: http-method\n    scheduler-parameters:\n");
        s.append("      pools: \"reads=").append(reads).append("; writes=").append(writes).append("\"\n");
        s.append("      rules: \"method=GET|HEAD -> reads:rr; method=POST|PUT|DELETE -> writes:rr\"\n");
        s.append("      default-pool: \"writes:rr\"\n");
        s.append("      non-http: reset\n");
        s.append("    destinations:\n");
        for (String b : BACKENDS) {
            s.append("      - {address: ").append(b).append(", port: ").append(BACKEND_PORT).append(", forwarding: ")
                    .append(method).append("}\n");
        }
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            if (jvs != null) {
                System.out.println("jvs output:\n" + jvs.output());
            }
            lab.close();
            lab = null;
        }
    }

    /** One request with curl on a new connection; returns the answering backend's id from {@code X-Backend}, 0 if none. */
    private static int backendOf(String method, String vip) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-m", "5", "-o", "/dev/null", "-D", "-",
                "-H", "Connection: close"));
        if (method.equals("HEAD")) {
            command.add("-I");
        } else {
            command.addAll(List.of("-X", method));
            if (!method.equals("GET") && !method.equals("DELETE")) {
                command.addAll(List.of("--data-binary", "row=" + method));
            }
        }
        command.add("http://" + vip + "/item");
        NamespaceLab.Result r = lab.tryIn("cl", command.toArray(String[]::new));
        Matcher m = Pattern.compile("(?im)^X-Backend: (\\d)").matcher(r.output());
        return r.status() == 0 && m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static void assertPools(String vip) throws Exception {
        List<String> methods = List.of("GET", "GET", "HEAD", "POST", "GET", "PUT", "DELETE", "HEAD", "GET");
        List<Integer> seen = new ArrayList<>();
        for (String method : methods) {
            seen.add(backendOf(method, vip));
        }
        // reads: round robin over backends 1 and 2, whatever the writes in between; writes: backend 3
        assertEquals(List.of(1, 2, 1, 3, 2, 3, 3, 1, 2), seen, vip + " " + methods + " -> " + seen + "\njvs:\n"
                + jvs.output());
    }

    @Test
    void shouldSendReadsAndWritesToTheirPoolsThroughNat() throws Exception {
        assertPools(NAT_VIP);
    }

    @Test
    void shouldSendReadsAndWritesToTheirPoolsThroughFullnat() throws Exception {
        assertPools(FULLNAT_VIP);
        assertTrue(backends.stream().flatMap(b -> b.lines().stream())
                .anyMatch(l -> l.startsWith("served ") && l.contains(" " + LOCAL_ADDRESS + " ")),
                "FULLNAT requests reach the backends from the local address");
    }

    @Test
    void shouldMoveTwentyMebibytesEachWayByteExact() throws Exception {
        byte[] upload = new byte[BIG];
        new Random(11).nextBytes(upload);
        Path file = work.resolve("upload.bin");
        Files.write(file, upload);
        String uploadSha = sha256(upload);
        byte[] pattern = new byte[BIG];
        for (int i = 0; i < BIG; i++) {
            pattern[i] = (byte) (i % 251);
        }
        String downloadSha = sha256(pattern);
        for (String vip : List.of(NAT_VIP, FULLNAT_VIP)) {
            String put = lab.in("cl", "curl", "-s", "-m", "25", "-H", "Connection: close", "-T", file.toString(),
                    "http://" + vip + "/upload");
            assertTrue(put.startsWith("backend 3 PUT bytes=" + BIG + " sha256=" + uploadSha), vip + ": " + put);

            Path out = work.resolve("download-" + vip + ".bin");
            lab.in("cl", "curl", "-s", "-m", "25", "-H", "Connection: close", "-o", out.toString(),
                    "http://" + vip + "/big?bytes=" + BIG);
            byte[] got = Files.readAllBytes(out);
            assertEquals(BIG, got.length, vip + " download length");
            assertEquals(downloadSha, sha256(got), vip + " download digest");
        }
        String metrics = lab.in("lb", "curl", "-s", "-m", "5", "http://127.0.0.1:" + ADMIN_PORT + "/metrics");
        assertTrue(counter(metrics, "synproxy-bound") >= 4, "connections bound after their request line:\n"
                + grep(metrics, "synproxy"));
    }

    private static long counter(String metrics, String event) {
        long sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvs_worker_events_total") && line.contains("\"" + event + "\"")) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String grep(String text, String word) {
        StringBuilder s = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.contains(word)) {
                s.append(line).append('\n');
            }
        }
        return s.toString();
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
