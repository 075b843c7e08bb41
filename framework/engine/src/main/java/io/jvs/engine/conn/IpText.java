package io.jvs.engine.conn;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;

/** Text forms of addresses and tuples for {@code toString()} and diagnostics (allocates; never on the packet path). */
final class IpText {

    private IpText() {
    }

    static String address(int family, int[] words) {
        if (family == AddressFamily.IPV4) {
            int a = words[0];
            return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
        }
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(Integer.toHexString(words[i] >>> 16)).append(':')
                    .append(Integer.toHexString(words[i] & 0xffff));
        }
        return text.append(']').toString();
    }

    static String tuple(int family, int protocol, int[] source, int sourcePort, int[] destination,
            int destinationPort) {
        return IpProtocol.name(protocol) + " " + address(family, source) + ":" + sourcePort + " -> "
                + address(family, destination) + ":" + destinationPort;
    }
}
