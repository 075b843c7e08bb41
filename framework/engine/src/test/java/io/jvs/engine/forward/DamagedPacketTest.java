package io.jvs.engine.forward;

import static io.jvs.engine.forward.Hosts.CLIENT_PORT;
import static io.jvs.engine.forward.Hosts.LOCAL_PORT;
import static io.jvs.engine.forward.Hosts.REAL_PORT;
import static io.jvs.engine.forward.Hosts.VIRTUAL_PORT;
import static io.jvs.engine.forward.Hosts.client;
import static io.jvs.engine.forward.Hosts.local;
import static io.jvs.engine.forward.Hosts.real;
import static io.jvs.engine.forward.Hosts.virtual;
import static io.jvs.engine.forward.Hosts.words;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

/**
 * Damaged and truncated variants of every fixture input that the parser still accepts go through
 * every operation: none throws, each returns a known code, and a refusal leaves the bytes as they
 * were (headroom and tailroom included).
 */
class DamagedPacketTest {
    static final List<byte[]> INPUTS = Stream.of(AddressRewriterTest.all(), TunnelEncapsulatorTest.all(),
                    IcmpTooBigResponderTest.all(), IcmpErrorTranslatorTest.all())
            .flatMap(s -> s).map(fixture -> fixture.input().get()).toList();

    /**
     * A fixture input with some bytes overwritten, possibly cut short; an untagged IPv4 header gets a
     * valid checksum again, so that damaged header fields reach the operations instead of stopping at
     * the parser.
     */
    record Damage(int input, int[] positions, byte[] values, int cut) {
        byte[] apply() {
            byte[] frame = INPUTS.get(input).clone();
            for (int i = 0; i < positions.length; i++) {
                frame[positions[i] % frame.length] = values[i];
            }
            int headerLength = (frame[14] & 0x0F) * 4;
            if (NaiveChecksums.u16(frame, 12) == 0x0800 && headerLength >= 20 && 14 + headerLength <= frame.length) {
                frame[14 + 10] = 0;
                frame[14 + 11] = 0;
                int checksum = ~NaiveChecksums.fold(NaiveChecksums.sum(frame, 14, 14 + headerLength)) & 0xFFFF;
                frame[14 + 10] = (byte) (checksum >>> 8);
                frame[14 + 11] = (byte) checksum;
            }
            return Arrays.copyOf(frame, Math.max(14, frame.length - cut));
        }
    }

    @Provide
    Arbitrary<Damage> damages() {
        Arbitrary<int[]> positions = Arbitraries.integers().between(12, 2000).array(int[].class).ofSize(3);
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofSize(3);
        return Combinators.combine(Arbitraries.integers().between(0, INPUTS.size() - 1), positions,
                values, Arbitraries.integers().between(0, 64).withDistribution(RandomDistribution.uniform())
                        .map(c -> c < 48 ? 0 : c - 48))
                .as(Damage::new);
    }

    static List<ToIntFunction<Frame>> operations() {
        return Stream.of(4, 6).flatMap(family -> {
            int[] c = words(client(family));
            int[] v = words(virtual(family));
            int[] r = words(real(family));
            int[] l = words(local(family));
            TunnelEncapsulator encapsulator = new TunnelEncapsulator(1, new int[4], 1400, 0);
            IcmpTooBigResponder responder = new IcmpTooBigResponder(0);
            return Stream.<ToIntFunction<Frame>>of(
                    f -> AddressRewriter.rewriteDestination(f.packet, r[0], r[1], r[2], r[3], REAL_PORT),
                    f -> AddressRewriter.rewriteSource(f.packet, v[0], v[1], v[2], v[3], VIRTUAL_PORT),
                    f -> AddressRewriter.rewriteSourceAndDestination(f.packet, l[0], l[1], l[2], l[3], LOCAL_PORT,
                            r[0], r[1], r[2], r[3], REAL_PORT),
                    f -> AddressRewriter.decrementTtl(f.packet),
                    f -> EthernetRewriter.setAddresses(f.packet, 1, 2),
                    f -> encapsulator.encapsulate(f.packet, f.headroom(), TunnelSettings.gue(), family,
                            r[0], r[1], r[2], r[3]),
                    f -> responder.respond(f.packet, f.tailroom(), 1280),
                    f -> IcmpErrorTranslator.natFromRealServer(f.packet, v[0], v[1], v[2], v[3], VIRTUAL_PORT),
                    f -> IcmpErrorTranslator.natFromClient(f.packet, r[0], r[1], r[2], r[3], REAL_PORT),
                    f -> IcmpErrorTranslator.fullNatFromRealServer(f.packet, v[0], v[1], v[2], v[3], VIRTUAL_PORT,
                            c[0], c[1], c[2], c[3], CLIENT_PORT),
                    f -> IcmpErrorTranslator.fullNatFromClient(f.packet, r[0], r[1], r[2], r[3], REAL_PORT,
                            l[0], l[1], l[2], l[3], LOCAL_PORT));
        }).toList();
    }

    @Property(tries = 800, seed = "20260101")
    void shouldNeverThrowOnAPacketTheParserAccepts(@ForAll("damages") Damage damage) {
        byte[] frame = damage.apply();
        ParsedPacket probe = new ParsedPacket();
        if (PacketParser.parse(MemorySegment.ofArray(frame), 0, frame.length, probe) != ParseResult.OK) {
            return;
        }
        for (ToIntFunction<Frame> operation : operations()) {
            for (int room : new int[] {0, 16, Frame.HEADROOM}) {
                Frame target = new Frame(frame, room, room);
                byte[] before = target.segment.toArray(ValueLayout.JAVA_BYTE);
                int result = operation.applyAsInt(target);
                assertTrue(result >= 0 && result < ForwardResult.COUNT, "a known code: " + result);
                if (result != ForwardResult.OK) {
                    assertArrayEquals(before, target.segment.toArray(ValueLayout.JAVA_BYTE),
                            ForwardResult.name(result) + " leaves the buffer as it was");
                }
            }
        }
    }
}
