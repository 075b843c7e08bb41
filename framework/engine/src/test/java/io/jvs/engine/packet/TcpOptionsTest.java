package io.jvs.engine.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TcpOptionsTest {
    private final TcpOptions options = new TcpOptions();
    private final ParsedPacket p = new ParsedPacket();

    private MemorySegment parsed(byte[] frame) {
        MemorySegment s = MemorySegment.ofArray(frame);
        assertEquals(ParseResult.OK, PacketParser.parse(s, 0, frame.length, p));
        return s;
    }

    @Test
    void shouldReadOptionsOfABuilderMadeSyn() {
        byte[] frame = PacketBuilder.tcp4().flags(TcpFlags.SYN).mss(1460).sackPermitted().timestamps(0x01020304, 0)
                .windowScale(7).build();
        MemorySegment s = parsed(frame);
        assertEquals(40, p.tcpHeaderLength());
        assertEquals("020405b40402080a0102030400000000" + "01030307",
                HexFormat.of().formatHex(frame, (int) p.l4Offset() + 20, (int) p.l4Offset() + 40), "Linux's order");
        assertTrue(options.read(s, p.l4Offset()));
        assertEquals(1460, options.mss());
        assertTrue(options.sackPermitted());
        assertTrue(options.hasTimestamps());
        assertEquals(0x01020304, options.timestampValue());
        assertEquals(0, options.timestampEchoReply());
        assertEquals(7, options.windowScale());
        assertEquals(0, options.sackBlockCount());
        assertFalse(options.isMalformed());
    }

    @Test
    void shouldReadSackBlocks() {
        byte[] frame = PacketBuilder.tcp6().timestamps(5, 6).sackBlock(1000, 2000).sackBlock(3000, 4000)
                .sackBlock(0xFFFFFF00, 0x10).build();
        MemorySegment s = parsed(frame);
        assertTrue(options.read(s, p.l4Offset()));
        assertEquals(-1, options.mss());
        assertEquals(-1, options.windowScale());
        assertFalse(options.sackPermitted());
        assertEquals(5, options.timestampValue());
        assertEquals(6, options.timestampEchoReply());
        assertEquals(3, options.sackBlockCount());
        assertEquals(1000, options.sackBlockLeft(0));
        assertEquals(2000, options.sackBlockRight(0));
        assertEquals(0xFFFFFF00, options.sackBlockLeft(2));
        assertEquals(0x10, options.sackBlockRight(2));
    }

    @Test
    void shouldIterateWithoutAllocatingAndSkipNops() {
        byte[] opts = HexFormat.of().parseHex("0101" + "020405dc" + "01" + "1e0400aa" + "0303" + "0e" + "00" + "ffff");
        MemorySegment s = MemorySegment.ofArray(opts);
        TcpOptionReader reader = new TcpOptionReader().wrap(s, 0, opts.length);
        assertTrue(reader.next());
        assertEquals(TcpOptionReader.MSS, reader.kind());
        assertEquals(4, reader.length());
        assertEquals(2, reader.optionOffset());
        assertEquals(1500, reader.mss());
        assertTrue(reader.next());
        assertEquals(30, reader.kind(), "unknown kinds are returned (MPTCP here)");
        assertTrue(reader.next());
        assertEquals(TcpOptionReader.WINDOW_SCALE, reader.kind());
        assertEquals(14, reader.windowScale());
        assertFalse(reader.next(), "stops at End of Option List");
        assertFalse(reader.isMalformed());
    }

    @Test
    void shouldStopAtMalformedOptionsWithoutReadingPastTheEnd() {
        String[] malformed = {
            "02", // kind without length byte
            "0201", // length 1
            "0200", // length 0
            "020405", // runs past the end
            "0101010108", // timestamps kind at the last byte
            "080a0000000100000002ff", // timestamps fine, then a kind without length
        };
        for (String hex : malformed) {
            byte[] bytes = HexFormat.of().parseHex(hex);
            MemorySegment exact = MemorySegment.ofArray(bytes);
            assertFalse(options.read(exact, 0, bytes.length), hex);
            assertTrue(options.isMalformed(), hex);
        }
        byte[] partial = HexFormat.of().parseHex("080a0000000100000002ff");
        options.read(MemorySegment.ofArray(partial), 0, partial.length);
        assertTrue(options.hasTimestamps(), "what came before the bad option is kept");
        assertEquals(1, options.timestampValue());
    }

    @Test
    void shouldIgnoreKnownOptionsWithWrongLengths() {
        byte[] bytes = HexFormat.of().parseHex("0203ff" + "040300" + "0504aabb" + "030600000000" + "0204ffff");
        assertTrue(options.read(MemorySegment.ofArray(bytes), 0, bytes.length));
        assertEquals(0xFFFF, options.mss(), "only the well-formed MSS counts");
        assertFalse(options.sackPermitted());
        assertEquals(0, options.sackBlockCount());
        assertEquals(-1, options.windowScale());
    }

    @Test
    void shouldSeeNoOptionsInAPlainHeader() {
        MemorySegment s = parsed(PacketBuilder.tcp4().build());
        assertTrue(options.read(s, p.l4Offset()));
        assertEquals(-1, options.mss());
        assertFalse(new TcpOptionReader().wrapHeader(s, p.l4Offset()).next());
    }
}
