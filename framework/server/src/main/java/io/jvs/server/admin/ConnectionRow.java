package io.jvs.server.admin;

import io.jvs.engine.service.IpAddress;

/**
 * One connection-table entry as the admin endpoint lists it ({@code /proc/net/ip_vs_conn}).
 *
 * @param worker the worker whose shard holds it
 * @param protocol the IANA protocol number
 * @param client the client's address
 * @param clientPort the client's port
 * @param virtual the virtual address
 * @param virtualPort the virtual port
 * @param destination the real server's address
 * @param destinationPort the real server's port
 * @param state the state name IPVS prints ({@code ESTABLISHED}, {@code UDP}, ...)
 * @param expiresSeconds seconds until it expires, rounded down, never negative
 * @param template whether it is a persistence template
 */
public record ConnectionRow(int worker, int protocol, IpAddress client, int clientPort, IpAddress virtual,
        int virtualPort, IpAddress destination, int destinationPort, String state, long expiresSeconds,
        boolean template) {
}
