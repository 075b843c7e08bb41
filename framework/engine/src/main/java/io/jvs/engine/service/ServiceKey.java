package io.jvs.engine.service;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.util.Objects;

/**
 * What identifies a virtual service, as IPVS: protocol + virtual address + port, or a firewall mark
 * (with an address family).
 *
 * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
 * @param protocol {@link IpProtocol#TCP}, {@link IpProtocol#UDP} or {@link IpProtocol#SCTP}; 0 for a
 *     firewall-mark service
 * @param address the virtual address; {@code null} for a firewall-mark service
 * @param port the virtual port, 0 for "all ports" (persistent services) or a firewall-mark service
 * @param firewallMark the mark, 0 for an address service
 */
public record ServiceKey(int family, int protocol, IpAddress address, int port, int firewallMark) {

    /** Checks that the key is either an address key or a mark key. */
    public ServiceKey {
        if (firewallMark != 0) {
            if (address != null || port != 0 || protocol != 0) {
                throw new IllegalArgumentException("a firewall-mark service has no address, port or protocol");
            }
        } else {
            Objects.requireNonNull(address, "address");
            if (address.family() != family) {
                throw new IllegalArgumentException("address family mismatch");
            }
            if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP && protocol != IpProtocol.SCTP) {
                throw new IllegalArgumentException("protocol: must be tcp, udp or sctp, not " + protocol);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " is out of 0..65535");
            }
        }
    }

    /**
     * A TCP service.
     *
     * @param address the virtual address literal
     * @param port the virtual port
     * @return the key
     */
    public static ServiceKey tcp(String address, int port) {
        IpAddress a = IpAddress.parse(address);
        return new ServiceKey(a.family(), IpProtocol.TCP, a, port, 0);
    }

    /**
     * A UDP service.
     *
     * @param address the virtual address literal
     * @param port the virtual port
     * @return the key
     */
    public static ServiceKey udp(String address, int port) {
        IpAddress a = IpAddress.parse(address);
        return new ServiceKey(a.family(), IpProtocol.UDP, a, port, 0);
    }

    /**
     * A firewall-mark service.
     *
     * @param family the address family of its destinations
     * @param mark the mark, above 0
     * @return the key
     */
    public static ServiceKey firewallMark(int family, int mark) {
        if (mark <= 0) {
            throw new IllegalArgumentException("firewall mark must be above 0");
        }
        return new ServiceKey(family, 0, null, 0, mark);
    }

    /**
     * Tells whether this is a firewall-mark service.
     *
     * @return {@code true} for a mark service
     */
    public boolean isFirewallMark() {
        return firewallMark != 0;
    }

    /**
     * Returns the name operators see: {@code TCP 203.0.113.1:80}, {@code UDP [2001:db8::1]:53},
     * {@code FWM 7}.
     *
     * @return the name
     */
    public String name() {
        if (isFirewallMark()) {
            return "FWM " + firewallMark + (family == AddressFamily.IPV6 ? " IPv6" : "");
        }
        return IpProtocol.name(protocol).toUpperCase(java.util.Locale.ROOT) + " " + address.withPort(port);
    }

    @Override
    public String toString() {
        return name();
    }
}
