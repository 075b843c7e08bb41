package io.jvs.engine.service;

/**
 * Persistence of a service (ipvsadm {@code -p timeout -M netmask}): connections from clients in the
 * same netmask'd network go to the same destination while a template entry lives.
 *
 * @param timeoutSeconds how long the template lives after its last connection ends; IPVS's default
 *     is 300 s
 * @param prefixLength the client netmask as a prefix length: 32 (IPv4) or 128 (IPv6) means per
 *     client address
 */
public record Persistence(int timeoutSeconds, int prefixLength) {

    /** IPVS's default persistence timeout, seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;

    /** Checks ranges. */
    public Persistence {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("persistence timeout: must be at least 1 s, not " + timeoutSeconds);
        }
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("persistence netmask: prefix length " + prefixLength
                    + " is out of 0..128");
        }
    }
}
