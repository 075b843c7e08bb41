package io.jvs.proxy;

import io.jvs.engine.service.IpAddress;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.nio.ByteBuffer;

/**
 * Writes PROXY protocol headers (haproxy {@code doc/proxy-protocol.txt}), the first bytes a destination
 * receives on a proxied connection (v1, v2) or before each proxied datagram (v2 only).
 *
 * <p>Version 1 (section 2.1), one line of at most {@value #V1_MAX_BYTES} bytes:
 * <pre>
 *   "PROXY" SP ("TCP4" | "TCP6") SP src-address SP dst-address SP src-port SP dst-port CRLF
 * </pre>
 * Version 2 (section 2.2), binary, network byte order:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  signature: 0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A (12 bytes)    |
 *  +---------------+---------------+-------------------------------+
 *  | ver 2 | PROXY | family|  proto|  length of the addresses      |
 *  |  0x21         | 0x11 TCP4 0x12 UDP4 0x21 TCP6 0x22 UDP6       |
 *  +---------------+---------------+-------------------------------+
 *  | IPv4: src addr (4), dst addr (4), src port (2), dst port (2)  |  length 12
 *  | IPv6: src addr (16), dst addr (16), src port (2), dst port (2)|  length 36
 *  +---------------------------------------------------------------+
 * </pre>
 * "src" is the client, "dst" the virtual address and port it connected to. No TLV is written.
 *
 * <p>Stateless; IPv4 headers are written without allocation.
 */
public final class ProxyProtocolHeader {

    /** Longest version-1 line, CRLF included (section 2.1). */
    public static final int V1_MAX_BYTES = 107;
    /** Longest version-2 header this class writes (IPv6 addresses). */
    public static final int V2_MAX_BYTES = 16 + 36;
    /** The 12-byte version-2 signature. */
    private static final byte[] V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
    };
    private static final int V2_VERSION_PROXY = 0x21;

    private ProxyProtocolHeader() {
    }

    /**
     * Writes a header at the buffer's position and advances it.
     *
     * @param version {@link ProxyProtocolVersion#V1} or {@link ProxyProtocolVersion#V2}; NONE writes nothing
     * @param out the buffer, with at least {@link #V1_MAX_BYTES} bytes remaining
     * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param protocol {@link IpProtocol#TCP} or {@link IpProtocol#UDP}
     * @param source the client's address words (one for IPv4, four for IPv6)
     * @param sourcePort the client's port
     * @param destination the virtual address words
     * @param destinationPort the virtual port
     * @return the number of bytes written
     * @throws IllegalArgumentException for version 1 with UDP, which version 1 cannot express
     */
    public static int write(ProxyProtocolVersion version, ByteBuffer out, int family, int protocol, int[] source,
            int sourcePort, int[] destination, int destinationPort) {
        return switch (version) {
            case NONE -> 0;
            case V1 -> writeV1(out, family, protocol, source, sourcePort, destination, destinationPort);
            case V2 -> writeV2(out, family, protocol, source, sourcePort, destination, destinationPort);
        };
    }

    private static int writeV1(ByteBuffer out, int family, int protocol, int[] source, int sourcePort,
            int[] destination, int destinationPort) {
        if (protocol != IpProtocol.TCP) {
            throw new IllegalArgumentException("PROXY protocol v1 carries TCP only");
        }
        int start = out.position();
        boolean v6 = family == AddressFamily.IPV6;
        ascii(out, v6 ? "PROXY TCP6 " : "PROXY TCP4 ");
        address(out, family, source);
        out.put((byte) ' ');
        address(out, family, destination);
        out.put((byte) ' ');
        decimal(out, sourcePort);
        out.put((byte) ' ');
        decimal(out, destinationPort);
        out.put((byte) '\r').put((byte) '\n');
        return out.position() - start;
    }

    private static int writeV2(ByteBuffer out, int family, int protocol, int[] source, int sourcePort,
            int[] destination, int destinationPort) {
        int start = out.position();
        boolean v6 = family == AddressFamily.IPV6;
        out.put(V2_SIGNATURE);
        out.put((byte) V2_VERSION_PROXY);
        int familyNibble = v6 ? 0x20 : 0x10;
        int transport = protocol == IpProtocol.UDP ? 0x02 : 0x01;
        out.put((byte) (familyNibble | transport));
        out.putShort((short) (v6 ? 36 : 12));
        int words = v6 ? 4 : 1;
        for (int i = 0; i < words; i++) {
            out.putInt(source[i]);
        }
        for (int i = 0; i < words; i++) {
            out.putInt(destination[i]);
        }
        out.putShort((short) sourcePort);
        out.putShort((short) destinationPort);
        return out.position() - start;
    }

    private static void address(ByteBuffer out, int family, int[] words) {
        if (family == AddressFamily.IPV4) {
            int a = words[0];
            decimal(out, a >>> 24);
            out.put((byte) '.');
            decimal(out, (a >>> 16) & 0xff);
            out.put((byte) '.');
            decimal(out, (a >>> 8) & 0xff);
            out.put((byte) '.');
            decimal(out, a & 0xff);
        } else {
            ascii(out, new IpAddress(AddressFamily.IPV6, words[0], words[1], words[2], words[3]).toString());
        }
    }

    private static void decimal(ByteBuffer out, int value) {
        if (value >= 10) {
            decimal(out, value / 10);
        }
        out.put((byte) ('0' + value % 10));
    }

    private static void ascii(ByteBuffer out, String text) {
        for (int i = 0; i < text.length(); i++) {
            out.put((byte) text.charAt(i));
        }
    }
}
