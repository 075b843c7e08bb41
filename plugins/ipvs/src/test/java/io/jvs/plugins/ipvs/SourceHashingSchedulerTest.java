package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jvs.spi.DestinationView;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SourceHashingSchedulerTest {

    private final FakeService service = FakeService.tcp("203.0.113.1", 80);

    @Test
    void shouldMapTheSourceAddressThroughTheKernelHashToTheTiledTable() throws Exception {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.11", 80));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.12", 80));
        FakeDestination c = service.add(FakeDestination.of("10.0.0.13", 80));
        Scheduler sh = create(Map.of());

        // bucket = hash_32(address, 8), the top 8 bits of address * 0x61C88647: 10.0.0.1 -> 39,
        // 10.0.0.2 -> 137, 10.0.0.3 -> 235; with weights 1, bucket i holds destination i mod 3.
        assertSame(a, sh.schedule(service, FakePacket.tcp("10.0.0.1", 40000, "203.0.113.1", 80), 0L));
        assertSame(c, sh.schedule(service, FakePacket.tcp("10.0.0.2", 40000, "203.0.113.1", 80), 0L));
        assertSame(b, sh.schedule(service, FakePacket.tcp("10.0.0.3", 40000, "203.0.113.1", 80), 0L));
    }

    @Test
    void shouldHashTheSourcePortTooWithTheShPortFlag() throws Exception {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.11", 80));
        service.add(FakeDestination.of("10.0.0.12", 80));
        FakeDestination c = service.add(FakeDestination.of("10.0.0.13", 80));
        Scheduler sh = create(Map.of(SourceHashingSchedulerFactory.PORT_FLAG, true));

        // hash_32(10.0.0.1 + 40000, 8) = 203; 203 mod 3 = 2.
        assertSame(c, sh.schedule(service, FakePacket.tcp("10.0.0.1", 40000, "203.0.113.1", 80), 0L));
        // ICMP has no port: hash_32(10.0.0.1, 8) = 39; 39 mod 3 = 0.
        assertSame(a, sh.schedule(service, FakePacket.of(IpProtocol.ICMP, "10.0.0.1", 40000, "203.0.113.1", 0), 0L));
    }

    @Test
    void shouldTileTheTableByWeightAsTheKernel() {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.11", 80).weight(4));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.12", 80).weight(3));
        FakeDestination c = service.add(FakeDestination.of("10.0.0.13", 80).weight(2));
        FakeDestination quiescent = service.add(FakeDestination.of("10.0.0.14", 80).weight(0));

        DestinationView[] table = SourceHashingScheduler.buildTable(service.destinations(), 256);

        assertEquals(List.of(a, a, a, a, b, b, b, c, c, quiescent, a, a), List.of(table).subList(0, 12));
        assertArrayEquals(KernelHashingModel.shReassign(List.of(a, b, c, quiescent), 256), table);
        assertArrayEquals(KernelHashingModel.shReassign(List.of(a, b, c, quiescent), 1024),
                SourceHashingScheduler.buildTable(service.destinations(), 1024));
    }

    @Test
    void shouldAgreeWithTheKernelModelWithAndWithoutFallback() throws Exception {
        Random random = new Random(11);
        List<FakeDestination> members = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            members.add(service.add(FakeDestination.of("10.0.0." + (i + 1), 80).weight(random.nextInt(5))));
        }
        Scheduler plain = create(Map.of(SourceHashingSchedulerFactory.PORT_FLAG, true));
        Scheduler fallback = create(Map.of(SourceHashingSchedulerFactory.PORT_FLAG, true,
                SourceHashingSchedulerFactory.FALLBACK_FLAG, true));
        DestinationView[] kernelTable = KernelHashingModel.shReassign(members, 256);

        for (int round = 0; round < 2000; round++) {
            FakeDestination toggled = members.get(random.nextInt(members.size()));
            toggled.overloaded(random.nextInt(3) == 0).available(random.nextInt(5) != 0);
            int[] source = {random.nextInt()};
            int port = random.nextInt(65536);
            FakePacket packet = FakePacket.tcp(source[0], port, 0xCB007101, 80);

            assertSame(KernelHashingModel.shGet(kernelTable, source, port), plain.schedule(service, packet, 0L));
            assertSame(KernelHashingModel.shGetFallback(kernelTable, source, port),
                    fallback.schedule(service, packet, 0L));
        }
    }

    @Test
    void shouldFoldIpv6SourceAddressesByXor() throws Exception {
        List<FakeDestination> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            members.add(service.add(FakeDestination.of("10.0.0." + (i + 1), 80)));
        }
        Scheduler sh = create(Map.of());
        FakePacket packet = FakePacket.tcp("2001:db8::1", 40000, "2001:db8:1::1", 80);

        // 0x20010DB8 ^ 0x00000000 ^ 0x00000000 ^ 0x00000001 = 0x20010DB9; hash_32(0x20010DB9, 8) = 63.
        assertEquals(63, KernelHashingModel.shHashKey(FakePacket.addressWords("2001:db8::1"), 0, 0, 256));
        assertSame(members.get(63 % 5), sh.schedule(service, packet, 0L));
    }

    @Test
    void shouldKeepEveryOtherClientWhenAnUnrelatedDestinationFails() throws Exception {
        List<FakeDestination> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(service.add(FakeDestination.of("10.0.0." + (i + 1), 80).weight(i + 1)));
        }
        Scheduler plain = create(Map.of());
        Scheduler fallback = create(Map.of(SourceHashingSchedulerFactory.FALLBACK_FLAG, true));
        List<FakePacket> clients = SchedulerConformanceTest.packets(3000, new Random(12));
        Map<FakePacket, DestinationView> before = new HashMap<>();
        clients.forEach(p -> before.put(p, plain.schedule(service, p, 0L)));
        FakeDestination failed = members.get(2);

        failed.available(false);

        int moved = 0;
        for (FakePacket client : clients) {
            DestinationView was = before.get(client);
            if (was == failed) {
                assertNull(plain.schedule(service, client, 0L), "no fallback: refused");
                DestinationView instead = fallback.schedule(service, client, 0L);
                assertEquals(true, instead != null && instead != failed);
                moved++;
            } else {
                assertSame(was, plain.schedule(service, client, 0L));
                assertSame(was, fallback.schedule(service, client, 0L));
            }
        }
        assertEquals(true, moved > 0);
    }

    @Test
    void shouldRetileWhenAWeightChangesAsTheKernelDoes() throws Exception {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.11", 80).weight(1));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.12", 80).weight(1));
        Scheduler sh = create(Map.of());
        FakePacket evenBucket = FakePacket.tcp("10.0.0.6", 1, "203.0.113.1", 80); // hash_32 -> 16
        assertSame(a, sh.schedule(service, evenBucket, 0L));

        a.weight(0);
        sh.destinationUpdated(service, a);

        // A weight-0 destination keeps one bucket in each round (a, b, a, b, ...): refused, not moved.
        assertNull(sh.schedule(service, evenBucket, 0L));
        assertSame(b, sh.schedule(service, FakePacket.tcp("10.0.0.1", 1, "203.0.113.1", 80), 0L));
    }

    @Test
    void shouldUseTheConfiguredNumberOfBuckets() throws Exception {
        List<FakeDestination> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(service.add(FakeDestination.of("10.0.0." + (i + 1), 80)));
        }
        Scheduler sh = create(Map.of(SourceHashingSchedulerFactory.TABLE_BITS, 10L));
        int[] source = FakePacket.addressWords("198.51.100.77");

        int bucket = KernelHashingModel.shHashKey(source, 0, 0, 1024);
        assertSame(members.get(bucket % 3), sh.schedule(service, FakePacket.tcp(source[0], 1, 0xCB007101, 80), 0L));
    }

    private Scheduler create(Map<String, ?> parameters) throws Exception {
        SourceHashingSchedulerFactory factory = new SourceHashingSchedulerFactory();
        return factory.create(FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters(), parameters)));
    }
}
