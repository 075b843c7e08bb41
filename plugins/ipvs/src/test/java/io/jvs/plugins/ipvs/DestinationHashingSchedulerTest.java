package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jvs.spi.DestinationView;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DestinationHashingSchedulerTest {

    private final FakeService service = FakeService.tcp("0.0.0.0", 0);

    @Test
    void shouldMapTheDestinationAddressIgnoringTheSource() throws Exception {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.11", 3128).weight(5));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.12", 3128).weight(1));
        Scheduler dh = create(Map.of());

        // hash_32(192.0.2.5, 8) = 185, odd bucket -> b; hash_32(192.0.2.2, 8) = 148, even -> a.
        // Weights 5 and 1 are ignored.
        assertSame(b, dh.schedule(service, FakePacket.tcp("198.51.100.1", 1000, "192.0.2.5", 80), 0L));
        assertSame(b, dh.schedule(service, FakePacket.tcp("198.51.100.2", 2000, "192.0.2.5", 80), 0L));
        assertSame(a, dh.schedule(service, FakePacket.tcp("198.51.100.1", 1000, "192.0.2.2", 80), 0L));
    }

    @Test
    void shouldBuildTheTableInListOrderAsTheKernel() {
        List<FakeDestination> members = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            members.add(service.add(FakeDestination.of("10.0.0." + (i + 1), 80).weight(i)));
        }

        assertArrayEquals(KernelHashingModel.dhReassign(members, 256),
                DestinationHashingScheduler.buildTable(service.destinations(), 256));
        assertArrayEquals(KernelHashingModel.dhReassign(members, 64),
                DestinationHashingScheduler.buildTable(service.destinations(), 64));
    }

    @Test
    void shouldRefuseWhenTheHashedDestinationIsNotEligible() throws Exception {
        List<FakeDestination> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(service.add(FakeDestination.of("10.0.0." + (i + 1), 80)));
        }
        Scheduler dh = create(Map.of());
        Random random = new Random(13);
        members.get(0).weight(0);
        members.get(1).overloaded(true);
        members.get(2).available(false);

        for (int i = 0; i < 1000; i++) {
            int[] destination = {random.nextInt()};
            DestinationView expected = KernelHashingModel.dhReassign(members, 256)[
                    KernelHashingModel.dhHashKey(destination, 256)];
            DestinationView chosen = dh.schedule(service, FakePacket.tcp(random.nextInt(), 1, destination[0], 80), 0L);
            assertSame(expected == members.get(3) ? expected : null, chosen);
        }
    }

    @Test
    void shouldRebuildWhenADestinationIsAddedOrRemoved() throws Exception {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.11", 80));
        Scheduler dh = create(Map.of());
        FakePacket toOddBucket = FakePacket.tcp("198.51.100.1", 1000, "192.0.2.5", 80);
        assertSame(a, dh.schedule(service, toOddBucket, 0L));

        FakeDestination b = service.add(FakeDestination.of("10.0.0.12", 80));
        dh.destinationAdded(service, b);
        assertSame(b, dh.schedule(service, toOddBucket, 0L));

        service.remove(a);
        dh.destinationRemoved(service, a);
        assertSame(b, dh.schedule(service, FakePacket.tcp("198.51.100.1", 1000, "192.0.2.2", 80), 0L));

        service.remove(b);
        dh.destinationRemoved(service, b);
        assertNull(dh.schedule(service, toOddBucket, 0L));
    }

    @Test
    void shouldFoldIpv6DestinationAddresses() throws Exception {
        List<FakeDestination> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(service.add(FakeDestination.of("10.0.0." + (i + 1), 80)));
        }
        Scheduler dh = create(Map.of(DestinationHashingSchedulerFactory.TABLE_BITS, 12L));
        int[] destination = FakePacket.addressWords("2001:db8:0:7::42");

        int bucket = KernelHashingModel.dhHashKey(destination, 4096);
        assertSame(members.get(bucket % 3), dh.schedule(service, FakePacket.tcp("2001:db8::9", 1, "2001:db8:0:7::42", 80), 0L));
    }

    private Scheduler create(Map<String, ?> parameters) throws Exception {
        DestinationHashingSchedulerFactory factory = new DestinationHashingSchedulerFactory();
        return factory.create(FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters(), parameters)));
    }
}
