package io.jvs.server.replay;

import io.jvs.engine.io.PcapWriter;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.Ipv4Header;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.server.engine.ServerPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes {@code examples/sample.pcap}, the capture {@code jvs demo} replays through
 * {@code examples/sample.yaml}. Deterministic: fixed addresses, sequence numbers and timestamps
 * (from 2025-01-01T00:00:00Z), so that the committed file always equals a fresh generation.
 *
 * <p>What the capture holds (frames as a client-side router and the real servers send them to jvs,
 * own MAC {@code 02:00:00:00:00:01}):
 * <table>
 * <caption>the scenario</caption>
 * <tr><th>time</th><th>what</th><th>what jvs should decide</th></tr>
 * <tr><td>0.0 s</td><td>203.0.113.101:40001 &rarr; 203.0.113.1:80: handshake, GET, reply, FIN both ways</td>
 *     <td>rr: 198.51.100.7:8080 (NAT); ends in TIME_WAIT</td></tr>
 * <tr><td>0.1 s</td><td>203.0.113.102:40002 &rarr; 203.0.113.1:80: handshake, GET, the server resets</td>
 *     <td>rr: 198.51.100.8:8080; CLOSE, expires 10 s later</td></tr>
 * <tr><td>0.2 s</td><td>203.0.113.103:40003 &rarr; 203.0.113.1:80: a SYN nobody answers</td>
 *     <td>rr: 198.51.100.9:8080; SYN_RECV, expires 60 s later</td></tr>
 * <tr><td>0.3, 0.4 s</td><td>two DNS queries to 203.0.113.2:53 and their answers</td>
 *     <td>fa: 198.51.100.17:53 (NAT)</td></tr>
 * <tr><td>0.5, 0.6 s</td><td>two clients open 203.0.113.3:443 (the servers answer directly)</td>
 *     <td>rr: 198.51.100.20 (DR), then 198.51.100.21 (GUE tunnel)</td></tr>
 * <tr><td>0.7 - 0.95 s</td><td>four connections to 203.0.113.4:22 from 203.0.113.101 (twice),
 *     198.51.100.200 and 203.0.113.102</td>
 *     <td>persistence per /24: .30, .30, .31, .30</td></tr>
 * <tr><td>1.0 s</td><td>[2001:db8:c::1]:40030 &rarr; [2001:db8::1]:80: handshake, GET, reply</td>
 *     <td>rr: [2001:db8:1::7]:8080 (NAT)</td></tr>
 * <tr><td>1.1 - 1.4 s</td><td>a stray ACK, a datagram to a port with no service, a frame with a bad
 *     IPv4 header checksum, a datagram with a truncated UDP header</td><td>counted and dropped</td></tr>
 * <tr><td>70 s</td><td>203.0.113.101:40001 opens again (its old connection is in TIME_WAIT)</td>
 *     <td>old one evicted RESCHEDULED; rr continues: 198.51.100.7:8080</td></tr>
 * <tr><td>75 s</td><td>a third DNS query from the first client's port</td><td>its live UDP entry: .17</td></tr>
 * </table>
 */
public final class SampleCaptureGenerator {

    /** Capture time of the first frame: 2025-01-01T00:00:00Z, nanoseconds since the epoch. */
    public static final long START_EPOCH_NANOS = 1_735_689_600L * 1_000_000_000L;

    /** The MAC jvs receives on ({@code engine.forwarding.own-mac} of the sample). */
    public static final String JVS_MAC = "02:00:00:00:00:01";
    /** The MAC of the router in front of jvs, the source of every client frame. */
    public static final String ROUTER_MAC = "02:00:00:00:00:fe";

    /**
     * One frame of the capture.
     *
     * @param timestampNanos capture time, nanoseconds since the epoch
     * @param frame the Ethernet frame
     */
    public record TimedFrame(long timestampNanos, byte[] frame) {
    }

    private final List<TimedFrame> frames = new ArrayList<>();
    private long nowNanos = START_EPOCH_NANOS;

    private SampleCaptureGenerator() {
    }

    /**
     * Returns the sample's frames, in capture order.
     *
     * @return a new list of new frames
     */
    public static List<TimedFrame> frames() {
        SampleCaptureGenerator g = new SampleCaptureGenerator();
        g.web();
        g.dns();
        g.directAndTunnel();
        g.persistent();
        g.ipv6();
        g.noise();
        g.later();
        return List.copyOf(g.frames);
    }

    /**
     * Writes the sample capture.
     *
     * @param file the file, created or truncated
     * @throws IOException when it cannot be written
     */
    public static void write(Path file) throws IOException {
        try (PcapWriter writer = new PcapWriter(file)) {
            for (TimedFrame f : frames()) {
                writer.write(f.timestampNanos(), f.frame());
            }
        }
    }

    /**
     * Writes the sample capture.
     *
     * @param args the output file; default {@code examples/sample.pcap} under the jvs home (or the
     *     working directory)
     * @throws IOException when the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path home = ServerPaths.home();
        Path file = args.length > 0 ? Path.of(args[0])
                : (home == null ? Path.of("") : home).resolve("examples/sample.pcap");
        write(file);
        System.out.println("wrote " + frames().size() + " frames to " + file);
    }

    private void at(double seconds) {
        long t = START_EPOCH_NANOS + Math.round(seconds * 1e9);
        if (t < nowNanos) {
            throw new IllegalStateException("frames must be added in time order");
        }
        nowNanos = t;
    }

    private void add(PacketBuilder builder) {
        add(builder.build());
    }

    private void add(byte[] frame) {
        frames.add(new TimedFrame(nowNanos, frame));
        nowNanos += 1_000_000L;
    }

    private static PacketBuilder fromClient(PacketBuilder b) {
        return b.srcMac(ROUTER_MAC).dstMac(JVS_MAC);
    }

    private static PacketBuilder fromServer(PacketBuilder b, String serverMac) {
        return b.srcMac(serverMac).dstMac(JVS_MAC);
    }

    /** NAT web service: a whole exchange, a reset, and an unanswered SYN. */
    private void web() {
        String vip = "203.0.113.1";
        at(0.0);
        tcpExchange("203.0.113.101", 40001, vip, 80, "198.51.100.7", 8080, "02:00:00:00:01:07", true);
        at(0.1);
        String client = "203.0.113.102";
        String server = "198.51.100.8";
        String mac = "02:00:00:00:01:08";
        add(fromClient(PacketBuilder.tcp4()).src(client, 40002).dst(vip, 80).flags(TcpFlags.SYN).seq(2000)
                .mss(1460));
        add(fromServer(PacketBuilder.tcp4(), mac).src(server, 8080).dst(client, 40002)
                .flags(TcpFlags.SYN | TcpFlags.ACK).seq(6000).ack(2001).mss(1460));
        add(fromClient(PacketBuilder.tcp4()).src(client, 40002).dst(vip, 80).flags(TcpFlags.ACK).seq(2001).ack(6001));
        byte[] get = httpGet("www.example");
        add(fromClient(PacketBuilder.tcp4()).src(client, 40002).dst(vip, 80).flags(TcpFlags.PSH | TcpFlags.ACK)
                .seq(2001).ack(6001).payload(get));
        add(fromServer(PacketBuilder.tcp4(), mac).src(server, 8080).dst(client, 40002)
                .flags(TcpFlags.RST | TcpFlags.ACK).seq(6001).ack(2001 + get.length));
        at(0.2);
        add(fromClient(PacketBuilder.tcp4()).src("203.0.113.103", 40003).dst(vip, 80).flags(TcpFlags.SYN).seq(3000)
                .mss(1460));
    }

    /** A TCP handshake, a request and its answer, and (optionally) the close, through a NAT service. */
    private void tcpExchange(String client, int clientPort, String vip, int vipPort, String server, int serverPort,
            String serverMac, boolean close) {
        boolean v6 = client.indexOf(':') >= 0;
        int c = 1000;
        int s = 5000;
        add(fromClient(tcp(v6)).src(client, clientPort).dst(vip, vipPort).flags(TcpFlags.SYN).seq(c).mss(1460));
        add(fromServer(tcp(v6), serverMac).src(server, serverPort).dst(client, clientPort)
                .flags(TcpFlags.SYN | TcpFlags.ACK).seq(s).ack(c + 1).mss(1460));
        c++;
        s++;
        add(fromClient(tcp(v6)).src(client, clientPort).dst(vip, vipPort).flags(TcpFlags.ACK).seq(c).ack(s));
        byte[] request = httpGet("www.example");
        add(fromClient(tcp(v6)).src(client, clientPort).dst(vip, vipPort).flags(TcpFlags.PSH | TcpFlags.ACK)
                .seq(c).ack(s).payload(request));
        c += request.length;
        byte[] response = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n"
                .getBytes(StandardCharsets.US_ASCII);
        add(fromServer(tcp(v6), serverMac).src(server, serverPort).dst(client, clientPort)
                .flags(TcpFlags.PSH | TcpFlags.ACK).seq(s).ack(c).payload(response));
        s += response.length;
        if (!close) {
            add(fromClient(tcp(v6)).src(client, clientPort).dst(vip, vipPort).flags(TcpFlags.ACK).seq(c).ack(s));
            return;
        }
        add(fromClient(tcp(v6)).src(client, clientPort).dst(vip, vipPort).flags(TcpFlags.FIN | TcpFlags.ACK)
                .seq(c).ack(s));
        add(fromServer(tcp(v6), serverMac).src(server, serverPort).dst(client, clientPort)
                .flags(TcpFlags.FIN | TcpFlags.ACK).seq(s).ack(c + 1));
        add(fromClient(tcp(v6)).src(client, clientPort).dst(vip, vipPort).flags(TcpFlags.ACK).seq(c + 1).ack(s + 1));
    }

    private static PacketBuilder tcp(boolean v6) {
        return v6 ? PacketBuilder.tcp6() : PacketBuilder.tcp4();
    }

    /** UDP service with the example plugin's fa scheduler: queries and answers. */
    private void dns() {
        at(0.3);
        dnsExchange("203.0.113.101", 5353, 0x1001);
        at(0.4);
        dnsExchange("203.0.113.104", 5354, 0x1002);
    }

    private void dnsExchange(String client, int port, int id) {
        add(fromClient(PacketBuilder.udp4()).src(client, port).dst("203.0.113.2", 53).payload(dnsQuery(id)));
        add(fromServer(PacketBuilder.udp4(), "02:00:00:00:01:17").src("198.51.100.17", 53).dst(client, port)
                .payload(dnsAnswer(id)));
    }

    /** A service with one DR and one GUE-tunnel destination; the servers answer clients directly. */
    private void directAndTunnel() {
        at(0.5);
        add(fromClient(PacketBuilder.tcp4()).src("203.0.113.105", 40010).dst("203.0.113.3", 443)
                .flags(TcpFlags.SYN).seq(4000).mss(1460));
        add(fromClient(PacketBuilder.tcp4()).src("203.0.113.105", 40010).dst("203.0.113.3", 443)
                .flags(TcpFlags.ACK).seq(4001).ack(9001));
        at(0.6);
        add(fromClient(PacketBuilder.tcp4()).src("203.0.113.106", 40011).dst("203.0.113.3", 443)
                .flags(TcpFlags.SYN).seq(4100).mss(1400));
        add(fromClient(PacketBuilder.tcp4()).src("203.0.113.106", 40011).dst("203.0.113.3", 443)
                .flags(TcpFlags.ACK).seq(4101).ack(9101));
    }

    /** A persistent service: clients of one /24 stick to one server. */
    private void persistent() {
        at(0.7);
        handshake("203.0.113.101", 40020, "203.0.113.4", 22, "198.51.100.30", 22, "02:00:00:00:01:30");
        at(0.8);
        handshake("203.0.113.101", 40021, "203.0.113.4", 22, "198.51.100.30", 22, "02:00:00:00:01:30");
        at(0.9);
        handshake("198.51.100.200", 40022, "203.0.113.4", 22, "198.51.100.31", 22, "02:00:00:00:01:31");
        at(0.95);
        handshake("203.0.113.102", 40023, "203.0.113.4", 22, "198.51.100.30", 22, "02:00:00:00:01:30");
    }

    private void handshake(String client, int clientPort, String vip, int vipPort, String server, int serverPort,
            String serverMac) {
        add(fromClient(PacketBuilder.tcp4()).src(client, clientPort).dst(vip, vipPort).flags(TcpFlags.SYN).seq(700)
                .mss(1460));
        add(fromServer(PacketBuilder.tcp4(), serverMac).src(server, serverPort).dst(client, clientPort)
                .flags(TcpFlags.SYN | TcpFlags.ACK).seq(800).ack(701).mss(1460));
        add(fromClient(PacketBuilder.tcp4()).src(client, clientPort).dst(vip, vipPort).flags(TcpFlags.ACK).seq(701)
                .ack(801));
    }

    /** An IPv6 NAT service. */
    private void ipv6() {
        at(1.0);
        tcpExchange("2001:db8:c::1", 40030, "2001:db8::1", 80, "2001:db8:1::7", 8080, "02:00:00:00:01:77", false);
    }

    /** What a balancer must count and drop. */
    private void noise() {
        at(1.1);
        add(fromClient(PacketBuilder.tcp4()).src("203.0.113.108", 40099).dst("203.0.113.1", 80).flags(TcpFlags.ACK)
                .seq(77).ack(88));
        at(1.2);
        add(fromClient(PacketBuilder.udp4()).src("203.0.113.101", 5000).dst("203.0.113.1", 8443)
                .payload("no service here"));
        at(1.3);
        byte[] badChecksum = fromClient(PacketBuilder.udp4()).src("203.0.113.109", 5355).dst("203.0.113.2", 53)
                .payload(dnsQuery(0x1003)).build();
        int checksumAt = 14 + Ipv4Header.CHECKSUM_OFFSET;
        badChecksum[checksumAt] ^= (byte) 0x5a;
        add(badChecksum);
        at(1.4);
        add(truncatedUdp());
    }

    /** An IPv4 datagram whose IP header is sound but whose UDP header is cut after 4 of its 8 bytes. */
    private static byte[] truncatedUdp() {
        byte[] whole = fromClient(PacketBuilder.udp4()).src("203.0.113.110", 5356).dst("203.0.113.2", 53)
                .payload(dnsQuery(0x1004)).build();
        int ipLength = Ipv4Header.MIN_LENGTH + 4;
        byte[] cut = Arrays.copyOf(whole, 14 + ipLength);
        cut[14 + 2] = (byte) (ipLength >>> 8);
        cut[14 + 3] = (byte) ipLength;
        cut[14 + Ipv4Header.CHECKSUM_OFFSET] = 0;
        cut[14 + Ipv4Header.CHECKSUM_OFFSET + 1] = 0;
        int checksum = InternetChecksum.ipv4HeaderChecksum(MemorySegment.ofArray(cut), 14);
        cut[14 + Ipv4Header.CHECKSUM_OFFSET] = (byte) (checksum >>> 8);
        cut[14 + Ipv4Header.CHECKSUM_OFFSET + 1] = (byte) checksum;
        return cut;
    }

    /** A port reused after TIME_WAIT, and a datagram on a live UDP entry. */
    private void later() {
        at(70.0);
        String client = "203.0.113.101";
        add(fromClient(PacketBuilder.tcp4()).src(client, 40001).dst("203.0.113.1", 80).flags(TcpFlags.SYN)
                .seq(70000).mss(1460));
        add(fromServer(PacketBuilder.tcp4(), "02:00:00:00:01:07").src("198.51.100.7", 8080).dst(client, 40001)
                .flags(TcpFlags.SYN | TcpFlags.ACK).seq(75000).ack(70001).mss(1460));
        add(fromClient(PacketBuilder.tcp4()).src(client, 40001).dst("203.0.113.1", 80).flags(TcpFlags.ACK)
                .seq(70001).ack(75001));
        at(75.0);
        dnsExchange(client, 5353, 0x1005);
    }

    private static byte[] httpGet(String host) {
        return ("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A DNS query for www.example. IN A (RFC 1035 4.1). */
    private static byte[] dnsQuery(int id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dnsHeader(out, id, 0x0100, 1, 0);
        dnsQuestion(out);
        return out.toByteArray();
    }

    /** The answer: www.example. A 198.51.100.80, TTL 300 s. */
    private static byte[] dnsAnswer(int id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dnsHeader(out, id, 0x8180, 1, 1);
        dnsQuestion(out);
        out.writeBytes(new byte[] {(byte) 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x01, 0x2c, 0, 4, (byte) 198, 51, 100, 80});
        return out.toByteArray();
    }

    private static void dnsHeader(ByteArrayOutputStream out, int id, int flags, int questions, int answers) {
        out.writeBytes(new byte[] {(byte) (id >>> 8), (byte) id, (byte) (flags >>> 8), (byte) flags, 0,
            (byte) questions, 0, (byte) answers, 0, 0, 0, 0});
    }

    private static void dnsQuestion(ByteArrayOutputStream out) {
        for (String label : new String[] {"www", "example"}) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(new byte[] {0, 0, 1, 0, 1});
    }
}
