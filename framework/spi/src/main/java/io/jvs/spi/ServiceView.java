package io.jvs.spi;

/**
 * A read-only view of a virtual service, like IPVS's {@code struct ip_vs_service}: identified by
 * protocol, virtual address and port, or by a firewall mark.
 *
 * <p><b>Thread safety:</b> every accessor may be called from any thread and allocates nothing.
 */
public interface ServiceView {

    /**
     * Returns the service's name as shown to operators, {@code "TCP 203.0.113.1:80"},
     * {@code "UDP [2001:db8::1]:53"} or {@code "FWM 7"}.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the address family.
     *
     * @return {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     */
    int family();

    /**
     * Returns the protocol, or 0 for a firewall-mark service (which matches any protocol).
     *
     * @return an IANA protocol number or 0
     */
    int protocol();

    /**
     * Returns one 32-bit word of the virtual address, in network byte order; all zero for a
     * firewall-mark service.
     *
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word
     */
    int virtualAddressWord(int index);

    /**
     * Returns the virtual port, 0 for a firewall-mark service or a service on all ports.
     *
     * @return 0..65535
     */
    int virtualPort();

    /**
     * Returns the firewall mark of a firewall-mark service, 0 otherwise.
     *
     * @return the mark
     */
    int firewallMark();

    /**
     * Tells whether connections from one client are made persistent by templates (ipvsadm {@code -p}).
     *
     * @return {@code true} when persistence is on
     */
    boolean isPersistent();

    /**
     * Returns the current destinations, as one immutable snapshot.
     *
     * @return the snapshot, never {@code null}
     */
    DestinationList destinations();
}
