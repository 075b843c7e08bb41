package io.jvs.engine.forward;

import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.lang.foreign.MemorySegment;

/**
 * Translates ICMP and ICMPv6 errors about a NAT or FULLNAT connection so that the host receiving
 * the error recognises the packet it quotes as one it sent, as IPVS's {@code ip_vs_out_icmp},
 * {@code ip_vs_in_icmp} and {@code ip_vs_nat_icmp} do. The pipeline finds the connection from the
 * quoted tuple ({@link ParsedPacket#embeddedFlowHash()} and the {@code embedded*} accessors).
 *
 * <p>The quoted packet travelled the opposite way to the error: the outer source names the quote's
 * destination and the outer destination names the quote's source, so each translation rewrites
 * such a pair together (C client, V virtual service, R real server, L local address of jvs):
 *
 * <table>
 * <caption>Translations</caption>
 * <tr><th>method</th><th>error as received</th><th>error as sent on</th></tr>
 * <tr><td>{@link #natFromRealServer}</td><td>R &rarr; C, quoting C &rarr; R:rport</td>
 *     <td>V &rarr; C, quoting C &rarr; V:vport</td></tr>
 * <tr><td>{@link #natFromClient}</td><td>C &rarr; V, quoting V:vport &rarr; C</td>
 *     <td>C &rarr; R, quoting R:rport &rarr; C</td></tr>
 * <tr><td>{@link #fullNatFromRealServer}</td><td>R &rarr; L, quoting L:lport &rarr; R:rport</td>
 *     <td>V &rarr; C, quoting C:cport &rarr; V:vport</td></tr>
 * <tr><td>{@link #fullNatFromClient}</td><td>C &rarr; V, quoting V:vport &rarr; C:cport</td>
 *     <td>L &rarr; R, quoting R:rport &rarr; L:lport</td></tr>
 * </table>
 *
 * <p>As in IPVS, the outer source becomes V even when the error came from a router between jvs and
 * the real server, and in NAT the outer source of an error from the client side is kept (a
 * router's address stays visible to the real server); FULLNAT must replace it with L, the only
 * address the real server can answer.
 *
 * <p>Checksums: the outer IPv4 header and the quoted IPv4 header are adjusted incrementally, and so
 * is the quoted transport checksum (TCP, UDP, ICMPv6) when the quote holds it (an ICMPv4 error
 * usually quotes only 8 transport bytes: UDP's checksum is in them, TCP's is not). The ICMP
 * checksum is verified first ({@link ForwardResult#BAD_CHECKSUM}, as IPVS drops such errors) and
 * computed again in full afterwards. The TTL (hop limit) is decremented as for any forwarded
 * packet. Quoted protocols: TCP, UDP and SCTP (ports required in the quote; SCTP's CRC32c is not
 * adjusted, as IPVS does not either), ICMP and ICMPv6 (addresses only). Static, allocation-free;
 * any code other than {@link ForwardResult#OK} leaves the packet unmodified.
 */
public final class IcmpErrorTranslator {
    private IcmpErrorTranslator() {
    }

    /**
     * Translates an error sent from the real server side toward a NAT client: outer source and
     * quoted destination become the virtual service (ip_vs_out_icmp).
     *
     * @param packet a parsed ICMP error
     * @param v0 virtual address word 0
     * @param v1 word 1 (IPv6)
     * @param v2 word 2 (IPv6)
     * @param v3 word 3 (IPv6)
     * @param virtualPort the virtual port, 0..65535
     * @return {@link ForwardResult#OK} or the reason it was left untouched
     */
    public static int natFromRealServer(ParsedPacket packet, int v0, int v1, int v2, int v3, int virtualPort) {
        return translate(packet, true, v0, v1, v2, v3, virtualPort, false, 0, 0, 0, 0, 0);
    }

    /**
     * Translates an error sent from the client side about a NAT reply: outer destination and quoted
     * source become the real server (ip_vs_in_icmp).
     *
     * @param packet a parsed ICMP error
     * @param r0 real server address word 0
     * @param r1 word 1 (IPv6)
     * @param r2 word 2 (IPv6)
     * @param r3 word 3 (IPv6)
     * @param realPort the real server port, 0..65535
     * @return {@link ForwardResult#OK} or the reason it was left untouched
     */
    public static int natFromClient(ParsedPacket packet, int r0, int r1, int r2, int r3, int realPort) {
        return translate(packet, false, 0, 0, 0, 0, 0, true, r0, r1, r2, r3, realPort);
    }

    /**
     * Translates an error sent from the real server side (to the local address) toward a FULLNAT
     * client: outer source and quoted destination become the virtual service, outer destination and
     * quoted source become the client.
     *
     * @param packet a parsed ICMP error
     * @param v0 virtual address word 0
     * @param v1 word 1 (IPv6)
     * @param v2 word 2 (IPv6)
     * @param v3 word 3 (IPv6)
     * @param virtualPort the virtual port, 0..65535
     * @param c0 client address word 0
     * @param c1 word 1 (IPv6)
     * @param c2 word 2 (IPv6)
     * @param c3 word 3 (IPv6)
     * @param clientPort the client port, 0..65535
     * @return {@link ForwardResult#OK} or the reason it was left untouched
     */
    public static int fullNatFromRealServer(ParsedPacket packet, int v0, int v1, int v2, int v3, int virtualPort,
            int c0, int c1, int c2, int c3, int clientPort) {
        return translate(packet, true, v0, v1, v2, v3, virtualPort, true, c0, c1, c2, c3, clientPort);
    }

    /**
     * Translates an error sent from the client side about a FULLNAT reply: outer destination and
     * quoted source become the real server, outer source and quoted destination become the local
     * address and port of the connection.
     *
     * @param packet a parsed ICMP error
     * @param r0 real server address word 0
     * @param r1 word 1 (IPv6)
     * @param r2 word 2 (IPv6)
     * @param r3 word 3 (IPv6)
     * @param realPort the real server port, 0..65535
     * @param l0 local address word 0
     * @param l1 word 1 (IPv6)
     * @param l2 word 2 (IPv6)
     * @param l3 word 3 (IPv6)
     * @param localPort the local port, 0..65535
     * @return {@link ForwardResult#OK} or the reason it was left untouched
     */
    public static int fullNatFromClient(ParsedPacket packet, int r0, int r1, int r2, int r3, int realPort,
            int l0, int l1, int l2, int l3, int localPort) {
        return translate(packet, true, l0, l1, l2, l3, localPort, true, r0, r1, r2, r3, realPort);
    }

    /**
     * Rewrites up to two endpoint pairs: (outer source, quoted destination) to X:xPort, and (outer
     * destination, quoted source) to Y:yPort.
     */
    private static int translate(ParsedPacket packet,
            boolean rewriteX, int x0, int x1, int x2, int x3, int xPort,
            boolean rewriteY, int y0, int y1, int y2, int y3, int yPort) {
        int check = check(packet);
        if (check != ForwardResult.OK) {
            return check;
        }
        MemorySegment segment = packet.segment();
        int family = packet.family();
        long l3 = packet.l3Offset();
        long end = packet.ipEndOffset();
        long embeddedL3 = packet.embeddedL3Offset();
        long embeddedL4 = packet.embeddedL4Offset();
        int embeddedProtocol = packet.embeddedProtocol();
        AddressRewriter.decrementTtlUnchecked(segment, family, l3);
        if (rewriteX) {
            AddressRewriter.rewriteEndpoint(segment, family, l3, -1, end, packet.protocol(),
                    true, x0, x1, x2, x3, 0);
            AddressRewriter.rewriteEndpoint(segment, family, embeddedL3, embeddedL4, end, embeddedProtocol,
                    false, x0, x1, x2, x3, xPort);
        }
        if (rewriteY) {
            AddressRewriter.rewriteEndpoint(segment, family, l3, -1, end, packet.protocol(),
                    false, y0, y1, y2, y3, 0);
            AddressRewriter.rewriteEndpoint(segment, family, embeddedL3, embeddedL4, end, embeddedProtocol,
                    true, y0, y1, y2, y3, yPort);
        }
        InternetChecksum.updateTransportChecksum(segment, l3, family, packet.protocol(), packet.l4Offset(),
                (int) (end - packet.l4Offset()));
        return ForwardResult.OK;
    }

    private static int check(ParsedPacket packet) {
        int family = packet.family();
        if (family != AddressFamily.IPV4 && family != AddressFamily.IPV6) {
            return ForwardResult.UNSUPPORTED;
        }
        if (!packet.isIcmpError() || !packet.hasEmbeddedPacket()) {
            return ForwardResult.NO_EMBEDDED_PACKET;
        }
        if (packet.isFragment()) {
            return ForwardResult.UNSUPPORTED;
        }
        switch (packet.embeddedProtocol()) {
            case IpProtocol.TCP, IpProtocol.UDP, IpProtocol.SCTP -> {
                if (!packet.hasEmbeddedPorts()) {
                    return ForwardResult.NO_EMBEDDED_PACKET;
                }
            }
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> {
            }
            default -> {
                return ForwardResult.UNSUPPORTED;
            }
        }
        MemorySegment segment = packet.segment();
        if (AddressRewriter.ttl(segment, family, packet.l3Offset()) <= 1) {
            return ForwardResult.TTL_EXCEEDED;
        }
        long l4 = packet.l4Offset();
        if (!InternetChecksum.isTransportChecksumValid(segment, packet.l3Offset(), family, packet.protocol(),
                l4, (int) (packet.ipEndOffset() - l4))) {
            return ForwardResult.BAD_CHECKSUM;
        }
        return ForwardResult.OK;
    }
}
