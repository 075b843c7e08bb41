package io.jvs.engine.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consistency checks every OK parse must satisfy: all offsets and lengths inside the frame. */
final class ParsedPacketInvariants {
    private ParsedPacketInvariants() {
    }

    static void check(int code, ParsedPacket p, long start, int length) {
        assertTrue(code >= 0 && code < ParseResult.COUNT, "code in range");
        long end = start + length;
        if (code == ParseResult.ARP) {
            assertTrue(p.l3Offset() >= start && p.l3Offset() + ArpPacket.LENGTH <= end, "ARP within frame");
            return;
        }
        if (code != ParseResult.OK) {
            return;
        }
        assertTrue(p.family() == 4 || p.family() == 6, "family");
        assertTrue(p.l3Offset() >= start, "l3 >= start");
        long ipEnd = p.ipEndOffset();
        assertTrue(ipEnd <= end, "IP end within frame");
        assertTrue(p.ipHeaderLength() >= (p.family() == 4 ? 20 : 40), "IP header length");
        assertTrue(p.l3Offset() + p.ipHeaderLength() <= ipEnd, "IP header within IP packet");
        assertTrue(p.protocol() >= 0 && p.protocol() <= 255, "protocol");
        long dataStart = p.l3Offset() + p.ipHeaderLength();
        if (p.l4Offset() >= 0) {
            assertEquals(dataStart, p.l4Offset(), "l4 right after IP headers");
            assertTrue(!p.isFragment() || p.isFirstFragment(), "only first fragments have L4");
        } else {
            assertTrue(p.isFragment() && !p.isFirstFragment(), "no L4 only for later fragments");
            assertEquals(0, p.sourcePort());
            assertEquals(0, p.destinationPort());
        }
        assertTrue(p.payloadOffset() >= dataStart, "payload after IP headers");
        assertTrue(p.payloadLength() >= 0, "payload length >= 0");
        assertTrue(p.payloadOffset() + p.payloadLength() <= ipEnd, "payload within IP packet");
        assertTrue(p.sourcePort() >= 0 && p.sourcePort() <= 0xFFFF, "source port");
        assertTrue(p.destinationPort() >= 0 && p.destinationPort() <= 0xFFFF, "destination port");
        for (int i = 0; i < p.payloadLength(); i++) {
            p.payloadByte(i);
        }
        if (p.hasEmbeddedPacket()) {
            assertTrue(p.isIcmpError(), "quote only in ICMP errors");
            assertEquals(p.family(), p.embeddedFamily(), "quote of the same family");
            assertTrue(p.embeddedL3Offset() >= p.payloadOffset(), "quote inside ICMP payload");
            assertTrue(p.embeddedL3Offset() + (p.embeddedFamily() == 4 ? 20 : 40) <= ipEnd, "quoted header inside");
            if (p.embeddedL4Offset() >= 0) {
                assertTrue(p.embeddedL4Offset() > p.embeddedL3Offset() && p.embeddedL4Offset() < ipEnd,
                        "quoted L4 inside");
            }
            if (p.hasEmbeddedPorts()) {
                assertTrue(p.embeddedL4Offset() + 4 <= ipEnd, "quoted ports inside");
            }
        } else {
            assertEquals(-1, p.embeddedL4Offset());
        }
    }
}
