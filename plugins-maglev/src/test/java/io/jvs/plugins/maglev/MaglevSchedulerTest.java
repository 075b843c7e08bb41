package io.jvs.plugins.maglev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.ParameterType;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaglevSchedulerTest {

    private static final int M = 1021;

    private final FakeService service = FakeService.tcp("203.0.113.1", 80);
    private final List<FakeDestination> destinations = new ArrayList<>();

    static FakeParameters parameters(int tableSize, String hashFields, boolean port, boolean fallback) {
        return FakeParameters.of(Map.of(MaglevSchedulerFactory.TABLE_SIZE, (long) tableSize,
                MaglevSchedulerFactory.HASH_FIELDS, hashFields, MaglevSchedulerFactory.PORT_FLAG, port,
                MaglevSchedulerFactory.FALLBACK_FLAG, fallback));
    }

    private FakeSchedulerContext context(String hashFields, boolean port, boolean fallback) {
        return FakeSchedulerContext.of(service, parameters(M, hashFields, port, fallback));
    }

    private MaglevScheduler create(FakeSchedulerContext context) throws InvalidParameterException {
        return (MaglevScheduler) new MaglevSchedulerFactory().create(context);
    }

    private void addDestinations(int count) {
        for (int i = 1; i <= count; i++) {
            destinations.add(service.add(FakeDestination.of("10.0.0." + i, 8080)));
        }
    }

    private static PacketView client(int host, int port) {
        return FakePacket.tcp("198.51.100." + host, port, "203.0.113.1", 80);
    }

    /** The owner of a flow's slot, computed from the table the scheduler published and a table built here. */
    private static DestinationView expectedOwner(MaglevScheduler scheduler, long flowHash) {
        MaglevSnapshot snapshot = scheduler.currentSnapshot();
        List<String> keys = new ArrayList<>();
        int[] weights = new int[snapshot.destinations().length];
        for (int i = 0; i < weights.length; i++) {
            keys.add(snapshot.destinations()[i].key());
            weights[i] = snapshot.destinations()[i].weight();
        }
        int[] table = MaglevTable.build(keys, weights, M);
        assertArrayEquals(table, snapshot.table());
        int slot = (int) (((flowHash >>> 32) * M) >>> 32);
        return snapshot.destinations()[table[slot]];
    }

    private static List<String> keysOf(MaglevSnapshot snapshot) {
        return List.of(snapshot.destinations()).stream().map(DestinationView::key).toList();
    }

    @Test
    void shouldBeNamedMhAndDeclareItsParameters() {
        MaglevSchedulerFactory factory = new MaglevSchedulerFactory();

        assertEquals("mh", factory.name());
        List<String> names = factory.parameters().stream().map(ParameterSpec::name).toList();
        assertEquals(List.of("table-size", "hash-fields", "mh-port", "mh-fallback"), names);
        ParameterSpec tableSize = factory.parameters().getFirst();
        assertEquals(ParameterType.INTEGER, tableSize.type());
        assertEquals("65537", tableSize.defaultValue());
        assertEquals(List.of("source-ip", "source-ip-port", "5-tuple"), factory.parameters().get(1).choices());
        assertEquals("source-ip", factory.parameters().get(1).defaultValue());
    }

    @Test
    void shouldSortDestinationsByKeyAndIndexTheTableWithTheSourceAddressHash() throws Exception {
        addDestinations(5);
        MaglevScheduler mh = create(context("source-ip", false, false));

        assertEquals(List.of("10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080", "10.0.0.4:8080", "10.0.0.5:8080"),
                keysOf(mh.currentSnapshot()));
        for (int host = 0; host < 200; host++) {
            PacketView packet = client(host, 40000 + host);
            long hash = FlowHash.hash(packet, false, false);

            assertSame(expectedOwner(mh, hash), mh.schedule(service, packet, 0L));
        }
    }

    @Test
    void shouldKeepAClientOnOneDestinationWhateverItsSourcePortByDefault() throws Exception {
        addDestinations(10);
        Scheduler mh = create(context("source-ip", false, false));

        DestinationView first = mh.schedule(service, client(9, 1024), 0L);
        for (int port = 1025; port < 1300; port++) {
            assertSame(first, mh.schedule(service, client(9, port), 0L));
        }
    }

    @Test
    void shouldSpreadAClientsPortsWithMhPort() throws Exception {
        addDestinations(10);
        Scheduler mh = create(context("source-ip", true, false));

        Set<DestinationView> chosen = new HashSet<>();
        for (int port = 1024; port < 1300; port++) {
            DestinationView d = mh.schedule(service, client(9, port), 0L);
            assertSame(d, mh.schedule(service, client(9, port), 0L));
            chosen.add(d);
        }
        assertEquals(10, chosen.size());
    }

    @Test
    void shouldMakeMhPortEqualToSourceIpPort() throws Exception {
        addDestinations(10);
        Scheduler withFlag = create(context("source-ip", true, false));
        Scheduler withChoice = create(context("source-ip-port", false, false));

        for (int port = 1024; port < 1300; port++) {
            assertSame(withChoice.schedule(service, client(3, port), 0L), withFlag.schedule(service, client(3, port), 0L));
        }
    }

    @Test
    void shouldHashTheVirtualAddressWithFiveTuple() throws Exception {
        addDestinations(10);
        MaglevScheduler mh = create(context("5-tuple", false, false));

        for (int vip = 1; vip < 100; vip++) {
            PacketView packet = FakePacket.tcp("198.51.100.7", 5555, "203.0.113." + vip, 80);

            assertSame(expectedOwner(mh, FlowHash.hash(packet, true, true)), mh.schedule(service, packet, 0L));
        }
    }

    @Test
    void shouldRefuseTheFlowWhenTheOwnerIsIneligibleWithoutFallback() throws Exception {
        addDestinations(4);
        Scheduler mh = create(context("source-ip", false, false));
        PacketView packet = client(1, 1000);
        FakeDestination owner = (FakeDestination) mh.schedule(service, packet, 0L);

        owner.overloaded(true);

        assertNull(mh.schedule(service, packet, 0L));
        owner.overloaded(false).available(false);
        assertNull(mh.schedule(service, packet, 0L));
    }

    @Test
    void shouldWalkTheTableToTheNextEligibleOwnerWithFallback() throws Exception {
        addDestinations(8);
        FakeSchedulerContext context = context("source-ip", false, true);
        MaglevScheduler mh = create(context);
        for (int host = 0; host < 100; host++) {
            PacketView packet = client(host, 1000);
            FakeDestination owner = (FakeDestination) mh.schedule(service, packet, 0L);
            owner.overloaded(true);

            int slot = FlowHash.slot(FlowHash.hash(packet, false, false), M);
            int[] table = mh.currentSnapshot().table();
            DestinationView expected;
            do {
                slot = (slot + 1) % M;
                expected = mh.currentSnapshot().destinations()[table[slot]];
            } while (expected == owner);

            assertSame(expected, mh.schedule(service, packet, 0L));
            owner.overloaded(false);
        }
        assertEquals(100, context.metrics().count("fallbacks"));
    }

    @Test
    void shouldFindTheOnlyEligibleDestinationBeyondTheWalkWithFallback() throws Exception {
        addDestinations(200);
        Scheduler mh = create(context("source-ip-port", false, true));
        for (FakeDestination d : destinations) {
            d.available(false);
        }
        FakeDestination survivor = destinations.get(123);
        survivor.available(true);

        for (int port = 1; port < 2000; port++) {
            assertSame(survivor, mh.schedule(service, client(5, port), 0L));
        }
    }

    @Test
    void shouldReturnNoneWhenNothingIsEligibleEvenWithFallback() throws Exception {
        addDestinations(3);
        Scheduler mh = create(context("source-ip", false, true));
        destinations.get(0).weight(0);
        destinations.get(1).overloaded(true);
        destinations.get(2).available(false);

        assertNull(mh.schedule(service, client(1, 1), 0L));
    }

    @Test
    void shouldReturnNoneForAServiceWithoutDestinations() throws Exception {
        Scheduler mh = create(context("source-ip", false, true));

        assertSame(Scheduler.NONE, mh.schedule(service, client(1, 1), 0L));
    }

    @Test
    void shouldGiveNoFlowToAQuiescedDestinationAfterTheUpdate() throws Exception {
        addDestinations(5);
        FakeSchedulerContext context = context("source-ip-port", false, false);
        Scheduler mh = create(context);
        FakeDestination quiesced = destinations.get(2);

        quiesced.weight(0);
        mh.destinationUpdated(service, quiesced);

        for (int port = 1; port < 3000; port++) {
            DestinationView d = mh.schedule(service, client(7, port), 0L);
            assertTrue(d != null && d != quiesced);
        }
        assertEquals(2, context.metrics().count("rebuilds"));
    }

    @Test
    void shouldNotRebuildWhenNoWeightChanged() throws Exception {
        addDestinations(5);
        FakeSchedulerContext context = context("source-ip", false, false);
        MaglevScheduler mh = create(context);
        MaglevSnapshot before = mh.currentSnapshot();

        destinations.get(1).thresholds(100, 50);
        mh.destinationUpdated(service, destinations.get(1));

        assertSame(before, mh.currentSnapshot());
        assertEquals(1, context.metrics().count("rebuilds"));
    }

    @Test
    void shouldSendTheFlowsOfARemovedDestinationElsewhereAndLeaveMostOthersInPlace() throws Exception {
        addDestinations(50);
        MaglevScheduler mh = create(FakeSchedulerContext.of(service,
                parameters(MaglevTable.DEFAULT_SIZE, "source-ip-port", false, false)));
        List<DestinationView> before = new ArrayList<>();
        for (int port = 0; port < 20_000; port++) {
            before.add(mh.schedule(service, client(1, port), 0L));
        }
        FakeDestination removed = destinations.get(17);

        service.remove(removed);
        mh.destinationRemoved(service, removed);

        int othersMoved = 0;
        for (int port = 0; port < 20_000; port++) {
            DestinationView now = mh.schedule(service, client(1, port), 0L);
            assertNotSame(removed, now);
            if (before.get(port) != removed && now != before.get(port)) {
                othersMoved++;
            }
        }
        assertTrue(othersMoved < 20_000 / 100, "flows of other destinations moved: " + othersMoved);
    }

    @Test
    void shouldRestoreTheTableExactlyWhenARemovedDestinationComesBack() throws Exception {
        addDestinations(30);
        MaglevScheduler mh = create(context("source-ip", false, false));
        int[] original = mh.currentSnapshot().table().clone();
        List<String> originalKeys = keysOf(mh.currentSnapshot());
        FakeDestination removed = destinations.get(4);
        service.remove(removed);
        mh.destinationRemoved(service, removed);
        FakeDestination back = FakeDestination.of("10.0.0.5", 8080);

        service.add(back);
        mh.destinationAdded(service, back);

        assertArrayEquals(original, mh.currentSnapshot().table());
        assertEquals(originalKeys, keysOf(mh.currentSnapshot()));
        assertTrue(List.of(mh.currentSnapshot().destinations()).contains(back));
    }

    @Test
    void shouldCountBuildsBelowOneHundredSlotsPerDestination() throws Exception {
        addDestinations(10);
        FakeSchedulerContext context = context("source-ip", false, false);
        Scheduler mh = create(context);
        assertEquals(0, context.metrics().count("small-table-builds"));

        FakeDestination eleventh = service.add(FakeDestination.of("10.0.0.11", 8080));
        mh.destinationAdded(service, eleventh);

        assertEquals(1, context.metrics().count("small-table-builds"));
    }

    @Test
    void shouldRefuseATableSizeThatIsNotPrime() {
        FakeSchedulerContext context = FakeSchedulerContext.of(service, parameters(65536, "source-ip", false, false));

        InvalidParameterException e =
                assertThrows(InvalidParameterException.class, () -> new MaglevSchedulerFactory().create(context));

        assertEquals("table-size", e.parameter());
        assertTrue(e.getMessage().contains("65521") && e.getMessage().contains("65537"), e.getMessage());
    }

    @Test
    void shouldRefuseUnknownHashFields() {
        FakeSchedulerContext context = FakeSchedulerContext.of(service, parameters(M, "4-tuple", false, false));

        InvalidParameterException e =
                assertThrows(InvalidParameterException.class, () -> new MaglevSchedulerFactory().create(context));

        assertEquals("hash-fields", e.parameter());
    }

    @Test
    void shouldAllocateNothingInSchedule() throws Exception {
        addDestinations(20);
        Scheduler mh = create(context("5-tuple", false, true));
        destinations.get(3).overloaded(true);
        PacketView[] packets = new PacketView[256];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = client(i, 1000 + i);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        for (int warm = 0; warm < 20_000; warm++) {
            mh.schedule(service, packets[warm & 255], 0L);
        }

        // Least of three rounds: a one-off allocation of the JVM itself (deoptimisation
        // rematerialising a scalar-replaced object) is not the scheduler's; one allocation
        // per call would cost at least 16 bytes x 100,000 in every round.
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++) {
                mh.schedule(service, packets[i & 255], 0L);
            }
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
        }

        assertTrue(allocated <= 256, "allocated " + allocated + " bytes in 100000 calls, least of three rounds");
    }
}
