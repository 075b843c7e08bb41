package io.jvs.proxy;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Converts socket addresses to the big-endian 32-bit words the engine's tables use. */
final class AddressWords {

    private AddressWords() {
    }

    /**
     * Writes an address as words: one for IPv4 (the rest 0), four for IPv6.
     *
     * @param address the address
     * @param out four words
     */
    static void fill(InetAddress address, int[] out) {
        byte[] b = address.getAddress();
        java.util.Arrays.fill(out, 0);
        int words = address instanceof Inet4Address ? 1 : 4;
        for (int w = 0; w < words; w++) {
            int o = w * 4;
            out[w] = (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff);
        }
    }
}
