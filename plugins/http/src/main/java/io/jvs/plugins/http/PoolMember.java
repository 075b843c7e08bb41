package io.jvs.plugins.http;

import io.jvs.spi.DestinationView;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * One member of a pool as configured: a destination's address literal and port, or any port.
 *
 * @param address the destination's address
 * @param port the destination's port, or 0 for any port
 */
record PoolMember(InetAddress address, int port) {

    /**
     * Parses {@code 10.0.0.1:80}, {@code 10.0.0.1} (any port), {@code [2001:db8::1]:80} or
     * {@code 2001:db8::1} (any port). Never resolves a name.
     *
     * @param text the member
     * @return the member
     * @throws IllegalArgumentException when it is not an address literal with an optional port
     */
    static PoolMember parse(String text) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' lacks the closing ']'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + text + "': expected ':port' after ']'");
                }
                port = rest.substring(1);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        } else {
            host = text;
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address literal with an optional port");
        }
        int p = 0;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("'" + text + "': the port must be 1..65535");
            }
        }
        return new PoolMember(address, p);
    }

    /**
     * Tells whether a destination is this member.
     *
     * @param destination the destination
     * @return true when address and (unless any) port are equal
     */
    boolean matches(DestinationView destination) {
        return (port == 0 || destination.port() == port)
                && address.equals(destination.socketAddress().getAddress());
    }

    @Override
    public String toString() {
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            host = "[" + host + "]";
        }
        return port == 0 ? host : host + ":" + port;
    }
}
