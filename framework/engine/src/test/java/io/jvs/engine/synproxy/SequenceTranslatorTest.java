package io.jvs.engine.synproxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.forward.NaiveChecksums;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The translator on options at odd offsets (a NOP before them instead of two): the checksum must
 * follow the 16-bit words the fields straddle. Checked by the test's own from-scratch checksum.
 */
class SequenceTranslatorTest {

    static final int L4 = 14 + 20;

    /** An IPv4 TCP frame whose 20 option bytes are replaced by {@code options}, checksum recomputed from scratch. */
    static byte[] frame(int flags, byte[] options) {
        byte[] f = PacketBuilder.tcp4().src("198.51.100.10", 40000).dst("198.51.100.7", 8080).flags(flags).seq(1000)
                .ack(5000).window(100).timestamps(0, 0).sackBlock(0, 0).build();
        int headerLength = ((f[L4 + 12] & 0xFF) >>> 4) * 4;
        assertEquals(20 + options.length, headerLength, "the builder made room for the options");
        System.arraycopy(options, 0, f, L4 + 20, options.length);
        f[L4 + 16] = 0;
        f[L4 + 17] = 0;
        int tcpLength = f.length - L4;
        long sum = 6 + tcpLength;
        for (int i = 26; i < 34; i += 2) {
            sum += (f[i] & 0xFF) << 8 | (f[i + 1] & 0xFF);
        }
        for (int i = L4; i < f.length; i += 2) {
            sum += (f[i] & 0xFF) << 8 | (i + 1 < f.length ? f[i + 1] & 0xFF : 0);
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        int checksum = ~(int) sum & 0xFFFF;
        f[L4 + 16] = (byte) (checksum >>> 8);
        f[L4 + 17] = (byte) checksum;
        assertEquals(List.of(), NaiveChecksums.problems(f));
        return f;
    }

    static byte[] oddOptions(int tsval, int tsecr, int left, int right) {
        // NOP, timestamps (offset 21, values at 23 and 27), NOP, SACK with one block (offset 32, edges at 34
        // and 38), NOP, NOP: the builder's 24 option bytes, timestamps straddling 16-bit words.
        byte[] o = new byte[24];
        o[0] = 1;
        o[1] = 8;
        o[2] = 10;
        putInt(o, 3, tsval);
        putInt(o, 7, tsecr);
        o[11] = 1;
        o[12] = 5;
        o[13] = 10;
        putInt(o, 14, left);
        putInt(o, 18, right);
        o[22] = 1;
        o[23] = 1;
        return o;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    @Test
    void shouldTranslateOptionsAtOddOffsetsWithARightChecksum() {
        byte[] f = frame(TcpFlags.ACK, oddOptions(111, 222, 0x7FFFFFF0, 0x80000010));
        int delta = 0x12345679;
        int tsDelta = -1_000_003;
        new SequenceTranslator().toServer(MemorySegment.ofArray(f), L4, 44, delta, tsDelta,
                SequenceTranslator.pack(7, 7, 7, 7, true));
        assertEquals(List.of(), NaiveChecksums.problems(f), "checksum after the translation");
        TcpSegment got = TcpSegment.decode(f);
        assertEquals((5000 + delta) & 0xFFFF_FFFFL, got.ack());
        assertEquals(1000, got.seq());
        assertArrayEquals(new long[] {(0x7FFFFFF0L + delta) & 0xFFFF_FFFFL, (0x80000010L + delta) & 0xFFFF_FFFFL},
                got.sackBlocks().get(0));
        assertEquals((222L + tsDelta) & 0xFFFF_FFFFL, got.tsecr());
        assertEquals(111, got.tsval());
    }

    @Test
    void shouldTranslateTheServersSequenceTimestampAndWindowTowardTheClient() {
        byte[] f = frame(TcpFlags.ACK, oddOptions(5_000_000, 77, 1, 2));
        new SequenceTranslator().toClient(MemorySegment.ofArray(f), L4, 44, 999, 4_000_000,
                SequenceTranslator.pack(9, 7, 0, 0, true));
        assertEquals(List.of(), NaiveChecksums.problems(f));
        TcpSegment got = TcpSegment.decode(f);
        assertEquals(1000 - 999, got.seq());
        assertEquals(5000, got.ack(), "the client's space: unchanged");
        assertEquals(1_000_000, got.tsval());
        assertEquals(77, got.tsecr());
        assertEquals(400, got.window(), "100 at scale 9 is 400 at scale 7");
        assertArrayEquals(new long[] {1, 2}, got.sackBlocks().get(0), "server SACK blocks: client space, unchanged");
    }
}
