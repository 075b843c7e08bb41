package io.jvs.plugins.rendezvous;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.DestinationView;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A destination's identity as the table hashes and orders it: the address (one 32-bit word for
 * IPv4, four for IPv6, network byte order) and the port. The natural order (family, then address
 * words unsigned, then port) is the canonical order that makes tables independent of the order in
 * which destinations were added.
 *
 * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
 * @param words the address words, 1 or 4
 * @param port 0..65535
 */
record DestinationAddress(int family, int[] words, int port) implements Comparable<DestinationAddress> {

    /** Copies the words. */
    DestinationAddress {
        words = words.clone();
    }

    /**
     * Reads a destination's identity.
     *
     * @param destination the destination
     * @return its address and port
     */
    static DestinationAddress of(DestinationView destination) {
        int count = destination.family() == AddressFamily.IPV6 ? 4 : 1;
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = destination.addressWord(i);
        }
        return new DestinationAddress(destination.family(), words, destination.port());
    }

    /**
     * Parses {@code 198.51.100.7:80} or {@code [2001:db8::7]:80}. Only literals are accepted; no
     * name is ever resolved.
     *
     * @param text the key
     * @return the address, or {@code null} when the text is not such a key
     */
    static DestinationAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;
        }
        int port = parsePort(text.substring(colon + 1));
        if (port < 0) {
            return null;
        }
        String address = text.substring(0, colon);
        if (address.startsWith("[") && address.endsWith("]")) {
            String literal = address.substring(1, address.length() - 1);
            if (!literal.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                return null;
            }
            try {
                InetAddress parsed = InetAddress.getByName(literal);
                if (!(parsed instanceof Inet6Address)) {
                    return null;
                }
                byte[] bytes = parsed.getAddress();
                int[] words = new int[4];
                for (int i = 0; i < 16; i++) {
                    words[i >> 2] = (words[i >> 2] << 8) | (bytes[i] & 0xFF);
                }
                return new DestinationAddress(AddressFamily.IPV6, words, port);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] octets = address.split("\\.", -1);
        if (octets.length != 4) {
            return null;
        }
        int word = 0;
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return null;
            }
            word = (word << 8) | Integer.parseInt(octet);
        }
        return new DestinationAddress(AddressFamily.IPV4, new int[] {word}, port);
    }

    private static int parsePort(String text) {
        if (!text.matches("[0-9]{1,5}")) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port <= 65535 ? port : -1;
    }

    /**
     * Tells whether a destination has this address and port.
     *
     * @param destination the destination
     * @return {@code true} when family, address and port are equal
     */
    boolean matches(DestinationView destination) {
        if (destination.family() != family || destination.port() != port) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            if (destination.addressWord(i) != words[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(DestinationAddress other) {
        int byFamily = Integer.compare(family, other.family);
        if (byFamily != 0) {
            return byFamily;
        }
        for (int i = 0; i < words.length; i++) {
            int byWord = Integer.compareUnsigned(words[i], other.words[i]);
            if (byWord != 0) {
                return byWord;
            }
        }
        return Integer.compare(port, other.port);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DestinationAddress that && family == that.family && port == that.port
                && Arrays.equals(words, that.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words) * 31 + port;
    }

    /**
     * Formats the key: {@code 198.51.100.7:80}, or {@code [2001:db8::7]:80} with the IPv6 address as
     * RFC 5952 writes it.
     *
     * @return the key
     */
    @Override
    public String toString() {
        if (family == AddressFamily.IPV4) {
            int w = words[0];
            return (w >>> 24) + "." + ((w >>> 16) & 0xFF) + "." + ((w >>> 8) & 0xFF) + "." + (w & 0xFF) + ":" + port;
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (words[i >> 1] >>> ((i & 1) == 0 ? 16 : 0)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (text.length() > 1 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.append("]:").append(port).toString();
    }
}
