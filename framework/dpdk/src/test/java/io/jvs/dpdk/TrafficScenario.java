package io.jvs.dpdk;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.embedded.EmbeddedEngine;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.pipeline.NeighborTable;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import io.jvs.spi.TunnelType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A conversation through six services (NAT, FULLNAT and DR, IPIP and GUE tunnels, IPv4 and IPv6,
 * TCP and UDP) plus frames the engine must drop, and the frames the in-memory engine
 * ({@link EmbeddedEngine}) sends for it: the reference every DPDK run is compared with.
 *
 * <p>The scheduler {@code sh} hashes the client's address, so the chosen destinations do not depend
 * on the order in which workers process their packets.
 */
final class TrafficScenario {

    /** The simulated time of the embedded engine, used for every DPDK run too. */
    static final long NOW = 1_000_000_000L;

    static final String[] NAT_REALS = {"198.51.100.7", "198.51.100.8", "198.51.100.9"};

    private TrafficScenario() {
    }

    static EngineSettings settings(int workers) {
        Map<IpAddress, Long> macs = new HashMap<>();
        int i = 0;
        for (String real : List.of("198.51.100.7", "198.51.100.8", "198.51.100.9", "198.51.100.20", "198.51.100.21",
                "198.51.100.30", "198.51.100.40", "198.51.100.50", "2001:db8:b::7")) {
            macs.put(IpAddress.parse(real), 0x020000000100L + i++);
        }
        return EngineSettings.defaults().withWorkers(workers).withConnectionsPerWorker(4096)
                .withNeighbors(new NeighborTable(macs));
    }

    static List<ServiceSpec> services() {
        return List.of(
                ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), "sh", DestinationSpec.nat(NAT_REALS[0], 8080),
                        DestinationSpec.nat(NAT_REALS[1], 8080), DestinationSpec.nat(NAT_REALS[2], 8080)),
                ServiceSpec.of(ServiceKey.udp("203.0.113.2", 53), "sh",
                        dest("198.51.100.20", 0, ForwardingMethod.TUNNEL, TunnelType.IPIP),
                        dest("198.51.100.21", 0, ForwardingMethod.TUNNEL, TunnelType.IPIP)),
                ServiceSpec.of(ServiceKey.tcp("203.0.113.3", 443), "sh",
                        dest("198.51.100.30", 8443, ForwardingMethod.FULLNAT, null)),
                ServiceSpec.of(ServiceKey.udp("203.0.113.4", 5000), "sh",
                        dest("198.51.100.40", 0, ForwardingMethod.DR, null)),
                ServiceSpec.of(ServiceKey.tcp("2001:db8:f::1", 80), "sh", DestinationSpec.nat("2001:db8:b::7", 8080)),
                ServiceSpec.of(ServiceKey.udp("203.0.113.5", 6000), "sh",
                        dest("198.51.100.50", 0, ForwardingMethod.TUNNEL, TunnelType.GUE)));
    }

    private static DestinationSpec dest(String address, int port, ForwardingMethod method, TunnelType tunnel) {
        return new DestinationSpec(IpAddress.parse(address), port, 1, 0, 0, method, tunnel);
    }

    /** Schedulers by name: {@code sh}, a hash of the client's address over the destinations. */
    static SchedulerProvider schedulers() {
        return new SchedulerProvider() {
            @Override
            public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
                if (!name.equals("sh")) {
                    throw new IllegalArgumentException("unknown scheduler '" + name + "'; known: sh");
                }
                return new SourceHash();
            }

            @Override
            public boolean exists(String name) {
                return name.equals("sh");
            }
        };
    }

    /** Destination = hash of the source address modulo the number of destinations. */
    static final class SourceHash implements Scheduler {
        @Override
        public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
            DestinationList list = service.destinations();
            if (list.size() == 0) {
                return NONE;
            }
            int h = 0;
            for (int w = 0; w < 4; w++) {
                h = h * 31 + packet.sourceAddressWord(w);
            }
            h ^= h >>> 16;
            return list.get(Math.floorMod(h * 0x9E3779B1, list.size()));
        }
    }

    /**
     * Builds the conversation of {@code clients} clients: each opens a NAT, a FULLNAT and an IPv6
     * connection (SYN, the server's SYN-ACK, data) and sends a datagram to the IPIP, DR and GUE
     * services; replies are addressed from what an oracle engine actually sent. Frames that must be
     * dropped are mixed in (truncated, to nobody).
     *
     * @param clients number of clients
     * @param workers the engine's workers (steering)
     * @return the frames, in order
     */
    static List<byte[]> conversation(int clients, int workers) {
        List<byte[]> frames = new ArrayList<>();
        try (EmbeddedEngine oracle = new EmbeddedEngine(settings(workers), schedulers())) {
            oracle.services().apply(services());
            for (int c = 0; c < clients; c++) {
                String client = "10.1." + (c / 200) + "." + (c % 200 + 1);
                String client6 = "2001:db8:c::" + Integer.toHexString(c + 1);
                int port = 20000 + c;
                byte[] syn = PacketBuilder.tcp4().src(client, port).dst("203.0.113.1", 80).flags(TcpFlags.SYN).seq(100)
                        .mss(1460).build();
                byte[] out = send(oracle, frames, syn);
                String real = ipv4(out, 30);
                send(oracle, frames, PacketBuilder.tcp4().src(real, 8080).dst(client, port)
                        .flags(TcpFlags.SYN | TcpFlags.ACK).seq(900).ack(101).build());
                send(oracle, frames, PacketBuilder.tcp4().src(client, port).dst("203.0.113.1", 80).flags(TcpFlags.ACK)
                        .seq(101).ack(901).payload("GET / HTTP/1.1\r\nHost: c" + c + "\r\n\r\n").build());

                send(oracle, frames, PacketBuilder.udp4().src(client, port + 1).dst("203.0.113.2", 53)
                        .payload(("query " + c).getBytes(StandardCharsets.US_ASCII)).build());

                byte[] fullSyn = PacketBuilder.tcp4().src(client, port + 2).dst("203.0.113.3", 443).flags(TcpFlags.SYN)
                        .seq(7).build();
                byte[] fullOut = send(oracle, frames, fullSyn);
                int localPort = (fullOut[34] & 0xff) << 8 | (fullOut[35] & 0xff);
                send(oracle, frames, PacketBuilder.tcp4().src("198.51.100.30", 8443).dst(ipv4(fullOut, 26), localPort)
                        .flags(TcpFlags.SYN | TcpFlags.ACK).seq(70).ack(8).build());

                send(oracle, frames, PacketBuilder.udp4().src(client, port + 3).dst("203.0.113.4", 5000)
                        .payload("dr").build());

                send(oracle, frames, PacketBuilder.tcp6().src(client6, port).dst("2001:db8:f::1", 80)
                        .flags(TcpFlags.SYN).seq(5).build());
                send(oracle, frames, PacketBuilder.tcp6().src("2001:db8:b::7", 8080).dst(client6, port)
                        .flags(TcpFlags.SYN | TcpFlags.ACK).seq(50).ack(6).build());
                send(oracle, frames, PacketBuilder.tcp6().src(client6, port).dst("2001:db8:f::1", 80)
                        .flags(TcpFlags.ACK).seq(6).ack(51).payload("hello over IPv6").build());

                send(oracle, frames, PacketBuilder.udp4().src(client, port + 4).dst("203.0.113.5", 6000)
                        .payload(new byte[100 + c]).build());

                if (c % 4 == 0) {
                    frames.add(Arrays.copyOf(syn, 30));
                    frames.add(PacketBuilder.udp4().src(client, port).dst("198.18.0.1", 9).payload("nobody").build());
                }
            }
        }
        return frames;
    }

    private static byte[] send(EmbeddedEngine oracle, List<byte[]> frames, byte[] frame) {
        frames.add(frame);
        List<byte[]> out = oracle.send(frame);
        return out.isEmpty() ? null : out.get(0);
    }

    private static String ipv4(byte[] frame, int offset) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(frame, offset, offset + 4)).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** What the in-memory engine sent for a conversation, per queue, and where each frame went in. */
    record Reference(List<List<byte[]>> outputsPerQueue, int[] queueOfFrame) {
        List<byte[]> allOutputs() {
            List<byte[]> all = new ArrayList<>();
            outputsPerQueue.forEach(all::addAll);
            return all;
        }
    }

    /**
     * Runs the frames through a fresh in-memory engine, each to the worker its steering picks.
     *
     * @param frames the frames
     * @param workers workers
     * @return the outputs per queue, in order
     */
    static Reference reference(List<byte[]> frames, int workers) {
        List<List<byte[]>> perQueue = new ArrayList<>();
        for (int q = 0; q < workers; q++) {
            perQueue.add(new ArrayList<>());
        }
        int[] queues = new int[frames.size()];
        try (EmbeddedEngine e = new EmbeddedEngine(settings(workers), schedulers())) {
            e.services().apply(services());
            for (int i = 0; i < frames.size(); i++) {
                int q = e.workerFor(frames.get(i));
                queues[i] = q;
                perQueue.get(q).addAll(e.send(q, frames.get(i)));
            }
        }
        return new Reference(perQueue, queues);
    }
}
