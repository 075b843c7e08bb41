package io.jvs.engine.service;

import io.jvs.spi.AddressFamily;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address held as big-endian 32-bit words, for the control plane and for the
 * engine's immutable tables. The packet path never creates these; it compares words.
 *
 * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
 * @param w0 first word (the whole IPv4 address)
 * @param w1 second word (0 for IPv4)
 * @param w2 third word (0 for IPv4)
 * @param w3 fourth word (0 for IPv4)
 */
public record IpAddress(int family, int w0, int w1, int w2, int w3) {

    /** Checks the family and that IPv4 addresses use only the first word. */
    public IpAddress {
        if (family != AddressFamily.IPV4 && family != AddressFamily.IPV6) {
            throw new IllegalArgumentException("unknown address family " + family);
        }
        if (family == AddressFamily.IPV4 && (w1 | w2 | w3) != 0) {
            throw new IllegalArgumentException("an IPv4 address has one word");
        }
    }

    /**
     * Parses a literal IPv4 or IPv6 address; never resolves a host name.
     *
     * @param literal {@code "198.51.100.1"} or {@code "2001:db8::1"} (brackets allowed)
     * @return the address
     * @throws IllegalArgumentException when the text is not an address literal
     */
    public static IpAddress parse(String literal) {
        String text = literal.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        boolean looksV4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean looksV6 = text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+");
        if (!looksV4 && !looksV6) {
            throw new IllegalArgumentException("not an IP address literal: '" + literal + "'");
        }
        if (looksV4) {
            // InetAddress would take an out-of-range dotted quad for a host name and resolve it.
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("not an IP address literal: '" + literal + "'");
                }
            }
        }
        try {
            return of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: '" + literal + "'", e);
        }
    }

    /**
     * Converts a {@link InetAddress}.
     *
     * @param address an IPv4 or IPv6 address
     * @return the address as words
     */
    public static IpAddress of(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return new IpAddress(AddressFamily.IPV4, word(b, 0), 0, 0, 0);
        }
        if (address instanceof Inet6Address) {
            return new IpAddress(AddressFamily.IPV6, word(b, 0), word(b, 4), word(b, 8), word(b, 12));
        }
        throw new IllegalArgumentException("unsupported address " + address);
    }

    /**
     * Creates an IPv4 address from its 32-bit value.
     *
     * @param value the address, network order as an int
     * @return the address
     */
    public static IpAddress ipv4(int value) {
        return new IpAddress(AddressFamily.IPV4, value, 0, 0, 0);
    }

    /**
     * Returns word {@code index}.
     *
     * @param index 0..3
     * @return the word
     */
    public int word(int index) {
        return switch (index) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            case 3 -> w3;
            default -> throw new IndexOutOfBoundsException(index);
        };
    }

    /**
     * Applies a prefix mask (persistence netmask).
     *
     * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
     * @return the masked address
     */
    public IpAddress mask(int prefixLength) {
        int bits = family == AddressFamily.IPV4 ? 32 : 128;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + bits);
        }
        return new IpAddress(family, maskWord(w0, prefixLength), maskWord(w1, prefixLength - 32),
                maskWord(w2, prefixLength - 64), maskWord(w3, prefixLength - 96));
    }

    /**
     * Returns the mask of one 32-bit word for a prefix that starts at that word.
     *
     * @param prefixBitsInWord bits of the prefix that fall in this word and later (may be negative or above 32)
     * @return the word mask
     */
    public static int wordMask(int prefixBitsInWord) {
        if (prefixBitsInWord <= 0) {
            return 0;
        }
        if (prefixBitsInWord >= 32) {
            return -1;
        }
        return -1 << (32 - prefixBitsInWord);
    }

    private static int maskWord(int word, int prefixBitsInWord) {
        return word & wordMask(prefixBitsInWord);
    }

    /**
     * Converts to a {@link InetAddress} (control plane only).
     *
     * @return the address
     */
    public InetAddress toInetAddress() {
        byte[] b = new byte[AddressFamily.addressBytes(family)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (word(i >> 2) >>> (24 - 8 * (i & 3)));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns {@code 198.51.100.1} or {@code 2001:db8::1} (compressed, no brackets). */
    @Override
    public String toString() {
        if (family == AddressFamily.IPV4) {
            return (w0 >>> 24) + "." + ((w0 >>> 16) & 0xff) + "." + ((w0 >>> 8) & 0xff) + "." + (w0 & 0xff);
        }
        String full = toInetAddress().getHostAddress();
        int scope = full.indexOf('%');
        return compressIpv6(scope < 0 ? full : full.substring(0, scope));
    }

    /**
     * Returns the address with a port as operators write it: {@code 198.51.100.1:80} or
     * {@code [2001:db8::1]:80}.
     *
     * @param port 0..65535
     * @return the text
     */
    public String withPort(int port) {
        return family == AddressFamily.IPV4 ? this + ":" + port : "[" + this + "]:" + port;
    }

    private static int word(byte[] b, int offset) {
        return (b[offset] & 0xff) << 24 | (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8
                | (b[offset + 3] & 0xff);
    }

    /** Compresses the longest run of zero groups to {@code ::} as RFC 5952. */
    private static String compressIpv6(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < groups.length; ) {
            if (Integer.parseInt(groups[i], 16) == 0) {
                int j = i;
                while (j < groups.length && Integer.parseInt(groups[j], 16) == 0) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (bestLength > 1 && i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            out.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
            if (i < groups.length - 1) {
                out.append(':');
            }
        }
        return out.toString();
    }
}
