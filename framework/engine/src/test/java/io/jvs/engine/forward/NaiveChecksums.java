package io.jvs.engine.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Walks a frame byte by byte, independently of the engine's parser and of InternetChecksum, and
 * reports every checksum that does not verify: IPv4 headers, TCP, UDP (zero allowed over IPv4 only),
 * ICMP, ICMPv6, GRE (when C is set), the packets inside IPIP, GRE and GUE tunnels, and the packets
 * quoted by ICMP errors (their IPv4 header always, their transport checksum when the whole quoted
 * datagram is present). Sums are done the slow, obvious way of RFC 1071: 16-bit words added one by
 * one into a long, carries folded at the end.
 *
 * <p>Fragments are PacketBuilder test fragments: a first fragment's transport checksum covers the
 * bytes present; later fragments have no transport header.
 */
public final class NaiveChecksums {
    /** UDP destination ports carrying GUE in the fixtures. */
    static final Set<Integer> GUE_PORTS = Set.of(6080, 5555);

    private final byte[] b;
    private final List<String> problems = new ArrayList<>();

    private NaiveChecksums(byte[] frame) {
        this.b = frame;
    }

    /**
     * Returns the checksum problems of an Ethernet frame (VLAN tags crossed).
     *
     * @param frame the frame
     * @return one line per problem; empty when every checksum verifies
     */
    public static List<String> problems(byte[] frame) {
        NaiveChecksums walker = new NaiveChecksums(frame);
        int type = u16(frame, 12);
        int position = 14;
        while (type == 0x8100 || type == 0x88A8) {
            type = u16(frame, position + 2);
            position += 4;
        }
        if (type == 0x0800 || type == 0x86DD) {
            walker.ip(position, frame.length, "packet");
        } else {
            walker.problems.add("not an IP frame, EtherType " + Integer.toHexString(type));
        }
        return walker.problems;
    }

    private void ip(int l3, int limit, String where) {
        int version = (b[l3] & 0xFF) >>> 4;
        if (version == 4) {
            int ihl = (b[l3] & 0x0F) * 4;
            int total = u16(b, l3 + 2);
            if (l3 + total > limit) {
                problems.add(where + ": IPv4 total length " + total + " beyond the bytes present");
                return;
            }
            if (fold(sum(b, l3, l3 + ihl)) != 0xFFFF) {
                problems.add(where + ": bad IPv4 header checksum");
            }
            int fragmentOffset = u16(b, l3 + 6) & 0x1FFF;
            if (fragmentOffset == 0) {
                transport(4, l3, b[l3 + 9] & 0xFF, l3 + ihl, l3 + total, where);
            }
        } else if (version == 6) {
            int end = l3 + 40 + u16(b, l3 + 4);
            if (end > limit) {
                problems.add(where + ": IPv6 payload length beyond the bytes present");
                return;
            }
            int next = b[l3 + 6] & 0xFF;
            int position = l3 + 40;
            while (next == 0 || next == 43 || next == 60 || next == 51 || next == 44) {
                int following = b[position] & 0xFF;
                if (next == 44) {
                    if ((u16(b, position + 2) & 0xFFF8) != 0) {
                        return;
                    }
                    position += 8;
                } else if (next == 51) {
                    position += ((b[position + 1] & 0xFF) + 2) * 4;
                } else {
                    position += ((b[position + 1] & 0xFF) + 1) * 8;
                }
                next = following;
            }
            transport(6, l3, next, position, end, where);
        } else {
            problems.add(where + ": IP version " + version);
        }
    }

    private void transport(int family, int l3, int protocol, int l4, int end, String where) {
        switch (protocol) {
            case 6 -> {
                if (fold(pseudoHeaderSum(family, l3, protocol, end - l4) + sum(b, l4, end)) != 0xFFFF) {
                    problems.add(where + ": bad TCP checksum");
                }
            }
            case 17 -> {
                if (u16(b, l4 + 6) == 0) {
                    if (family == 6) {
                        problems.add(where + ": UDP checksum 0 over IPv6");
                    }
                } else if (fold(pseudoHeaderSum(family, l3, protocol, end - l4) + sum(b, l4, end)) != 0xFFFF) {
                    problems.add(where + ": bad UDP checksum");
                }
                if (GUE_PORTS.contains(u16(b, l4 + 2)) && ((b[l4 + 8] & 0xFF) >>> 6) == 0) {
                    int inner = l4 + 8 + 4 + (b[l4 + 8] & 0x1F) * 4;
                    ip(inner, end, where + " in GUE");
                }
            }
            case 1 -> {
                if (family == 4) {
                    if (fold(sum(b, l4, end)) != 0xFFFF) {
                        problems.add(where + ": bad ICMP checksum");
                    }
                    int type = b[l4] & 0xFF;
                    if (type == 3 || type == 4 || type == 5 || type == 11 || type == 12) {
                        quote(l4 + 8, end, where + " quote");
                    }
                }
            }
            case 58 -> {
                if (fold(pseudoHeaderSum(family, l3, protocol, end - l4) + sum(b, l4, end)) != 0xFFFF) {
                    problems.add(where + ": bad ICMPv6 checksum");
                }
                if ((b[l4] & 0xFF) < 128) {
                    quote(l4 + 8, end, where + " quote");
                }
            }
            case 4, 41 -> ip(l4, end, where + " in IPIP");
            case 47 -> {
                int flags = u16(b, l4);
                int length = 4 + ((flags & 0x8000) != 0 ? 4 : 0) + ((flags & 0x2000) != 0 ? 4 : 0)
                        + ((flags & 0x1000) != 0 ? 4 : 0);
                if ((flags & 0x8000) != 0 && fold(sum(b, l4, end)) != 0xFFFF) {
                    problems.add(where + ": bad GRE checksum");
                }
                ip(l4 + length, end, where + " in GRE");
            }
            default -> {
            }
        }
    }

    /** A quote: its IPv4 header checksum if present, its transport checksum if the whole datagram is. */
    private void quote(int q, int end, String where) {
        if (q >= end) {
            return;
        }
        int version = (b[q] & 0xFF) >>> 4;
        if (version == 4 && q + 20 <= end) {
            int ihl = (b[q] & 0x0F) * 4;
            if (q + ihl <= end && fold(sum(b, q, q + ihl)) != 0xFFFF) {
                problems.add(where + ": bad IPv4 header checksum");
            }
            if (q + u16(b, q + 2) <= end) {
                ip(q, end, where);
            }
        } else if (version == 6 && q + 40 <= end && q + 40 + u16(b, q + 4) <= end) {
            ip(q, end, where);
        }
    }

    private long pseudoHeaderSum(int family, int l3, int protocol, int length) {
        byte[] pseudo;
        if (family == 4) {
            pseudo = new byte[12];
            System.arraycopy(b, l3 + 12, pseudo, 0, 8);
            pseudo[9] = (byte) protocol;
            pseudo[10] = (byte) (length >>> 8);
            pseudo[11] = (byte) length;
        } else {
            pseudo = new byte[40];
            System.arraycopy(b, l3 + 8, pseudo, 0, 32);
            pseudo[34] = (byte) (length >>> 8);
            pseudo[35] = (byte) length;
            pseudo[39] = (byte) protocol;
        }
        return sum(pseudo, 0, pseudo.length);
    }

    /** Adds bytes[from, to) as big-endian 16-bit words, an odd last byte padded with zero. */
    static long sum(byte[] bytes, int from, int to) {
        long total = 0;
        for (int i = from; i < to; i += 2) {
            int high = bytes[i] & 0xFF;
            int low = i + 1 < to ? bytes[i + 1] & 0xFF : 0;
            total += (high << 8) | low;
        }
        return total;
    }

    static int fold(long sum) {
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }
}
