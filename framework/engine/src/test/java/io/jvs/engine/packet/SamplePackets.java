package io.jvs.engine.packet;

import io.jvs.spi.IpProtocol;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builder-made frames of every kind the parser handles, shared by the truncation and fuzz tests. */
final class SamplePackets {
    private SamplePackets() {
    }

    /** Whole packets (no fragments): each parses OK and has a transport header. */
    static Map<String, byte[]> whole() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("tcp4 SYN with options", PacketBuilder.tcp4().flags(TcpFlags.SYN).mss(1460).sackPermitted()
                .timestamps(12345, 0).windowScale(7).build());
        m.put("tcp4 data", PacketBuilder.tcp4().flags(TcpFlags.ACK | TcpFlags.PSH).payload("GET / HTTP/1.1\r\n\r\n").build());
        m.put("tcp4 with IPv4 options and SACK", PacketBuilder.tcp4().ipv4Options(new byte[] {(byte) 0x94, 4, 0, 0})
                .sackBlock(100, 200).sackBlock(300, 400).payload("x").build());
        m.put("tcp4 vlan", PacketBuilder.tcp4().vlan(42).payload("vlan").build());
        m.put("tcp6", PacketBuilder.tcp6().flags(TcpFlags.SYN).mss(1440).build());
        m.put("tcp6 extension headers", PacketBuilder.tcp6().extensionHeader(Ipv6ExtensionWalker.HOP_BY_HOP)
                .extensionHeader(Ipv6ExtensionWalker.ROUTING).extensionHeader(Ipv6ExtensionWalker.AUTHENTICATION)
                .extensionHeader(Ipv6ExtensionWalker.DESTINATION_OPTIONS).payload("ext").build());
        m.put("udp4", PacketBuilder.udp4().payload("dns query").build());
        m.put("udp4 qinq", PacketBuilder.udp4().vlan(10).vlan(20).payload("qinq").build());
        m.put("udp6", PacketBuilder.udp6().payload("quic").build());
        m.put("udp6 vlan dstopts", PacketBuilder.udp6().vlan(7).extensionHeader(Ipv6ExtensionWalker.DESTINATION_OPTIONS)
                .payload("d").build());
        m.put("icmp4 echo", PacketBuilder.icmp4().icmpEcho(1, 2).payload("ping").build());
        m.put("icmp6 echo", PacketBuilder.icmp6().icmpEcho(3, 4).payload("ping6").build());
        m.put("icmp4 frag needed quoting tcp", PacketBuilder.icmp4()
                .icmpError(IcmpHeader.V4_DESTINATION_UNREACHABLE, IcmpHeader.V4_CODE_FRAGMENTATION_NEEDED,
                        PacketBuilder.tcp4().payload(new byte[100]))
                .mtu(1400).build());
        m.put("icmp4 time exceeded quoting udp (28 bytes)", PacketBuilder.icmp4()
                .icmpError(IcmpHeader.V4_TIME_EXCEEDED, 0, PacketBuilder.udp4().payload("abc")).quoteLimit(28).build());
        m.put("icmp6 packet too big quoting udp with dstopts", PacketBuilder.icmp6()
                .icmpError(IcmpHeader.V6_PACKET_TOO_BIG, 0, PacketBuilder.udp6()
                        .extensionHeader(Ipv6ExtensionWalker.DESTINATION_OPTIONS).payload(new byte[64]))
                .mtu(1280).build());
        m.put("icmp6 unreachable quoting tcp, vlan", PacketBuilder.icmp6().vlan(3)
                .icmpError(IcmpHeader.V6_DESTINATION_UNREACHABLE, 4, PacketBuilder.tcp6()).build());
        return m;
    }

    /** Fragments and other protocols: each parses OK. */
    static Map<String, byte[]> other() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("udp4 first fragment", PacketBuilder.udp4().fragment(0, true).payload(new byte[24]).build());
        m.put("tcp4 later fragment", PacketBuilder.tcp4().fragment(1480, true).payload(new byte[16]).build());
        m.put("udp6 first fragment", PacketBuilder.udp6().fragment(0, true).payload(new byte[16]).build());
        m.put("tcp6 later fragment after hop-by-hop", PacketBuilder.tcp6().extensionHeader(Ipv6ExtensionWalker.HOP_BY_HOP)
                .fragment(64, false).payload("last").build());
        m.put("gre4", PacketBuilder.ip4(47).payload(new byte[] {0, 0, 8, 0, 0x45}).build());
        m.put("sctp6", PacketBuilder.ip6(IpProtocol.SCTP).payload(new byte[16]).build());
        return m;
    }
}
