package io.jvs.proxy;

import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.VirtualService;
import io.jvs.spi.IpProtocol;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the proxy keeps per service it listens for: the service (the engine's live object), its
 * {@link ServiceOptions}, the virtual address as words for the connection table, and the number of
 * connections and sessions it holds over all event loops (for its connection limit).
 *
 * <p>Written by the control plane (volatile fields), read by the event loops.
 */
final class ProxiedService {

    final ServiceKey key;
    final int family;
    final int protocol;
    final int[] virtualWords = new int[4];
    final int virtualPort;
    /** Listening sockets bound for the service: one per loop, or one in all. Control plane only. */
    int sockets;
    private final AtomicInteger open = new AtomicInteger();
    private volatile VirtualService service;
    private volatile ServiceOptions options;

    ProxiedService(VirtualService service, ServiceOptions options) {
        this.key = service.key();
        this.family = key.family();
        this.protocol = key.protocol();
        for (int i = 0; i < 4; i++) {
            virtualWords[i] = key.address().word(i);
        }
        this.virtualPort = key.port();
        this.service = service;
        this.options = options;
    }

    VirtualService service() {
        return service;
    }

    void setService(VirtualService value) {
        service = value;
    }

    ServiceOptions options() {
        return options;
    }

    void setOptions(ServiceOptions value) {
        options = value;
    }

    /** The header to send: version 1 has no UDP form, so UDP services with v1 send none. */
    ProxyProtocolVersion proxyProtocol() {
        ProxyProtocolVersion v = options.proxyProtocol();
        return v == ProxyProtocolVersion.V1 && protocol == IpProtocol.UDP ? ProxyProtocolVersion.NONE : v;
    }

    /** Counts one more connection unless the limit is reached. */
    boolean tryOpen() {
        int limit = options.connectionLimit();
        if (limit == 0) {
            open.incrementAndGet();
            return true;
        }
        while (true) {
            int n = open.get();
            if (n >= limit) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Counts one connection less. */
    void release() {
        open.decrementAndGet();
    }

    /** Returns the connections and sessions held now. */
    int openCount() {
        return open.get();
    }
}
