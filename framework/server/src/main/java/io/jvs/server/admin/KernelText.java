package io.jvs.server.admin;

import io.jvs.engine.service.IpAddress;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;
import java.util.Locale;

/**
 * The pieces of the kernel's IPVS text formats: {@code printf} conversions ({@code %08X},
 * {@code %pI6}, {@code %-7s}) and the names {@code ip_vs_proto_name} and {@code ip_vs_fwd_name}
 * print.
 */
final class KernelText {

    /** IPVS's version code 1.2.1 ({@code IP_VS_VERSION_CODE 0x010201}), as {@code NVERSION} prints it. */
    static final String VERSION = "1.2.1";

    private KernelText() {
    }

    /**
     * {@code %0<width>X}: upper-case hexadecimal, zero-padded (a negative value is printed as its
     * unsigned 64-bit form).
     */
    static String hex(long value, int width) {
        String digits = Long.toHexString(value).toUpperCase(Locale.ROOT);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /** {@code %<width>X}: upper-case hexadecimal, space-padded on the left. */
    static String hexRight(long value, int width) {
        return right(Long.toHexString(value).toUpperCase(Locale.ROOT), width);
    }

    /** {@code %<width>s}: right-aligned. */
    static String right(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    /** {@code %-<width>s}: left-aligned. */
    static String left(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** {@code %08X} of an IPv4 address in host order ({@code ntohl(addr)}), or {@code %pI6} of an IPv6 one. */
    static String address(IpAddress address) {
        if (address.family() == AddressFamily.IPV4) {
            return hex(address.w0() & 0xFFFFFFFFL, 8);
        }
        return ipv6Full(address);
    }

    /** {@code %pI6}: eight groups of four lower-case hexadecimal digits, colon-separated, never compressed. */
    static String ipv6Full(IpAddress address) {
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 4; i++) {
            int w = address.word(i);
            if (i > 0) {
                out.append(':');
            }
            out.append(String.format(Locale.ROOT, "%04x:%04x", (w >>> 16) & 0xFFFF, w & 0xFFFF));
        }
        return out.toString();
    }

    /** {@code ip_vs_proto_name}: {@code TCP}, {@code UDP}, {@code SCTP}, {@code ICMP}, {@code ICMPv6}, {@code IP}, else {@code IP_<n>}. */
    static String protocolName(int protocol) {
        return switch (protocol) {
            case 0 -> "IP";
            case IpProtocol.TCP -> "TCP";
            case IpProtocol.UDP -> "UDP";
            case IpProtocol.SCTP -> "SCTP";
            case IpProtocol.ICMP -> "ICMP";
            case IpProtocol.ICMPV6 -> "ICMPv6";
            default -> "IP_" + protocol;
        };
    }

    /**
     * {@code ip_vs_fwd_name}: {@code Masq}, {@code Route}, {@code Tunnel}; FULLNAT, which the
     * mainline kernel lacks, as DPVS's ipvsadm prints it ({@code FullNat}).
     */
    static String forwardName(ForwardingMethod method) {
        return switch (method) {
            case NAT -> "Masq";
            case DR -> "Route";
            case TUNNEL -> "Tunnel";
            case FULLNAT -> "FullNat";
        };
    }
}
