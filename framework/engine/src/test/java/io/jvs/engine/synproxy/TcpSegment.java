package io.jvs.engine.synproxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A TCP segment decoded from an Ethernet frame by the test's own simple reader (independent of the
 * engine's parser), for assertions on exact field values.
 *
 * @param sourceMac source MAC
 * @param destinationMac destination MAC
 * @param family 4 or 6
 * @param ttl TTL or hop limit
 * @param source source address
 * @param destination destination address
 * @param sourcePort source port
 * @param destinationPort destination port
 * @param seq sequence number (unsigned)
 * @param ack acknowledgment number (unsigned)
 * @param flags TCP flags
 * @param window window field
 * @param mss MSS option, -1 when absent
 * @param windowScale window-scale option, -1 when absent
 * @param sackPermitted SACK-permitted present
 * @param timestamps timestamps present
 * @param tsval TSval (unsigned)
 * @param tsecr TSecr (unsigned)
 * @param sackBlocks SACK blocks as {left, right} pairs (unsigned)
 * @param payload payload bytes
 */
record TcpSegment(long sourceMac, long destinationMac, int family, int ttl, InetAddress source,
        InetAddress destination, int sourcePort, int destinationPort, long seq, long ack, int flags, int window,
        int mss, int windowScale, boolean sackPermitted, boolean timestamps, long tsval, long tsecr,
        List<long[]> sackBlocks, byte[] payload) {

    static TcpSegment decode(byte[] f) {
        long dmac = bits(f, 0, 6);
        long smac = bits(f, 6, 6);
        int type = (int) bits(f, 12, 2);
        int l3 = 14;
        int family;
        int ttl;
        int l4;
        int end;
        byte[] src;
        byte[] dst;
        if (type == 0x0800) {
            family = 4;
            int ihl = (f[l3] & 0xF) * 4;
            ttl = f[l3 + 8] & 0xFF;
            if ((f[l3 + 9] & 0xFF) != 6) {
                throw new AssertionError("not TCP");
            }
            src = Arrays.copyOfRange(f, l3 + 12, l3 + 16);
            dst = Arrays.copyOfRange(f, l3 + 16, l3 + 20);
            l4 = l3 + ihl;
            end = l3 + (int) bits(f, l3 + 2, 2);
        } else if (type == 0x86DD) {
            family = 6;
            ttl = f[l3 + 7] & 0xFF;
            if ((f[l3 + 6] & 0xFF) != 6) {
                throw new AssertionError("not TCP");
            }
            src = Arrays.copyOfRange(f, l3 + 8, l3 + 24);
            dst = Arrays.copyOfRange(f, l3 + 24, l3 + 40);
            l4 = l3 + 40;
            end = l4 + (int) bits(f, l3 + 4, 2);
        } else {
            throw new AssertionError("not IP: " + Integer.toHexString(type));
        }
        int headerLength = ((f[l4 + 12] & 0xFF) >>> 4) * 4;
        int mss = -1;
        int ws = -1;
        boolean sackOk = false;
        boolean ts = false;
        long tsval = 0;
        long tsecr = 0;
        List<long[]> sacks = new ArrayList<>();
        for (int o = l4 + 20; o < l4 + headerLength;) {
            int kind = f[o] & 0xFF;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                o++;
                continue;
            }
            int len = f[o + 1] & 0xFF;
            switch (kind) {
                case 2 -> mss = (int) bits(f, o + 2, 2);
                case 3 -> ws = f[o + 2] & 0xFF;
                case 4 -> sackOk = true;
                case 5 -> {
                    for (int b = o + 2; b + 8 <= o + len; b += 8) {
                        sacks.add(new long[] {bits(f, b, 4), bits(f, b + 4, 4)});
                    }
                }
                case 8 -> {
                    ts = true;
                    tsval = bits(f, o + 2, 4);
                    tsecr = bits(f, o + 6, 4);
                }
                default -> {
                }
            }
            o += len;
        }
        try {
            return new TcpSegment(smac, dmac, family, ttl, InetAddress.getByAddress(src), InetAddress.getByAddress(dst),
                    (int) bits(f, l4, 2), (int) bits(f, l4 + 2, 2), bits(f, l4 + 4, 4), bits(f, l4 + 8, 4),
                    f[l4 + 13] & 0xFF, (int) bits(f, l4 + 14, 2), mss, ws, sackOk, ts, tsval, tsecr, sacks,
                    Arrays.copyOfRange(f, l4 + headerLength, end));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static long bits(byte[] f, int at, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = v << 8 | (f[at + i] & 0xFF);
        }
        return v;
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    String text() {
        return new String(payload, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
