package io.jvs.engine.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * {@link EthernetRewriter#setAddresses(MemorySegment, long, long, long)} writes the 12 address
 * bytes of the header at the given offset, octet by octet as a reference loop would, and nothing
 * else.
 */
class EthernetRewriterTest {
    private static final long MAC_MAX = 0xFFFF_FFFF_FFFFL;

    @Property(tries = 500, seed = "20261121")
    void shouldWriteBothAddressesAndLeaveEveryOtherByteAlone(
            @ForAll @LongRange(min = 0, max = MAC_MAX) long source,
            @ForAll @LongRange(min = 0, max = MAC_MAX) long destination,
            @ForAll @IntRange(min = 0, max = 20) int frameOffset,
            @ForAll byte filler) {
        int size = frameOffset + 12 + (frameOffset % 3);
        byte[] before = new byte[size];
        for (int b = 0; b < size; b++) {
            before[b] = (byte) (filler + 37 * b);
        }
        byte[] expected = before.clone();
        for (int octet = 0; octet < 6; octet++) {
            expected[frameOffset + octet] = (byte) (destination >>> (40 - 8 * octet));
            expected[frameOffset + 6 + octet] = (byte) (source >>> (40 - 8 * octet));
        }
        MemorySegment segment = MemorySegment.ofArray(before.clone());

        EthernetRewriter.setAddresses(segment, frameOffset, source, destination);

        assertArrayEquals(expected, segment.toArray(ValueLayout.JAVA_BYTE));
    }
}
