package io.jvs.engine.packet;

/**
 * The Internet checksum written the slow, obvious way (RFC 1071 section 4.1 "C" example, with
 * ints): add 16-bit words one at a time, fold the carries, complement. Independent of {@link
 * InternetChecksum}, so tests can check it.
 */
final class ReferenceChecksum {
    private ReferenceChecksum() {
    }

    /** Checksum of bytes[from, to): pairs of bytes as big-endian words, an odd last byte padded with 0. */
    static int of(byte[] bytes, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i += 2) {
            int high = bytes[i] & 0xFF;
            int low = i + 1 < to ? bytes[i + 1] & 0xFF : 0;
            sum += (high << 8) | low;
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    static int of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /** Concatenates arrays: pseudo-headers are built as bytes and summed with the message. */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    /** IPv4 pseudo-header: source, destination, zero, protocol, length. */
    static byte[] ipv4PseudoHeader(byte[] frame, int l3, int protocol, int l4Length) {
        return concat(slice(frame, l3 + 12, l3 + 20),
                new byte[] {0, (byte) protocol, (byte) (l4Length >> 8), (byte) l4Length});
    }

    /** IPv6 pseudo-header: source, destination, 32-bit length, three zeros, next header. */
    static byte[] ipv6PseudoHeader(byte[] frame, int l3, int protocol, int l4Length) {
        return concat(slice(frame, l3 + 8, l3 + 40),
                new byte[] {(byte) (l4Length >>> 24), (byte) (l4Length >> 16), (byte) (l4Length >> 8),
                    (byte) l4Length, 0, 0, 0, (byte) protocol});
    }

    /**
     * The transport checksum a frame should carry, computed from its bytes with the field zeroed:
     * TCP field at 16, UDP at 6, ICMP at 2; ICMPv4 without pseudo-header.
     */
    static int transport(byte[] frame, int l3, int family, int protocol, int l4, int l4Length) {
        byte[] message = slice(frame, l4, l4 + l4Length);
        int field = protocol == 6 ? 16 : protocol == 17 ? 6 : 2;
        message[field] = 0;
        message[field + 1] = 0;
        byte[] all;
        if (family == 6) {
            all = concat(ipv6PseudoHeader(frame, l3, protocol, l4Length), message);
        } else if (protocol == 1) {
            all = message;
        } else {
            all = concat(ipv4PseudoHeader(frame, l3, protocol, l4Length), message);
        }
        int c = of(all);
        return protocol == 17 && c == 0 ? 0xFFFF : c;
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
