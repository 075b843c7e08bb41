package io.jvs.plugins.offsethash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** offh on the test kit's fakes: session keys, choices, short payloads, fallbacks, the parameter file. */
class OffsetHashSchedulerTest {

    private final OffsetHashSchedulerFactory factory = new OffsetHashSchedulerFactory();
    private final FakeService service = FakeService.udp("203.0.113.5", 4000);
    private FakeSchedulerContext context;

    private Scheduler create(Map<String, ?> parameters) throws InvalidParameterException {
        context = FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters(), parameters));
        return factory.create(context);
    }

    private List<FakeDestination> addDestinations(int count) {
        List<FakeDestination> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            list.add(service.add(FakeDestination.of("198.51.100." + i, 4000)));
        }
        return list;
    }

    private static FakePacket datagram(String client, int port, byte[] payload) {
        return FakePacket.udp(client, port, "203.0.113.5", 4000).payload(payload);
    }

    /** A payload of {@code size} bytes with the session id {@code session} (8 bytes, big-endian) at {@code offset}. */
    private static byte[] payload(int size, int offset, long session) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        for (int b = 0; b < 8; b++) {
            bytes[offset + b] = (byte) (session >>> (56 - 8 * b));
        }
        return bytes;
    }

    @Test
    void shouldKeyASessionByTheDigestOfItsBytes() throws InvalidParameterException {
        addDestinations(3);
        Random random = new Random(11);
        for (int length = 1; length <= SessionIdPosition.MAX_LENGTH; length++) {
            int offset = random.nextInt(100);
            Scheduler offh = create(Map.of("offset", (long) offset, "offlen", (long) length));
            byte[] bytes = new byte[offset + length + random.nextInt(20)];
            random.nextBytes(bytes);
            FakePacket packet = datagram("192.0.2.1", 5000, bytes);
            assertEquals(ReferenceDigest.sessionKey(packet, offset, length), offh.sessionKey(packet),
                    "offset " + offset + " offlen " + length);
            assertEquals(offset + length, offh.payloadBytesNeeded());
        }
    }

    @Test
    void shouldGiveEqualSessionsFromAnyTupleTheSameKeyAndDestination() throws InvalidParameterException {
        addDestinations(5);
        Scheduler offh = create(Map.of("offset", 4L, "offlen", 8L));
        Random random = new Random(3);
        for (int session = 0; session < 200; session++) {
            long id = random.nextLong();
            FakePacket a = datagram("192.0.2.1", 5000, payload(40, 4, id));
            byte[] other = payload(20, 4, id);
            other[0] = 99;
            other[19] = 42;
            FakePacket b = datagram("192.0.2.77", 6001, other);
            assertEquals(offh.sessionKey(a), offh.sessionKey(b));
            assertNotEquals(Scheduler.NO_SESSION_KEY, offh.sessionKey(a));
            assertSame(offh.schedule(service, a, 0), offh.schedule(service, b, 0));
        }
    }

    @Test
    void shouldSpreadSessionsOverTheDestinations() throws InvalidParameterException {
        List<FakeDestination> all = addDestinations(4);
        Scheduler offh = create(Map.of());
        Map<DestinationView, Integer> counts = new HashMap<>();
        Random random = new Random(5);
        for (int i = 0; i < 40_000; i++) {
            counts.merge(offh.schedule(service, datagram("192.0.2.1", 5000, payload(8, 0, random.nextLong())), 0), 1,
                    Integer::sum);
        }
        for (FakeDestination d : all) {
            assertTrue(Math.abs(counts.get(d) - 10_000) < 500, counts.toString());
        }
    }

    @Test
    void shouldSendNoNewSessionToAQuiescentDestination() throws InvalidParameterException {
        List<FakeDestination> all = addDestinations(3);
        all.get(1).weight(0);
        Scheduler offh = create(Map.of());
        Random random = new Random(6);
        for (int i = 0; i < 5_000; i++) {
            assertNotSame(all.get(1), offh.schedule(service, datagram("192.0.2.1", 5000, payload(8, 0, random.nextLong())), 0));
        }
        assertEquals(0, context.metrics().count("fallbacks"), "weight 0 is left out of the table");
    }

    @Test
    void shouldMoveOnlyTheSessionsOfAnOverloadedDestination() throws InvalidParameterException {
        List<FakeDestination> all = addDestinations(4);
        Scheduler offh = create(Map.of());
        Random random = new Random(7);
        FakePacket[] packets = new FakePacket[4_000];
        DestinationView[] before = new DestinationView[packets.length];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = datagram("192.0.2.1", 5000, payload(8, 0, random.nextLong()));
            before[i] = offh.schedule(service, packets[i], 0);
        }
        FakeDestination busy = all.get(2);
        busy.overloaded(true);
        int moved = 0;
        Set<DestinationView> targets = new HashSet<>();
        for (int i = 0; i < packets.length; i++) {
            DestinationView now = offh.schedule(service, packets[i], 0);
            if (before[i] == busy) {
                assertNotSame(busy, now);
                targets.add(now);
                moved++;
            } else {
                assertSame(before[i], now, "a session of an eligible destination keeps it");
            }
        }
        assertEquals(moved, context.metrics().count("fallbacks"));
        assertEquals(3, targets.size(), "the overloaded destination's sessions spread over the other three");
    }

    @Test
    void shouldReturnNoneWhenNothingIsEligible() throws InvalidParameterException {
        Scheduler offh = create(Map.of());
        FakePacket packet = datagram("192.0.2.1", 5000, payload(8, 0, 1));
        assertNull(offh.schedule(service, packet, 0), "no destination at all");
        List<FakeDestination> all = addDestinations(2);
        offh.destinationAdded(service, all.get(1));
        all.forEach(d -> d.overloaded(true));
        assertNull(offh.schedule(service, packet, 0));
        all.get(0).overloaded(false);
        assertSame(all.get(0), offh.schedule(service, packet, 0));
    }

    @Test
    void shouldChooseShortPayloadsByClientAddressAndCountThem() throws InvalidParameterException {
        addDestinations(5);
        Scheduler offh = create(Map.of("offset", 4L, "offlen", 8L));
        byte[] tooShort = new byte[11];
        assertEquals(Scheduler.NO_SESSION_KEY, offh.sessionKey(datagram("192.0.2.1", 5000, tooShort)));
        Set<DestinationView> chosen = new HashSet<>();
        for (int client = 1; client <= 50; client++) {
            DestinationView first = offh.schedule(service, datagram("192.0.2." + client, 5000, tooShort), 0);
            assertSame(first, offh.schedule(service, datagram("192.0.2." + client, 7000, new byte[3]), 0),
                    "the same client address meets the same destination");
            chosen.add(first);
        }
        assertTrue(chosen.size() >= 4, "clients spread: " + chosen);
        assertEquals(100, context.metrics().count("short-payload-fallbacks"));
        assertEquals(0, context.metrics().count("short-payload-drops"));
    }

    @Test
    void shouldDropShortPayloadsWhenAskedAndCountThem() throws InvalidParameterException {
        addDestinations(2);
        Scheduler offh = create(Map.of("offset", 4L, "offlen", 8L, "short-payload", "drop"));
        assertNull(offh.schedule(service, datagram("192.0.2.1", 5000, new byte[11]), 0));
        assertNull(offh.schedule(service, datagram("192.0.2.1", 5000, new byte[0]), 0));
        assertTrue(offh.schedule(service, datagram("192.0.2.1", 5000, new byte[12]), 0) != null);
        assertEquals(2, context.metrics().count("short-payload-drops"));
        assertEquals(0, context.metrics().count("short-payload-fallbacks"));
    }

    @Test
    void shouldMapADigestOfZeroToAnotherKey() {
        assertEquals(SessionDigest.ZERO_REPLACEMENT, SessionDigest.nonZero(0));
        assertNotEquals(0, SessionDigest.ZERO_REPLACEMENT);
        assertEquals(42, SessionDigest.nonZero(42));
    }

    @Test
    void shouldReadAndWriteTheParameterFileAtomically() throws InvalidParameterException {
        addDestinations(3);
        Scheduler offh = create(Map.of("offset", 4L, "offlen", 8L));
        assertEquals("offset:4;offlen:8", offh.parameterText());
        FakePacket packet = datagram("192.0.2.1", 5000, payload(40, 10, 0x0123_4567_89AB_CDEFL));
        offh.writeParameterText("offset:10 offlen:8\n");
        assertEquals("offset:10;offlen:8", offh.parameterText());
        assertEquals(18, offh.payloadBytesNeeded());
        assertEquals(ReferenceDigest.sessionKey(packet, 10, 8), offh.sessionKey(packet));
        offh.writeParameterText("offset:2;offlen:16");
        assertEquals("offset:2;offlen:16", offh.parameterText());
        assertEquals(ReferenceDigest.sessionKey(packet, 2, 16), offh.sessionKey(packet));

        for (String invalid : List.of("offset:2 offlen:65", "offset:1473 offlen:1", "offlen:3", "offset:1 offlen:2 x:3",
                "garbage")) {
            InvalidParameterException e = assertThrows(InvalidParameterException.class,
                    () -> offh.writeParameterText(invalid));
            assertTrue(e.getMessage().contains("EINVAL"), e.getMessage());
            assertEquals("offset:2;offlen:16", offh.parameterText(), "nothing changed after " + invalid);
            assertEquals(ReferenceDigest.sessionKey(packet, 2, 16), offh.sessionKey(packet));
        }
    }

    @Test
    void shouldRebuildTheTableInTheHooks() throws InvalidParameterException {
        List<FakeDestination> all = addDestinations(2);
        Scheduler offh = create(Map.of());
        FakeDestination added = service.add(FakeDestination.of("198.51.100.3", 4000));
        offh.destinationAdded(service, added);
        Random random = new Random(8);
        int toAdded = 0;
        FakePacket[] packets = new FakePacket[3_000];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = datagram("192.0.2.1", 5000, payload(8, 0, random.nextLong()));
            toAdded += offh.schedule(service, packets[i], 0) == added ? 1 : 0;
        }
        assertTrue(toAdded > 800 && toAdded < 1200, "about a third: " + toAdded);
        service.remove(all.get(0));
        offh.destinationRemoved(service, all.get(0));
        for (FakePacket p : packets) {
            assertNotSame(all.get(0), offh.schedule(service, p, 0));
        }
        assertEquals(0, context.metrics().count("fallbacks"), "the removed destination left the table");
        all.get(1).weight(3);
        offh.destinationUpdated(service, all.get(1));
        int toHeavy = 0;
        for (FakePacket p : packets) {
            toHeavy += offh.schedule(service, p, 0) == all.get(1) ? 1 : 0;
        }
        assertTrue(toHeavy > 2050 && toHeavy < 2450, "weights 3:1 give about three quarters: " + toHeavy);
    }

    @Test
    void shouldNotAllocateWhileKeyingAndScheduling() throws InvalidParameterException {
        addDestinations(10).get(3).overloaded(true);
        Scheduler offh = create(Map.of("offset", 4L, "offlen", 12L));
        Random random = new Random(9);
        PacketView[] packets = new PacketView[1024];
        for (int i = 0; i < packets.length; i++) {
            byte[] bytes = new byte[i % 16 == 0 ? 10 : 64];
            random.nextBytes(bytes);
            packets[i] = datagram("192.0.2." + (i & 255), 5000 + i, bytes);
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = run(offh, packets, 200_000);
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            sum += run(offh, packets, 100_000);
            allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(sum != 0);
        assertTrue(allocated <= 256, "allocated " + allocated + " bytes in 100000 calls, least of three rounds");
    }

    private long run(Scheduler offh, PacketView[] packets, int calls) {
        long sum = 0;
        for (int i = 0; i < calls; i++) {
            PacketView p = packets[i & (packets.length - 1)];
            sum += offh.sessionKey(p);
            DestinationView d = offh.schedule(service, p, i);
            sum += d == null ? 0 : d.port();
        }
        return sum;
    }
}
