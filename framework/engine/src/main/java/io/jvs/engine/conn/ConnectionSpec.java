package io.jvs.engine.conn;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.Scheduler;

import java.util.Arrays;

/**
 * The description of a new entry, filled by the caller and passed to
 * {@link ConnectionTable#insert(ConnectionSpec, long)} or
 * {@link ConnectionTable#insertTemplate(ConnectionSpec, long, long)}. The caller keeps one instance per
 * worker and refills it for every insert; nothing is allocated.
 *
 * <pre>
 *   client:cport ──IN──> virtual:vport          (the client's packets; the IN key)
 *   balancer ──> destination:dport               (after scheduling)
 *   destination:dport ──OUT──> local:lport       (the replies; the OUT key, NAT and FULLNAT only)
 * </pre>
 *
 * For NAT the local side is the client itself; for FULLNAT it is the balancer's local address and port
 * ({@link #local}); DR and TUNNEL replies bypass the balancer and have no OUT key. For a persistence
 * template, the client address is the masked client network, the client port is 0, and the virtual
 * port is 0 for a service persistent on all ports (IPVS {@code ip_vs_sched_persist}).
 *
 * <p>Addresses are words in network byte order; the destination and local addresses have the
 * client's family. Ports are masked to 16 bits, the protocol to 8 bits.
 *
 * <p><b>Not thread-safe:</b> one instance per thread.
 */
public final class ConnectionSpec {

    int family;
    int protocol;
    final int[] client = new int[4];
    final int[] virtual = new int[4];
    final int[] destination = new int[4];
    final int[] local = new int[4];
    int clientPort;
    int virtualPort;
    int destinationPort;
    int localPort;
    ForwardingMethod forwarding;
    int destId;
    long sessionKey;
    int sessionScope;
    int profileId;
    int controllingTemplate;
    boolean synProxy;

    /** Creates an empty spec (see {@link #clear()}). */
    public ConnectionSpec() {
        clear();
    }

    /**
     * Resets every field: IPv4, protocol 0, all addresses and ports 0, NAT, destination id 0, no session
     * key, timeout profile 0, no controlling template, not SYN-proxied.
     *
     * @return this spec
     */
    public ConnectionSpec clear() {
        family = AddressFamily.IPV4;
        protocol = 0;
        Arrays.fill(client, 0);
        Arrays.fill(virtual, 0);
        Arrays.fill(destination, 0);
        Arrays.fill(local, 0);
        clientPort = 0;
        virtualPort = 0;
        destinationPort = 0;
        localPort = 0;
        forwarding(ForwardingMethod.NAT);
        destId = 0;
        sessionKey = Scheduler.NO_SESSION_KEY;
        sessionScope = 0;
        profileId = 0;
        controllingTemplate = ConnectionTable.MISSING;
        synProxy = false;
        return this;
    }

    /**
     * Sets the IN tuple of an IPv4 entry.
     *
     * @param protocol the IANA protocol (0 for a firewall-mark template)
     * @param clientAddress the client address (the masked client network for a template)
     * @param clientPort the client port (0 for a template)
     * @param virtualAddress the virtual address
     * @param virtualPort the virtual port (0 for a template persistent on all ports)
     * @return this spec
     */
    public ConnectionSpec ipv4(int protocol, int clientAddress, int clientPort, int virtualAddress,
            int virtualPort) {
        this.family = AddressFamily.IPV4;
        this.protocol = protocol & 0xff;
        words4(client, clientAddress);
        words4(virtual, virtualAddress);
        this.clientPort = clientPort & 0xffff;
        this.virtualPort = virtualPort & 0xffff;
        return this;
    }

    /**
     * Sets the IN tuple of an IPv6 entry, addresses as two 64-bit halves (high = first eight bytes).
     *
     * @param protocol the IANA protocol
     * @param clientHigh bytes 0..7 of the client address
     * @param clientLow bytes 8..15 of the client address
     * @param clientPort the client port
     * @param virtualHigh bytes 0..7 of the virtual address
     * @param virtualLow bytes 8..15 of the virtual address
     * @param virtualPort the virtual port
     * @return this spec
     */
    public ConnectionSpec ipv6(int protocol, long clientHigh, long clientLow, int clientPort, long virtualHigh,
            long virtualLow, int virtualPort) {
        this.family = AddressFamily.IPV6;
        this.protocol = protocol & 0xff;
        AddressWords.split(clientHigh, clientLow, client);
        AddressWords.split(virtualHigh, virtualLow, virtual);
        this.clientPort = clientPort & 0xffff;
        this.virtualPort = virtualPort & 0xffff;
        return this;
    }

    /**
     * Copies the IN tuple from a lookup key that missed (source = client, destination = virtual).
     *
     * @param inKey the key of the client's packet
     * @return this spec
     */
    public ConnectionSpec flow(FlowKey inKey) {
        this.family = inKey.family;
        this.protocol = inKey.protocol;
        System.arraycopy(inKey.source, 0, client, 0, 4);
        System.arraycopy(inKey.destination, 0, virtual, 0, 4);
        this.clientPort = inKey.sourcePort;
        this.virtualPort = inKey.destinationPort;
        return this;
    }

    /**
     * Sets the IPv4 destination (real server).
     *
     * @param address the destination address
     * @param port the destination port
     * @return this spec
     */
    public ConnectionSpec destination(int address, int port) {
        words4(destination, address);
        this.destinationPort = port & 0xffff;
        return this;
    }

    /**
     * Sets the IPv6 destination (real server).
     *
     * @param high bytes 0..7 of the destination address
     * @param low bytes 8..15 of the destination address
     * @param port the destination port
     * @return this spec
     */
    public ConnectionSpec destination(long high, long low, int port) {
        AddressWords.split(high, low, destination);
        this.destinationPort = port & 0xffff;
        return this;
    }

    /**
     * Sets the IPv4 FULLNAT local address and port (the source the destination sees). Ignored for the
     * other forwarding methods.
     *
     * @param address the local address
     * @param port the local port
     * @return this spec
     */
    public ConnectionSpec local(int address, int port) {
        words4(local, address);
        this.localPort = port & 0xffff;
        return this;
    }

    /**
     * Sets the IPv6 FULLNAT local address and port.
     *
     * @param high bytes 0..7 of the local address
     * @param low bytes 8..15 of the local address
     * @param port the local port
     * @return this spec
     */
    public ConnectionSpec local(long high, long low, int port) {
        AddressWords.split(high, low, local);
        this.localPort = port & 0xffff;
        return this;
    }

    /**
     * Sets the forwarding method; it decides whether the entry gets an OUT key (NAT, FULLNAT) and
     * whether its TCP states follow the INPUT-ONLY table (DR, TUNNEL).
     *
     * @param method the method
     * @return this spec
     */
    public ConnectionSpec forwarding(ForwardingMethod method) {
        if (this.forwarding != method) {
            // Skipped when unchanged: a reference store pays the GC's write barrier (with a fence).
            this.forwarding = method;
        }
        return this;
    }

    /**
     * Sets the destination id reported to {@link ConnectionAccounting} and resolved by
     * {@link DestinationResolver}.
     *
     * @param id any int chosen by the engine
     * @return this spec
     */
    public ConnectionSpec destId(int id) {
        this.destId = id;
        return this;
    }

    /**
     * Sets the session key and the scope it is unique in (normally the service id). An insert evicts
     * the entry that holds the same key in the same scope with
     * {@link io.jvs.spi.EvictionReason#REPLACED}.
     *
     * @param scope the scope, for example the service id
     * @param key the key, or {@link Scheduler#NO_SESSION_KEY}
     * @return this spec
     */
    public ConnectionSpec session(int scope, long key) {
        this.sessionScope = scope;
        this.sessionKey = key;
        return this;
    }

    /**
     * Selects the timeout profile, an index into {@link ConnectionTableConfig#profiles}.
     *
     * @param id 0 for the first profile
     * @return this spec
     */
    public ConnectionSpec profile(int id) {
        this.profileId = id;
        return this;
    }

    /**
     * Makes the new connection controlled by a persistence template (IPVS {@code ip_vs_control_add}):
     * the template does not expire while it controls connections.
     *
     * @param templateEntryId a live template's entry id, or {@link ConnectionTable#MISSING}
     * @return this spec
     */
    public ConnectionSpec controlledBy(int templateEntryId) {
        this.controllingTemplate = templateEntryId;
        return this;
    }

    /**
     * Marks the connection as opened by the SYN proxy (its sequence numbers are translated; see
     * {@link io.jvs.engine.synproxy.SynProxy}).
     *
     * @param value true for a SYN-proxied connection
     * @return this spec
     */
    public ConnectionSpec synProxy(boolean value) {
        this.synProxy = value;
        return this;
    }

    private static void words4(int[] words, int ipv4) {
        words[0] = ipv4;
        words[1] = 0;
        words[2] = 0;
        words[3] = 0;
    }

    @Override
    public String toString() {
        return IpText.tuple(family, protocol, client, clientPort, virtual, virtualPort) + " => "
                + IpText.address(family, destination) + ":" + destinationPort + " " + forwarding
                + " dest=" + destId;
    }

    /**
     * Sets the destination from address words.
     *
     * @param w0 word 0 (the whole IPv4 address)
     * @param w1 word 1 (0 for IPv4)
     * @param w2 word 2
     * @param w3 word 3
     * @param port the destination port
     * @return this spec
     */
    public ConnectionSpec destinationWords(int w0, int w1, int w2, int w3, int port) {
        destination[0] = w0;
        destination[1] = w1;
        destination[2] = w2;
        destination[3] = w3;
        this.destinationPort = port & 0xffff;
        return this;
    }

    /**
     * Sets the FULLNAT local address from address words.
     *
     * @param w0 word 0 (the whole IPv4 address)
     * @param w1 word 1 (0 for IPv4)
     * @param w2 word 2
     * @param w3 word 3
     * @param port the local port
     * @return this spec
     */
    public ConnectionSpec localWords(int w0, int w1, int w2, int w3, int port) {
        local[0] = w0;
        local[1] = w1;
        local[2] = w2;
        local[3] = w3;
        this.localPort = port & 0xffff;
        return this;
    }
}
