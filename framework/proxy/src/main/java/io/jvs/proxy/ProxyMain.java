package io.jvs.proxy;

import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.spi.ForwardingMethod;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the proxy data plane alone, from the built jars and the scheduler plugins on the class path,
 * without the server module: for benchmarks and quick trials.
 *
 * <pre>
 *   java -cp ... io.jvs.proxy.ProxyMain [OPTIONS] SERVICE...
 *   java -cp ... io.jvs.proxy.ProxyMain --config proxy.properties
 *
 *   SERVICE   PROTO/VIP:PORT/SCHEDULER/DEST[,DEST...]    DEST = ADDRESS:PORT[*WEIGHT]
 *             tcp/127.0.0.1:8080/rr/127.0.0.1:9001,127.0.0.1:9002
 *             udp/[::1]:5353/rr/[::1]:5301
 *   OPTIONS   --loops N             event loops (default: one per processor)
 *             --connections N       connection-table entries per loop
 *             --buffer BYTES        relay buffer size
 *             --proxy-protocol V    v1 or v2 towards every destination
 *             --limit N             connection limit of every service
 *             --drain SECONDS       drain time on stop (SIGTERM, SIGINT)
 *
 *   proxy.properties:  loops=2
 *                      service.web=tcp/127.0.0.1:8080/rr/127.0.0.1:9001,127.0.0.1:9002
 *                      (and connections, buffer, proxy-protocol, limit, drain as above)
 * </pre>
 *
 * Prints one line per listening service, then runs until stopped; on stop it drains, then prints
 * its counters.
 */
public final class ProxyMain {

    private ProxyMain() {
    }

    /**
     * Parses the arguments, starts the proxy and waits for a stop signal.
     *
     * @param args see the class description
     * @throws Exception when the proxy cannot start
     */
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        List<String> services = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config")) {
                try (Reader r = Files.newBufferedReader(Path.of(args[++i]))) {
                    p.load(r);
                }
            } else if (a.startsWith("--")) {
                if (i + 1 >= args.length) {
                    usage("option " + a + " needs a value");
                }
                p.setProperty(a.substring(2), args[++i]);
            } else {
                services.add(a);
            }
        }
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("service.")) {
                services.add(p.getProperty(name));
            }
        }
        if (services.isEmpty()) {
            usage("no service given");
        }
        ProxySettings settings = settings(p);
        List<ServiceSpec> specs = new ArrayList<>();
        for (String s : services) {
            specs.add(parseService(s.strip()));
        }
        ClassPathSchedulers schedulers = ClassPathSchedulers.load(ProxyMain.class.getClassLoader(),
                settings.eventLoops());
        ProxyDataPlane plane = ProxyDataPlane.create(settings, schedulers);
        plane.start();
        plane.services().apply(specs);
        for (String e : plane.listenerErrors()) {
            System.err.println("jvs-proxy: " + e);
        }
        for (ServiceKey k : plane.listeningServices()) {
            System.out.println("jvs-proxy: listening on " + k.name() + " (" + settings.eventLoops() + " loops)");
        }
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            plane.close();
            for (Map.Entry<String, Long> c : plane.counters().entrySet()) {
                System.out.println("jvs-proxy: " + c.getKey() + " " + c.getValue());
            }
            System.out.flush();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static ProxySettings settings(Properties p) {
        ProxySettings s = ProxySettings.defaults();
        if (p.containsKey("loops")) {
            s = s.withEventLoops(Integer.parseInt(p.getProperty("loops").strip()));
        }
        if (p.containsKey("connections")) {
            s = s.withConnectionsPerLoop(Integer.parseInt(p.getProperty("connections").strip()));
        }
        if (p.containsKey("buffer")) {
            s = s.withBufferBytes(Integer.parseInt(p.getProperty("buffer").strip()));
        }
        if (p.containsKey("drain")) {
            s = s.withDrainTimeoutNanos((long) (Double.parseDouble(p.getProperty("drain").strip()) * 1e9));
        }
        ServiceOptions o = s.defaultServiceOptions();
        if (p.containsKey("limit")) {
            o = o.withConnectionLimit(Integer.parseInt(p.getProperty("limit").strip()));
        }
        if (p.containsKey("proxy-protocol")) {
            o = o.withProxyProtocol(ProxyProtocolVersion.valueOf(p.getProperty("proxy-protocol").strip()
                    .toUpperCase(java.util.Locale.ROOT)));
        }
        return s.withDefaultServiceOptions(o);
    }

    /**
     * Parses {@code PROTO/VIP:PORT/SCHEDULER/DEST[,DEST...]}.
     *
     * @param text the service
     * @return the spec
     * @throws IllegalArgumentException when the text is not a service
     */
    static ServiceSpec parseService(String text) {
        String[] parts = text.split("/", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not PROTO/VIP:PORT/SCHEDULER/DEST[,DEST...]: '" + text + "'");
        }
        IpAddress vip = IpAddress.parse(host(parts[1]));
        int port = port(parts[1]);
        ServiceKey key = switch (parts[0].toLowerCase(java.util.Locale.ROOT)) {
            case "tcp" -> new ServiceKey(vip.family(), io.jvs.spi.IpProtocol.TCP, vip, port, 0);
            case "udp" -> new ServiceKey(vip.family(), io.jvs.spi.IpProtocol.UDP, vip, port, 0);
            default -> throw new IllegalArgumentException("protocol must be tcp or udp: '" + parts[0] + "'");
        };
        List<DestinationSpec> dests = new ArrayList<>();
        for (String d : parts[3].split(",")) {
            String[] weighted = d.strip().split("\\*");
            int weight = weighted.length > 1 ? Integer.parseInt(weighted[1]) : 1;
            IpAddress a = IpAddress.parse(host(weighted[0]));
            // Full proxy: the destination may be of the other family; FULLNAT says so to the engine's checks.
            ForwardingMethod method = a.family() == vip.family() ? ForwardingMethod.NAT : ForwardingMethod.FULLNAT;
            dests.add(new DestinationSpec(a, port(weighted[0]), weight, 0, 0, method, null));
        }
        return new ServiceSpec(key, parts[2], Map.of(), null, dests);
    }

    private static String host(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no port in '" + hostPort + "'");
        }
        return hostPort.substring(0, colon);
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private static void usage(String problem) {
        System.err.println("jvs-proxy: " + problem);
        System.err.println("usage: ProxyMain [--loops N] [--connections N] [--buffer BYTES] [--proxy-protocol v1|v2]"
                + " [--limit N] [--drain SECONDS] [--config FILE] PROTO/VIP:PORT/SCHEDULER/DEST[,DEST...]...");
        System.exit(2);
    }
}
