package io.jvs.engine.forward;

import io.jvs.engine.packet.Ipv4Address;
import io.jvs.engine.packet.Ipv6Address;
import io.jvs.engine.packet.MacAddress;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The hosts of the fixtures, per family: client C, virtual service V, real server R, local address L
 * (FULLNAT), tunnel source T and a router X; their ports; the MAC addresses on the wire; and a
 * factory of the test flows (TCP, UDP, ICMP echo) between them.
 */
final class Hosts {
    static final int CLIENT_PORT = 40000;
    static final int VIRTUAL_PORT = 80;
    static final int REAL_PORT = 8080;
    static final int LOCAL_PORT = 61000;

    /** The MAC of the neighbour that sent the client's packet (PacketBuilder's default source). */
    static final String NEIGHBOUR_MAC = "02:00:00:00:00:01";
    /** The MAC of jvs (PacketBuilder's default destination). */
    static final String JVS_MAC = "02:00:00:00:00:02";
    static final String REAL_MAC = "02:00:00:00:00:0a";
    static final long NEIGHBOUR = MacAddress.parse(NEIGHBOUR_MAC);
    static final long JVS = MacAddress.parse(JVS_MAC);
    static final long REAL = MacAddress.parse(REAL_MAC);

    static final byte[] PAYLOAD = "GET / HTTP/1.1\r\nHost: jvs\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private Hosts() {
    }

    static String client(int family) {
        return family == AddressFamily.IPV4 ? "198.51.100.10" : "2001:db8:c::10";
    }

    static String virtual(int family) {
        return family == AddressFamily.IPV4 ? "203.0.113.1" : "2001:db8:f::1";
    }

    static String real(int family) {
        return family == AddressFamily.IPV4 ? "10.0.0.2" : "2001:db8:a::2";
    }

    static String local(int family) {
        return family == AddressFamily.IPV4 ? "10.0.0.100" : "2001:db8:a::100";
    }

    static String tunnelSource(int family) {
        return family == AddressFamily.IPV4 ? "10.0.0.1" : "2001:db8:a::1";
    }

    static String router(int family) {
        return family == AddressFamily.IPV4 ? "192.0.2.254" : "2001:db8:ff::fe";
    }

    /** Returns the four words of an address (an IPv4 address in word 0). */
    static int[] words(String address) {
        return address.indexOf(':') >= 0 ? Ipv6Address.parse(address) : new int[] {Ipv4Address.parse(address), 0, 0, 0};
    }

    static String familyName(int family) {
        return family == AddressFamily.IPV4 ? "IPv4" : "IPv6";
    }

    static String protocolName(int protocol) {
        return protocol == IpProtocol.ICMP ? "ICMP echo" : IpProtocol.name(protocol).toUpperCase(Locale.ROOT);
    }

    /**
     * Builds a flow's packet: TCP or UDP with {@link #PAYLOAD}, or an ICMP (ICMPv6) echo request with
     * it (ports then ignored).
     *
     * @param family 4 or 6
     * @param protocol TCP, UDP or ICMP (ICMPv6 over IPv6)
     */
    static PacketBuilder packet(int family, int protocol, String source, int sourcePort,
            String destination, int destinationPort) {
        boolean v4 = family == AddressFamily.IPV4;
        PacketBuilder builder = switch (protocol) {
            case IpProtocol.TCP -> v4 ? PacketBuilder.tcp4() : PacketBuilder.tcp6();
            case IpProtocol.UDP -> v4 ? PacketBuilder.udp4() : PacketBuilder.udp6();
            case IpProtocol.ICMP -> (v4 ? PacketBuilder.icmp4() : PacketBuilder.icmp6()).icmpEcho(0x4A56, 7);
            default -> throw new IllegalArgumentException("protocol " + protocol);
        };
        return builder.src(source, sourcePort).dst(destination, destinationPort).payload(PAYLOAD);
    }
}
