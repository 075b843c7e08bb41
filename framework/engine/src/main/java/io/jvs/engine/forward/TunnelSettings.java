package io.jvs.engine.forward;

import io.jvs.engine.packet.GreHeader;
import io.jvs.engine.packet.GueHeader;
import io.jvs.engine.packet.UdpHeader;
import io.jvs.spi.TunnelType;

/**
 * How packets are encapsulated toward one tunnel destination (IPVS keeps the same per destination:
 * {@code tun_type}, {@code tun_port}, {@code tun_flags}): the tunnel type, the GUE UDP port and
 * checksum policy, the optional GRE key. Immutable; built by the control plane, read by {@link
 * TunnelEncapsulator} on every packet.
 */
public final class TunnelSettings {
    /**
     * Default GUE destination port (6080), the port the Linux {@code ip fou add port 6080 gue}
     * examples listen on. Any port works if the real servers listen on it.
     */
    public static final int DEFAULT_GUE_PORT = 6080;

    /** Whether the UDP header of a GUE packet carries a checksum. */
    public enum UdpChecksum {
        /**
         * None (0) over IPv4, computed over IPv6 (RFC 8200 section 8.1 requires one, RFC 6935 lets
         * tunnels omit it only by agreement).
         */
        DEFAULT,
        /** Computed over both families: costs a pass over the whole packet. */
        ALWAYS,
        /** None over both families (IPv6 as RFC 6935 allows for tunnels: the receiver must accept it). */
        NEVER
    }

    private static final TunnelSettings IPIP = new TunnelSettings(TunnelType.IPIP, 0, UdpChecksum.DEFAULT, false, 0);
    private static final TunnelSettings GRE = new TunnelSettings(TunnelType.GRE, 0, UdpChecksum.DEFAULT, false, 0);
    private static final TunnelSettings GUE =
            new TunnelSettings(TunnelType.GUE, DEFAULT_GUE_PORT, UdpChecksum.DEFAULT, false, 0);

    private final TunnelType type;
    private final int guePort;
    private final UdpChecksum udpChecksum;
    private final boolean greKeyPresent;
    private final int greKey;
    private final int headerLength;

    private TunnelSettings(TunnelType type, int guePort, UdpChecksum udpChecksum, boolean greKeyPresent, int greKey) {
        this.type = type;
        this.guePort = guePort;
        this.udpChecksum = udpChecksum;
        this.greKeyPresent = greKeyPresent;
        this.greKey = greKey;
        this.headerLength = switch (type) {
            case IPIP -> 0;
            case GRE -> GreHeader.MIN_LENGTH + (greKeyPresent ? 4 : 0);
            case GUE -> UdpHeader.LENGTH + GueHeader.MIN_LENGTH;
            case GLB_GUE -> throw new IllegalArgumentException("glb-gue tunnels use GlbGueEncapsulator");
        };
    }

    /** {@return IP in IP: no header between the outer and the inner IP header} */
    public static TunnelSettings ipip() {
        return IPIP;
    }

    /** {@return GRE with the 4-byte basic header of RFC 2784: no checksum, key or sequence number} */
    public static TunnelSettings gre() {
        return GRE;
    }

    /**
     * Returns GRE with a key (RFC 2890 section 2.1), for real servers that tell tunnels apart by it.
     *
     * @param key the 32-bit key
     * @return the settings
     */
    public static TunnelSettings greWithKey(int key) {
        return new TunnelSettings(TunnelType.GRE, 0, UdpChecksum.DEFAULT, true, key);
    }

    /** {@return GUE variant 0 to UDP port {@link #DEFAULT_GUE_PORT} with the {@link UdpChecksum#DEFAULT} policy} */
    public static TunnelSettings gue() {
        return GUE;
    }

    /**
     * Returns GUE variant 0 to a given UDP port.
     *
     * @param port the UDP destination port, 1..65535
     * @param udpChecksum the checksum policy
     * @return the settings
     * @throws IllegalArgumentException for a port outside 1..65535
     */
    public static TunnelSettings gue(int port, UdpChecksum udpChecksum) {
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("GUE port must be in 1..65535: " + port);
        }
        return new TunnelSettings(TunnelType.GUE, port, udpChecksum, false, 0);
    }

    /** {@return the tunnel type} */
    public TunnelType type() {
        return type;
    }

    /** {@return the GUE UDP destination port, 0 for other types} */
    public int guePort() {
        return guePort;
    }

    /** {@return the GUE UDP checksum policy} */
    public UdpChecksum udpChecksum() {
        return udpChecksum;
    }

    /** {@return true when GRE packets carry a key} */
    public boolean greKeyPresent() {
        return greKeyPresent;
    }

    /** {@return the GRE key, meaningful when {@link #greKeyPresent()}} */
    public int greKey() {
        return greKey;
    }

    /** {@return the bytes between the outer IP header and the inner packet: 0 (IPIP), 4 or 8 (GRE), 12 (UDP + GUE)} */
    public int headerLength() {
        return headerLength;
    }

    @Override
    public String toString() {
        return switch (type) {
            case IPIP -> "ipip";
            case GRE -> greKeyPresent ? "gre key " + Integer.toUnsignedString(greKey) : "gre";
            case GUE -> "gue port " + guePort + " udp checksum " + udpChecksum;
            case GLB_GUE -> "glb-gue";
        };
    }
}
