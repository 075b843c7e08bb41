package io.jvs.plugins.rendezvous;

import static io.jvs.plugins.rendezvous.RendezvousFixtures.create;
import static io.jvs.plugins.rendezvous.RendezvousFixtures.destinations;
import static io.jvs.plugins.rendezvous.RendezvousFixtures.keys;
import static io.jvs.plugins.rendezvous.RendezvousFixtures.service;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RendezvousSchedulerTest {

    private static final Map<String, Object> SMALL = Map.of(RendezvousSchedulerFactory.TABLE_BITS, 10L);

    @Test
    void shouldSendAPacketToThePrimaryOfTheRowItsKeyedSourceHashPicks() throws Exception {
        List<FakeDestination> members = destinations(8, new Random(1));
        FakeService service = service(members);
        RendezvousScheduler glb = create(service, Map.of(RendezvousSchedulerFactory.TABLE_HASH,
                RendezvousSchedulerFactory.TABLE_HASH_SIPHASH));
        byte[] key = RendezvousSettingsTest.hex(RendezvousSchedulerFactory.KEY_DEFAULT);
        GlbTableModel model = new GlbTableModel(key);
        List<String> hosts = new ArrayList<>();
        for (DestinationAddress address : RendezvousFixtures.addresses(members)) {
            hosts.add(address.toString());
        }

        Random random = new Random(2);
        for (int i = 0; i < 200; i++) {
            FakePacket packet = FakePacket.tcp(random.nextInt(), 1024 + random.nextInt(60000), 0xCB007101, 80);
            byte[] source = {(byte) (packet.sourceAddressWord(0) >>> 24), (byte) (packet.sourceAddressWord(0) >>> 16),
                (byte) (packet.sourceAddressWord(0) >>> 8), (byte) packet.sourceAddressWord(0)};
            int row = (int) (ReferenceSipHash.littleEndian(ReferenceSipHash.digest(key, source)) & 0xFFFF);
            List<String> expected = model.row(row, hosts, false);

            assertEquals(row, glb.rowOf(packet));
            assertEquals(expected.get(0), glb.schedule(service, packet, 0L).key());
            DestinationView[] hops = new DestinationView[2];
            assertEquals(2, glb.hopsFor(packet, hops));
            assertEquals(expected.subList(0, 2), List.of(hops[0].key(), hops[1].key()));
        }
    }

    @Test
    void shouldGiveTheRowWithoutTheFirstHopAsNextHops() throws Exception {
        List<FakeDestination> members = destinations(5, new Random(7));
        FakeService service = service(members);
        RendezvousScheduler glb = create(service, Map.of(RendezvousSchedulerFactory.TABLE_BITS, 10L,
                RendezvousSchedulerFactory.HOPS, 3L));
        Random random = new Random(8);
        for (int i = 0; i < 100; i++) {
            FakePacket packet = FakePacket.tcp(random.nextInt(), 1024 + random.nextInt(60000), 0xCB007101, 80);
            int row = glb.rowOf(packet);
            DestinationView primary = glb.hop(row, 0);
            DestinationView[] next = new DestinationView[7];

            assertEquals(2, glb.nextHops(service, packet, primary, next));
            assertSame(glb.hop(row, 1), next[0]);
            assertSame(glb.hop(row, 2), next[1]);

            assertEquals(2, glb.nextHops(service, packet, glb.hop(row, 1), next), "a secondary's packet");
            assertSame(primary, next[0]);
            assertSame(glb.hop(row, 2), next[1]);

            DestinationView outsider = members.stream().filter(m -> m != primary && m != glb.hop(row, 1)
                    && m != glb.hop(row, 2)).findFirst().orElseThrow();
            assertEquals(3, glb.nextHops(service, packet, outsider, next), "a connection the table moved away");
            assertSame(primary, next[0]);

            assertEquals(1, glb.nextHops(service, packet, outsider, new DestinationView[1]), "bounded by out");
        }
    }

    @Test
    void shouldFallBackToTheSecondaryThenToFollowingRowsWhenHopsAreNotEligible() throws Exception {
        List<FakeDestination> members = destinations(6, new Random(3));
        FakeService service = service(members);
        RendezvousScheduler glb = create(service, SMALL);
        FakePacket packet = FakePacket.tcp("198.51.100.77", 40000, "203.0.113.1", 80);
        int row = glb.rowOf(packet);
        FakeDestination primary = (FakeDestination) glb.hop(row, 0);
        FakeDestination secondary = (FakeDestination) glb.hop(row, 1);

        assertSame(primary, glb.schedule(service, packet, 0L));
        primary.overloaded(true);
        assertSame(secondary, glb.schedule(service, packet, 0L));
        secondary.weight(0);
        DestinationView expected = null;
        for (int probe = 1; expected == null; probe++) {
            for (int hop = 0; hop < 2 && expected == null; hop++) {
                DestinationView candidate = glb.hop((row + probe) & (glb.rows() - 1), hop);
                if (candidate.isEligible()) {
                    expected = candidate;
                }
            }
        }
        assertSame(expected, glb.schedule(service, packet, 0L));

        members.forEach(member -> member.available(false));
        assertNull(glb.schedule(service, packet, 0L));
    }

    @Test
    void shouldReturnNoneWithoutDestinationsAndBuildAsTheyAreAdded() throws Exception {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        FakeSchedulerContext context = FakeSchedulerContext.of(service, RendezvousFixtures.parameters(SMALL));
        RendezvousScheduler glb = (RendezvousScheduler) new RendezvousSchedulerFactory().create(context);
        FakePacket packet = FakePacket.tcp("198.51.100.77", 40000, "203.0.113.1", 80);

        assertNull(glb.schedule(service, packet, 0L));
        assertEquals(0, glb.hopsFor(packet, new DestinationView[2]));
        assertEquals(1, context.metrics().count("no-destination"));

        FakeDestination only = service.add(FakeDestination.of("10.0.0.1", 80));
        glb.destinationAdded(service, only);
        assertSame(only, glb.schedule(service, packet, 0L));
        assertNull(glb.hop(glb.rowOf(packet), 1), "one destination: no secondary");
    }

    @Test
    void shouldBuildIdenticalTablesWhateverTheOrderOfTheDestinations() throws Exception {
        List<FakeDestination> members = destinations(40, new Random(4));
        List<FakeDestination> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, new Random(5));
        RendezvousScheduler first = create(service(members), SMALL);
        RendezvousScheduler second = create(service(shuffled), SMALL);

        FakeService grown = service(List.of());
        RendezvousScheduler third = create(grown, SMALL);
        for (FakeDestination member : shuffled) {
            FakeDestination copy = FakeDestination.of(member.socketAddress().getAddress().getHostAddress(), 80);
            grown.add(copy);
            third.destinationAdded(grown, copy);
        }

        assertArrayEquals(keys(first), keys(second));
        assertArrayEquals(keys(first), keys(third));
    }

    @Test
    void shouldSwapExactlyTheRowsWhereADrainingDestinationWasPrimary() throws Exception {
        List<FakeDestination> members = destinations(16, new Random(6));
        RendezvousScheduler glb = create(service(members), Map.of());
        String[][] before = keys(glb);
        String drained = members.get(3).key();

        glb.writeParameterText(drained + "=draining");
        String[][] after = keys(glb);

        int swapped = 0;
        for (int row = 0; row < before.length; row++) {
            if (before[row][0].equals(drained)) {
                assertArrayEquals(new String[] {before[row][1], drained}, after[row], "row " + row);
                swapped++;
            } else {
                assertArrayEquals(before[row], after[row], "row " + row);
            }
        }
        assertTrue(swapped > 65536 / 16 / 2, "the destination was primary of " + swapped + " rows");
        assertEquals(drained + "=draining", glb.parameterText());
    }

    @Test
    void shouldTreatFillingAsActiveAndInactiveAsAbsent() throws Exception {
        List<FakeDestination> members = destinations(12, new Random(7));
        FakeService service = service(members);
        RendezvousScheduler glb = create(service, SMALL);
        String[][] active = keys(glb);
        FakeDestination leaving = members.get(5);

        glb.writeParameterText(leaving.key() + "=draining");
        glb.writeParameterText(leaving.key() + "=inactive");
        List<FakeDestination> others = new ArrayList<>(members);
        others.remove(leaving);
        assertArrayEquals(keys(create(service(others), SMALL)), keys(glb));

        glb.writeParameterText(leaving.key() + "=filling");
        assertArrayEquals(active, keys(glb));
        glb.writeParameterText("");
        assertArrayEquals(active, keys(glb));
        assertEquals("", glb.parameterText());
    }

    @Test
    void shouldJoinANewDestinationInTheStateWrittenBeforeItIsAdded() throws Exception {
        List<FakeDestination> members = destinations(10, new Random(8));
        FakeService service = service(members);
        RendezvousScheduler glb = create(service, SMALL);
        FakeDestination joining = FakeDestination.of("10.9.9.9", 80);

        glb.writeParameterText("10.9.9.9:80=inactive");
        service.add(joining);
        glb.destinationAdded(service, joining);
        for (String[] row : keys(glb)) {
            assertFalse(List.of(row).contains("10.9.9.9:80"));
        }
        glb.writeParameterText("10.9.9.9:80=filling");
        List<FakeDestination> all = new ArrayList<>(members);
        all.add(joining);
        assertArrayEquals(keys(create(service(all), SMALL)), keys(glb));
    }

    @Test
    void shouldRefuseUnsafeTransitionsAndChangeNothing() throws Exception {
        List<FakeDestination> members = destinations(6, new Random(9));
        RendezvousScheduler glb = create(service(members), SMALL);
        String a = members.get(0).key();
        String b = members.get(1).key();
        glb.writeParameterText(a + "=draining");
        String[][] table = keys(glb);

        InvalidParameterException jump = assertThrows(InvalidParameterException.class,
                () -> glb.writeParameterText(a + "=active"));
        assertEquals("glb-states: " + a + ": draining -> active is not a safe transition; from draining go to"
                + " filling or inactive", jump.getMessage());
        InvalidParameterException direct = assertThrows(InvalidParameterException.class,
                () -> glb.writeParameterText(a + "=draining," + b + "=inactive"));
        assertTrue(direct.getMessage().contains(b + ": active -> inactive is not a safe transition"),
                direct.getMessage());
        InvalidParameterException two = assertThrows(InvalidParameterException.class,
                () -> glb.writeParameterText(a + "=draining," + b + "=draining"));
        assertTrue(two.getMessage().startsWith("glb-states: 2 destinations draining or filling"), two.getMessage());
        assertThrows(InvalidParameterException.class, () -> glb.writeParameterText(a + "=drained"));
        assertThrows(InvalidParameterException.class, () -> glb.writeParameterText("host.example:80=draining"));
        assertThrows(InvalidParameterException.class, () -> glb.writeParameterText(a + "=draining," + a + "=draining"));

        assertEquals(a + "=draining", glb.parameterText());
        assertArrayEquals(table, keys(glb));
    }

    @Test
    void shouldAllowAsManyTransitionsAsHopsMinusOne() throws Exception {
        List<FakeDestination> members = destinations(9, new Random(10));
        Map<String, Object> threeHops = Map.of(RendezvousSchedulerFactory.TABLE_BITS, 10L,
                RendezvousSchedulerFactory.HOPS, 3L);
        RendezvousScheduler glb = create(service(members), threeHops);
        String a = members.get(0).key();
        String b = members.get(1).key();
        String c = members.get(2).key();

        glb.writeParameterText(a + "=draining " + b + "=draining");
        assertThrows(InvalidParameterException.class,
                () -> glb.writeParameterText(a + "=draining," + b + "=draining," + c + "=draining"));
        InvalidParameterException atCreate = assertThrows(InvalidParameterException.class,
                () -> create(service(members), Map.of(RendezvousSchedulerFactory.STATES,
                        a + "=draining," + b + "=filling")));
        assertTrue(atCreate.getMessage().contains("at most 1 at a time"), atCreate.getMessage());

        for (int row = 0; row < glb.rows(); row++) {
            String last = glb.hop(row, 2).key();
            String middle = glb.hop(row, 1).key();
            String first = glb.hop(row, 0).key();
            assertFalse(first.equals(a) || first.equals(b), "a draining destination is never first: row " + row);
            if (middle.equals(a) || middle.equals(b)) {
                assertTrue(last.equals(a) || last.equals(b), "draining destinations come last: row " + row);
            }
        }
    }

    @Test
    void shouldRefuseBadParametersAtCreation() {
        FakeService service = service(destinations(3, new Random(11)));
        assertThrows(InvalidParameterException.class,
                () -> create(service, Map.of(RendezvousSchedulerFactory.HASH_FIELDS, "src-ip,ttl")));
        assertThrows(InvalidParameterException.class,
                () -> create(service, Map.of(RendezvousSchedulerFactory.HASH_KEY, "not hex")));
        assertThrows(InvalidParameterException.class,
                () -> create(service, Map.of(RendezvousSchedulerFactory.STATES, "10.0.0.1=draining")));
    }

    @Test
    void shouldScheduleWithoutAllocating() throws Exception {
        List<FakeDestination> members = destinations(64, new Random(12));
        FakeService service = service(members);
        RendezvousScheduler sourceOnly = create(service, Map.of());
        RendezvousScheduler fiveTuple = create(service, Map.of(RendezvousSchedulerFactory.HASH_FIELDS, "5-tuple"));
        List<FakePacket> packets = new ArrayList<>();
        Random random = new Random(13);
        for (int i = 0; i < 1024; i++) {
            packets.add(i % 4 == 0
                    ? FakePacket.tcp("2001:db8::" + Integer.toHexString(random.nextInt(0x10000)), 40000 + i,
                            "2001:db8:1::1", 80)
                    : FakePacket.tcp(random.nextInt(), 1024 + i, 0xCB007101, 80));
        }
        members.get(0).overloaded(true);
        DestinationView[] hops = new DestinationView[2];
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                FakePacket packet = packets.get(i & 1023);
                sourceOnly.schedule(service, packet, i);
                fiveTuple.schedule(service, packet, i);
                sourceOnly.hopsFor(packet, hops);
            }
            allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(allocated <= 256, "allocated " + allocated + " bytes in 300000 calls, least of three rounds");
    }
}
