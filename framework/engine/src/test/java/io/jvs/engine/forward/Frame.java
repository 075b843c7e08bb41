package io.jvs.engine.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A frame in a buffer with headroom and tailroom, parsed, as a worker holds it: the operation under
 * test works on {@link #packet} and, when it moves or resizes the frame, updates {@link #offset} and
 * {@link #length}.
 */
final class Frame {
    static final int HEADROOM = 128;
    static final int TAILROOM = 128;

    final MemorySegment segment;
    final ParsedPacket packet = new ParsedPacket();
    long offset;
    int length;

    Frame(byte[] bytes) {
        this(bytes, HEADROOM, TAILROOM);
    }

    Frame(byte[] bytes, int headroom, int tailroom) {
        segment = MemorySegment.ofArray(new byte[headroom + bytes.length + tailroom]);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, headroom, bytes.length);
        offset = headroom;
        length = bytes.length;
        assertEquals(ParseResult.OK, PacketParser.parse(segment, offset, length, packet), "the fixture input parses");
    }

    int headroom() {
        return (int) offset;
    }

    int tailroom() {
        return (int) (segment.byteSize() - offset - length);
    }

    byte[] bytes() {
        return segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
    }
}
