package io.jvs.engine.forward;

import static io.jvs.engine.forward.Hosts.CLIENT_PORT;
import static io.jvs.engine.forward.Hosts.JVS;
import static io.jvs.engine.forward.Hosts.LOCAL_PORT;
import static io.jvs.engine.forward.Hosts.REAL;
import static io.jvs.engine.forward.Hosts.REAL_PORT;
import static io.jvs.engine.forward.Hosts.VIRTUAL_PORT;
import static io.jvs.engine.forward.Hosts.client;
import static io.jvs.engine.forward.Hosts.local;
import static io.jvs.engine.forward.Hosts.packet;
import static io.jvs.engine.forward.Hosts.real;
import static io.jvs.engine.forward.Hosts.virtual;
import static io.jvs.engine.forward.Hosts.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.packet.PacketBuilder;
import io.jvs.spi.IpProtocol;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every operation allocates nothing per packet: over 20,000 calls (the frame restored from a
 * pristine copy before each) this thread allocates fewer bytes than there were calls, as the JVM
 * counts them. One allocation per call would cost at least 16 bytes per call; the slack absorbs the
 * odd one-off allocation of the JVM itself (deoptimisation, linkage). A byte count, not a timing.
 */
class AllocationFreeTest {
    private static final int CALLS = 20_000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Runs the operation (which must succeed) on the restored frame CALLS times; returns the bytes allocated meanwhile. */
    private static long allocationOf(PacketBuilder input, ToIntFunction<Frame> operation) {
        Frame frame = new Frame(input.build());
        MemorySegment pristine = MemorySegment.ofArray(new byte[(int) frame.segment.byteSize()]);
        MemorySegment.copy(frame.segment, 0, pristine, 0, pristine.byteSize());
        IntSupplier call = () -> {
            MemorySegment.copy(pristine, 0, frame.segment, 0, pristine.byteSize());
            return operation.applyAsInt(frame);
        };
        for (int i = 0; i < CALLS; i++) {
            assertEquals(ForwardResult.OK, call.getAsInt());
        }
        long before = allocatedBytes();
        int failures = 0;
        for (int i = 0; i < CALLS; i++) {
            failures += call.getAsInt() == ForwardResult.OK ? 0 : 1;
        }
        long allocated = allocatedBytes() - before;
        long empty = allocatedBytes();
        long measuringCost = allocatedBytes() - empty;
        assertEquals(0, failures);
        return allocated - measuringCost;
    }

    private static void assertFewerBytesThanCalls(String operation, long allocated) {
        assertTrue(allocated < CALLS, operation + ": " + allocated + " bytes allocated over " + CALLS + " calls");
    }

    @Test
    void shouldAllocateNothingPerPacket() {
        Assumptions.assumeTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        int v4 = 4;
        int v6 = 6;
        int[] r4 = words(real(v4));
        int[] r6 = words(real(v6));
        int[] l6 = words(local(v6));
        int[] v6w = words(virtual(v6));
        TunnelEncapsulator encapsulator = TunnelEncapsulatorTest.encapsulator();
        IcmpTooBigResponder responder = new IcmpTooBigResponder(0);
        TunnelSettings greWithKey = TunnelSettings.greWithKey(9);
        PacketBuilder tcp4 = packet(v4, IpProtocol.TCP, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT);
        PacketBuilder udp6 = packet(v6, IpProtocol.UDP, client(v6), CLIENT_PORT, virtual(v6), VIRTUAL_PORT);
        PacketBuilder error6 = PacketBuilder.icmp6().src(client(v6)).dst(virtual(v6)).icmpError(1, 4,
                packet(v6, IpProtocol.UDP, virtual(v6), VIRTUAL_PORT, client(v6), CLIENT_PORT));

        assertFewerBytesThanCalls("NAT rewrite and Ethernet addresses, IPv4 TCP", allocationOf(tcp4,
                f -> AddressRewriter.rewriteDestination(f.packet, r4[0], 0, 0, 0, REAL_PORT)
                        + EthernetRewriter.setAddresses(f.packet, JVS, REAL)));
        assertFewerBytesThanCalls("FULLNAT rewrite, IPv6 UDP", allocationOf(udp6,
                f -> AddressRewriter.rewriteSourceAndDestination(f.packet,
                        l6[0], l6[1], l6[2], l6[3], LOCAL_PORT, r6[0], r6[1], r6[2], r6[3], REAL_PORT)));
        assertFewerBytesThanCalls("TTL decrement, IPv6", allocationOf(udp6,
                f -> AddressRewriter.decrementTtl(f.packet)));
        assertFewerBytesThanCalls("GUE encapsulation over IPv6, computed UDP checksum", allocationOf(udp6,
                f -> encapsulator.encapsulate(f.packet, f.headroom(), TunnelSettings.gue(), v6, r6[0], r6[1], r6[2], r6[3])));
        assertFewerBytesThanCalls("GRE encapsulation with key over IPv4", allocationOf(tcp4,
                f -> encapsulator.encapsulate(f.packet, f.headroom(), greWithKey, v4, r4[0], 0, 0, 0)));
        assertFewerBytesThanCalls("too-big reply, IPv6", allocationOf(udp6,
                f -> responder.respond(f.packet, f.tailroom(), 1280)));
        assertFewerBytesThanCalls("ICMPv6 error translation, FULLNAT", allocationOf(error6,
                f -> IcmpErrorTranslator.fullNatFromClient(f.packet, r6[0], r6[1], r6[2], r6[3], REAL_PORT,
                        v6w[0], v6w[1], v6w[2], v6w[3], VIRTUAL_PORT)));
    }
}
