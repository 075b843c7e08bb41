package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationView;
import java.util.List;

/**
 * A reference model of the tables and hashes of {@code ip_vs_sh.c} and {@code ip_vs_dh.c}, written
 * the kernel's way (a list pointer walking round a list with a head, 64-bit unsigned arithmetic) to
 * check {@link SourceHashingScheduler} and {@link DestinationHashingScheduler}.
 */
final class KernelHashingModel {

    /** {@code GOLDEN_RATIO_32} of {@code include/linux/hash.h}. */
    private static final long GOLDEN_RATIO_32 = 0x61C88647L;

    private KernelHashingModel() {
    }

    /** {@code ip_vs_sh_reassign}: the list pointer {@code p} starts at the head and skips it. */
    static DestinationView[] shReassign(List<? extends DestinationView> destinations, int size) {
        DestinationView[] buckets = new DestinationView[size];
        int head = -1;
        int p = head;
        int dCount = 0;
        for (int i = 0; i < size && !destinations.isEmpty(); i++) {
            if (p == head) {
                p = 0;
            }
            DestinationView dest = destinations.get(p);
            buckets[i] = dest;
            if (++dCount >= dest.weight()) {
                p = p + 1 == destinations.size() ? head : p + 1;
                dCount = 0;
            }
        }
        return buckets;
    }

    /** {@code ip_vs_dh_reassign}. */
    static DestinationView[] dhReassign(List<? extends DestinationView> destinations, int size) {
        DestinationView[] buckets = new DestinationView[size];
        int head = -1;
        int p = head;
        for (int i = 0; i < size && !destinations.isEmpty(); i++) {
            if (p == head) {
                p = 0;
            }
            buckets[i] = destinations.get(p);
            p = p + 1 == destinations.size() ? head : p + 1;
        }
        return buckets;
    }

    /**
     * {@code ip_vs_sh_hashkey}: {@code (offset + hash_32(ntohs(port) + ntohl(addr_fold), bits)) & mask}
     * (mainline since Linux 4.x), where {@code hash_32(v, bits) = (u32)(v * GOLDEN_RATIO_32) >> (32 - bits)}.
     */
    static int shHashKey(int[] addressWords, int port, int offset, int size) {
        long fold = 0;
        for (int word : addressWords) {
            fold ^= word & 0xFFFFFFFFL;
        }
        long sum = (port + fold) & 0xFFFFFFFFL;
        int bits = Integer.numberOfTrailingZeros(size);
        long hash = ((sum * GOLDEN_RATIO_32) & 0xFFFFFFFFL) >>> (32 - bits);
        return (int) ((offset + hash) & (size - 1));
    }

    /** {@code ip_vs_dh_hashkey}: {@code hash_32(ntohl(addr_fold), bits)}. */
    static int dhHashKey(int[] addressWords, int size) {
        return shHashKey(addressWords, 0, 0, size);
    }

    /** {@code ip_vs_sh_get}: the bucket's destination if usable, else null. */
    static DestinationView shGet(DestinationView[] buckets, int[] source, int port) {
        DestinationView dest = buckets[shHashKey(source, port, 0, buckets.length)];
        return dest == null || !dest.isEligible() ? null : dest;
    }

    /** {@code ip_vs_sh_get_fallback}. */
    static DestinationView shGetFallback(DestinationView[] buckets, int[] source, int port) {
        int size = buckets.length;
        int ihash = shHashKey(source, port, 0, size);
        DestinationView dest = buckets[ihash];
        if (dest == null) {
            return null;
        }
        if (dest.isEligible()) {
            return dest;
        }
        for (int offset = 0; offset < size; offset++) {
            int roffset = (offset + ihash) % size;
            int hash = shHashKey(source, port, roffset, size);
            dest = buckets[hash];
            if (dest == null) {
                break;
            }
            if (dest.isEligible()) {
                return dest;
            }
        }
        return null;
    }
}
