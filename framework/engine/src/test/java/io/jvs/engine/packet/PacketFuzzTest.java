package io.jvs.engine.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feeds the parser {@link #PACKETS} generated frames (seeded, so every run sees the same ones):
 * random bytes, random bytes behind a plausible Ethernet/IP prefix, and valid frames mutated by bit
 * flips, byte and word overwrites, truncation and extension, half of them with the IPv4 header
 * checksum repaired so that the mutations reach deeper layers. Each frame sits at a small offset in
 * a segment that ends exactly where the frame ends. No parse may throw, and every OK (or ARP) result
 * must keep all its offsets inside the frame.
 */
class PacketFuzzTest {
    /** Number of generated frames. */
    static final int PACKETS = 1_000_000;
    private static final long SEED = 0x6A76_7346_757A_7AL;
    private static final int MAX_FRAME = 2048;
    private static final int[] INTERESTING_BYTES = {0, 1, 4, 5, 6, 0x0F, 17, 41, 43, 44, 47, 50, 51, 58, 59, 60,
        0x45, 0x4F, 0x60, 0x7F, 0x80, 0x81, 0xFF};
    private static final int[] INTERESTING_WORDS = {0, 1, 7, 8, 19, 20, 39, 40, 0x0800, 0x86DD, 0x8100, 0x88A8,
        0x0806, 0x7FFF, 0xFFF8, 0xFFFF};

    @Test
    void shouldNeverThrowAndKeepEveryAcceptedPacketInBounds() {
        List<byte[]> seeds = new ArrayList<>(SamplePackets.whole().values());
        seeds.addAll(SamplePackets.other().values());
        PacketBuilder longChain = PacketBuilder.udp6();
        for (int i = 0; i <= Ipv6ExtensionWalker.DEFAULT_MAX_HEADERS; i++) {
            longChain.extensionHeader(Ipv6ExtensionWalker.DESTINATION_OPTIONS);
        }
        seeds.add(longChain.build());
        SplittableRandom random = new SplittableRandom(SEED);
        long[] counts = new long[ParseResult.COUNT];
        byte[] buffer = new byte[4 + MAX_FRAME];
        MemorySegment whole = MemorySegment.ofArray(buffer);
        ParsedPacket p = new ParsedPacket();
        long bareIp = 0;
        for (int i = 0; i < PACKETS; i++) {
            int base = i & 3;
            int length = generate(random, seeds, buffer, base);
            MemorySegment s = whole.asSlice(0, base + length);
            int code;
            if (random.nextInt(10) == 0 && length > 14) {
                code = PacketParser.parseIp(s, base + 14, length - 14, p);
                ParsedPacketInvariants.check(code, p, base + 14, length - 14);
                bareIp++;
            } else {
                code = PacketParser.parse(s, base, length, p);
                ParsedPacketInvariants.check(code, p, base, length);
            }
            counts[code]++;
        }
        StringBuilder report = new StringBuilder("fuzzed " + PACKETS + " frames (" + bareIp + " as bare IP):\n");
        long total = 0;
        int distinct = 0;
        for (int code = 0; code < ParseResult.COUNT; code++) {
            report.append(String.format("  %-26s %9d%n", ParseResult.name(code), counts[code]));
            total += counts[code];
            distinct += counts[code] > 0 ? 1 : 0;
        }
        System.out.print(report);
        assertEquals(PACKETS, total);
        assertTrue(counts[ParseResult.OK] > PACKETS / 10, "a good share of mutants still parses");
        assertEquals(ParseResult.COUNT - 1, distinct, "every code but BAD_BUFFER is reached\n" + report);
        assertEquals(0, counts[ParseResult.BAD_BUFFER]);
    }

    private static int generate(SplittableRandom random, List<byte[]> seeds, byte[] buffer, int base) {
        int mode = random.nextInt(100);
        if (mode < 4) {
            int length = random.nextInt(200);
            fillRandom(random, buffer, base, length);
            return length;
        }
        if (mode < 10) {
            int length = random.nextInt(14, 200);
            fillRandom(random, buffer, base, length);
            int type = switch (random.nextInt(4)) {
                case 0 -> EtherType.IPV6;
                case 1 -> EtherType.VLAN;
                case 2 -> EtherType.ARP;
                default -> EtherType.IPV4;
            };
            putShort(buffer, base + 12, type);
            if (length > 14) {
                buffer[base + 14] = (byte) (type == EtherType.IPV6 ? 0x60 : 0x45);
            }
            maybeRepairIpv4Checksum(random, buffer, base, length);
            return length;
        }
        byte[] seed = seeds.get(random.nextInt(seeds.size()));
        System.arraycopy(seed, 0, buffer, base, seed.length);
        int length = seed.length;
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int at = length == 0 ? 0 : random.nextInt(random.nextInt(4) == 0 ? length : Math.min(length, 90));
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (length > 0) {
                        buffer[base + at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    if (length > 0) {
                        buffer[base + at] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> {
                    if (length > 0) {
                        buffer[base + at] = (byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                    }
                }
                case 3 -> length = random.nextInt(length + 1);
                case 4 -> {
                    int extra = Math.min(random.nextInt(1, 64), MAX_FRAME - length);
                    fillRandom(random, buffer, base + length, extra);
                    length += extra;
                }
                default -> {
                    if (at + 1 < length) {
                        int word = random.nextInt(3) == 0 ? length - at : INTERESTING_WORDS[random.nextInt(INTERESTING_WORDS.length)];
                        putShort(buffer, base + at, word);
                    }
                }
            }
        }
        maybeRepairIpv4Checksum(random, buffer, base, length);
        return length;
    }

    /** Half the time, gives an IPv4 header (after up to two VLAN tags) the checksum it needs. */
    private static void maybeRepairIpv4Checksum(SplittableRandom random, byte[] buffer, int base, int length) {
        if (random.nextBoolean() || length < 14) {
            return;
        }
        int position = base + 12;
        int end = base + length;
        int type = ReferenceChecksum.u16(buffer, position);
        for (int tags = 0; tags < 2 && EtherType.isVlanTag(type) && position + 6 <= end; tags++) {
            position += 4;
            type = ReferenceChecksum.u16(buffer, position);
        }
        int l3 = position + 2;
        if (type != EtherType.IPV4 || l3 + 20 > end) {
            return;
        }
        int headerLength = (buffer[l3] & 0x0F) * 4;
        if (headerLength < 20 || l3 + headerLength > end) {
            return;
        }
        new Ipv4Header().wrap(MemorySegment.ofArray(buffer), l3).updateChecksum();
    }

    private static void fillRandom(SplittableRandom random, byte[] buffer, int from, int length) {
        for (int i = 0; i < length; i++) {
            buffer[from + i] = (byte) random.nextInt(256);
        }
    }

    private static void putShort(byte[] buffer, int at, int value) {
        buffer[at] = (byte) (value >>> 8);
        buffer[at + 1] = (byte) value;
    }
}
