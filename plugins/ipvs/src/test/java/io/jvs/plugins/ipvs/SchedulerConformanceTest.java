package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.management.ThreadMXBean;
import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerFactory;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite every scheduler of the plugin must pass, run against each factory listed in
 * the plugin's {@code META-INF/extensions.idx} (the index the server loads), with the defaults of its
 * declared parameters.
 */
class SchedulerConformanceTest {

    /** Every IPVS scheduler the plugin must provide. */
    private static final Set<String> IPVS_SCHEDULERS = Set.of("rr", "wrr", "lc", "wlc", "sed", "nq", "fo", "ovf",
            "lblc", "lblcr", "dh", "sh", "twos");

    /**
     * Schedulers that may refuse a connection although some destination is eligible: the hashing
     * ones without fallback (the hashed destination is the only candidate) and ovf (full destinations
     * are skipped).
     */
    private static final Set<String> NOT_WORK_CONSERVING = Set.of("sh", "dh", "ovf");

    private static final long SECOND = 1_000_000_000L;
    private static final long DAY = 24 * 60 * 60 * SECOND;

    static Stream<Named<SchedulerFactory>> factories() throws IOException, ReflectiveOperationException {
        List<Named<SchedulerFactory>> factories = new ArrayList<>();
        Enumeration<URL> indexes = SchedulerConformanceTest.class.getClassLoader()
                .getResources("META-INF/extensions.idx");
        while (indexes.hasMoreElements()) {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(indexes.nextElement().openStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String className = line.trim();
                    if (!className.startsWith("io.jvs.plugins.ipvs.")) {
                        continue;
                    }
                    Class<?> type = Class.forName(className);
                    if (SchedulerFactory.class.isAssignableFrom(type)) {
                        SchedulerFactory factory = (SchedulerFactory) type.getConstructor().newInstance();
                        factories.add(Named.of(factory.name(), factory));
                    }
                }
            }
        }
        return factories.stream();
    }

    @Test
    void shouldIndexEveryIpvsSchedulerAsAnExtension() throws Exception {
        Set<String> names = new TreeSet<>();
        factories().forEach(named -> names.add(named.getPayload().name()));

        assertEquals(new TreeSet<>(IPVS_SCHEDULERS), names);
    }

    @ParameterizedTest
    @MethodSource("factories")
    void shouldReturnNoneForServiceWithoutDestinations(SchedulerFactory factory) throws Exception {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        Scheduler scheduler = create(factory, service);

        assertNull(scheduler.schedule(service, packets(1, new Random(1)).get(0), 0L));
    }

    @ParameterizedTest
    @MethodSource("factories")
    void shouldReturnNoneWhenNoDestinationIsEligible(SchedulerFactory factory) throws Exception {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        FakeDestination quiescent = service.add(FakeDestination.of("10.0.0.1", 80).weight(0));
        FakeDestination overloaded = service.add(FakeDestination.of("10.0.0.2", 80).weight(3).overloaded(true));
        FakeDestination failed = service.add(FakeDestination.of("10.0.0.3", 80).weight(5).available(false));
        Scheduler scheduler = create(factory, service);

        for (PacketView packet : packets(200, new Random(2))) {
            assertNull(scheduler.schedule(service, packet, 0L));
        }
        overloaded.overloaded(false);
        assertSame(overloaded, schedulePacketsUntilChosen(scheduler, service), "recovers once one is eligible");
        assertEquals(0, quiescent.weight());
        assertFalse(failed.isAvailable());
    }

    @ParameterizedTest
    @MethodSource("factories")
    void shouldOnlyChooseEligibleMembersThroughRandomChanges(SchedulerFactory factory) throws Exception {
        Random random = new Random(20250101L ^ factory.name().hashCode());
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        List<FakeDestination> members = new ArrayList<>();
        int nextHost = 1;
        for (; nextHost <= 4; nextHost++) {
            members.add(service.add(FakeDestination.of("10.0.0." + nextHost, 80).weight(1 + nextHost % 3)));
        }
        Scheduler scheduler = create(factory, service);
        List<FakePacket> packets = packets(64, random);
        long now = 0;
        int chosenCount = 0;

        for (int step = 0; step < 6000; step++) {
            int operation = random.nextInt(100);
            FakeDestination target = members.isEmpty() ? null : members.get(random.nextInt(members.size()));
            if (operation < 50 || target == null && (operation < 83 || operation >= 92)) {
                now += random.nextInt(100) == 0 ? 2 * DAY : random.nextInt(3) * SECOND;
                DestinationView chosen = scheduler.schedule(service, packets.get(random.nextInt(packets.size())), now);
                check(factory.name(), service.destinations(), chosen, "step " + step);
                chosenCount += chosen == null ? 0 : 1;
            } else if (operation < 60) {
                target.weight(random.nextInt(6));
                scheduler.destinationUpdated(service, target);
            } else if (operation < 68) {
                target.overloaded(!target.isOverloaded());
            } else if (operation < 72) {
                target.available(!target.isAvailable());
            } else if (operation < 83) {
                target.connections(random.nextInt(12), random.nextInt(40));
            } else if (operation < 92) {
                if (members.size() < 40) {
                    FakeDestination added = service.add(FakeDestination.of("10.0.1." + nextHost++ % 250, 80)
                            .weight(random.nextInt(6)));
                    members.add(added);
                    scheduler.destinationAdded(service, added);
                }
            } else {
                members.remove(target);
                service.remove(target);
                scheduler.destinationRemoved(service, target);
            }
        }
        assertTrue(chosenCount > 500, "chose " + chosenCount + " times");
    }

    @ParameterizedTest
    @MethodSource("factories")
    void shouldServeAgainAfterEveryDestinationWasRemovedAndAdded(SchedulerFactory factory) throws Exception {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80));
        Scheduler scheduler = create(factory, service);
        assertNotNull(schedulePacketsUntilChosen(scheduler, service));

        service.remove(a);
        scheduler.destinationRemoved(service, a);
        service.remove(b);
        scheduler.destinationRemoved(service, b);
        for (PacketView packet : packets(50, new Random(3))) {
            assertNull(scheduler.schedule(service, packet, SECOND));
        }
        FakeDestination c = service.add(FakeDestination.of("10.0.0.3", 80).weight(2));
        scheduler.destinationAdded(service, c);

        assertEquals(c, schedulePacketsUntilChosen(scheduler, service));
    }

    @ParameterizedTest
    @MethodSource("factories")
    void shouldNotAllocateWhileScheduling(SchedulerFactory factory) throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random random = new Random(4);
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        for (int host = 1; host <= 12; host++) {
            service.add(FakeDestination.of("10.0.0." + host, 80).weight(host % 4)
                    .connections(random.nextInt(3), random.nextInt(50)).overloaded(host % 5 == 0));
        }
        Scheduler scheduler = create(factory, service);
        List<FakePacket> list = packets(4096, random);
        PacketView[] packets = list.toArray(new PacketView[0]);
        long[] now = {0};
        int chosen = runSchedules(scheduler, service, packets, now, 100_000);

        // The least of three rounds: one-time work of the JVM on this thread (linking, deoptimisation)
        // may allocate a little in one round; a scheduler that allocates does so in every round.
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            chosen += runSchedules(scheduler, service, packets, now, 100_000);
            allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
        }

        assertTrue(chosen > 0, factory.name() + " chose nothing");
        // A tolerance of a few hundred bytes for the measurement itself.
        assertTrue(allocated <= 256, factory.name() + " allocated " + allocated + " bytes in 100000 calls, least of three rounds");
    }

    @ParameterizedTest
    @MethodSource("factories")
    void shouldChooseOnlyEligibleDestinationsFromSeveralWorkersWhileTheListChanges(SchedulerFactory factory)
            throws Exception {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        Set<DestinationView> neverEligible = Set.of(
                service.add(FakeDestination.of("10.0.9.1", 80).weight(0)),
                service.add(FakeDestination.of("10.0.9.2", 80).weight(4).overloaded(true)),
                service.add(FakeDestination.of("10.0.9.3", 80).weight(4).available(false)));
        List<FakeDestination> changing = new ArrayList<>();
        for (int host = 1; host <= 6; host++) {
            changing.add(service.add(FakeDestination.of("10.0.0." + host, 80).weight(host % 3 + 1)));
        }
        Scheduler scheduler = create(factory, service);
        PacketView[] packets = packets(1024, new Random(5)).toArray(new PacketView[0]);
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger chosenCount = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int offset = w * 17;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 100_000; i++) {
                        DestinationView chosen = scheduler.schedule(service, packets[(i + offset) % packets.length],
                                i * 1000L);
                        if (chosen != null) {
                            chosenCount.incrementAndGet();
                            if (neverEligible.contains(chosen)) {
                                violations.incrementAndGet();
                            }
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        Random random = new Random(6);
        int nextHost = 10;
        for (int change = 0; change < 400 && workers.stream().anyMatch(Thread::isAlive); change++) {
            FakeDestination target = changing.get(random.nextInt(changing.size()));
            switch (random.nextInt(3)) {
                case 0 -> {
                    target.weight(1 + random.nextInt(4));
                    scheduler.destinationUpdated(service, target);
                }
                case 1 -> {
                    FakeDestination added = service.add(FakeDestination.of("10.0.1." + nextHost++ % 250, 80));
                    changing.add(added);
                    scheduler.destinationAdded(service, added);
                }
                default -> {
                    if (changing.size() > 2) {
                        changing.remove(target);
                        service.remove(target);
                        scheduler.destinationRemoved(service, target);
                    }
                }
            }
            Thread.sleep(0, 200_000);
        }
        for (Thread worker : workers) {
            worker.join();
        }

        if (!failures.isEmpty()) {
            fail("a worker failed", failures.peek());
        }
        assertEquals(0, violations.get(), "choices of a never-eligible destination");
        assertTrue(chosenCount.get() > 0);
    }

    @ParameterizedTest
    @MethodSource("factories")
    void shouldDeclareParametersWhoseDefaultsCreateTheScheduler(SchedulerFactory factory) throws Exception {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        service.add(FakeDestination.of("10.0.0.1", 80));
        Set<String> names = new TreeSet<>();
        factory.parameters().forEach(spec -> {
            assertTrue(spec.name().startsWith(factory.name() + "-"), spec.name() + " is prefixed with the name");
            assertTrue(names.add(spec.name()), "declared once: " + spec.name());
            assertNotNull(spec.defaultValue(), "every IPVS parameter has a default: " + spec.name());
        });

        assertNotNull(create(factory, service));
        assertTrue(factory.name().matches("[a-z][a-z0-9-]{0,15}"));
        assertTrue(!factory.description().isBlank());
    }

    private static void check(String name, DestinationList list, DestinationView chosen, String where) {
        boolean anyEligible = false;
        boolean member = false;
        for (int i = 0; i < list.size(); i++) {
            anyEligible |= list.get(i).isEligible();
            member |= list.get(i) == chosen;
        }
        if (chosen != null) {
            assertTrue(member, name + " chose a non-member " + chosen + " at " + where);
            assertTrue(chosen.isEligible(), name + " chose ineligible " + chosen + " at " + where);
        }
        if (!anyEligible) {
            assertNull(chosen, where);
        } else if (!NOT_WORK_CONSERVING.contains(name)) {
            assertNotNull(chosen, name + " refused although some destination is eligible, at " + where);
        }
    }

    private static int runSchedules(Scheduler scheduler, FakeService service, PacketView[] packets, long[] now,
            int calls) {
        int chosen = 0;
        long time = now[0];
        for (int i = 0; i < calls; i++) {
            time += 50_000_000L;
            if (scheduler.schedule(service, packets[i & (packets.length - 1)], time) != null) {
                chosen++;
            }
        }
        now[0] = time;
        return chosen;
    }

    private static DestinationView schedulePacketsUntilChosen(Scheduler scheduler, FakeService service) {
        for (PacketView packet : packets(500, new Random(7))) {
            DestinationView chosen = scheduler.schedule(service, packet, 2 * SECOND);
            if (chosen != null) {
                return chosen;
            }
        }
        return null;
    }

    /** Packets from random clients to random addresses (for dh, lblc, lblcr), a few of them IPv6. */
    static List<FakePacket> packets(int count, Random random) {
        List<FakePacket> packets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i % 16 == 15) {
                packets.add(FakePacket.tcp("2001:db8::" + Integer.toHexString(random.nextInt(0xFFFF)),
                        1024 + random.nextInt(60000), "2001:db8:1::" + Integer.toHexString(random.nextInt(64)), 80));
            } else {
                packets.add(FakePacket.tcp(random.nextInt(), 1024 + random.nextInt(60000),
                        0xCB007100 | random.nextInt(256), 80));
            }
        }
        Collections.shuffle(packets, random);
        return packets;
    }

    private static Scheduler create(SchedulerFactory factory, FakeService service) throws InvalidParameterException {
        return factory.create(FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters())));
    }
}
