package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalityBasedLeastConnectionSchedulerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final PacketView TO_ORIGIN_1 = FakePacket.tcp("198.51.100.1", 40000, "192.0.2.1", 80);
    private static final PacketView TO_ORIGIN_1_OTHER_CLIENT = FakePacket.tcp("198.51.100.2", 50000, "192.0.2.1", 80);
    private static final PacketView TO_ORIGIN_2 = FakePacket.tcp("198.51.100.1", 40001, "192.0.2.2", 80);

    private final FakeService service = FakeService.tcp("0.0.0.0", 0);
    private final FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 3128).weight(1));
    private final FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 3128).weight(1));

    @Test
    void shouldKeepEachDestinationAddressOnTheServerChosenFirst() throws Exception {
        Scheduler lblc = create(Map.of());

        assertSame(a, lblc.schedule(service, TO_ORIGIN_1, 0L));
        a.connections(1, 0);
        // wlc would now choose b, but the address is remembered, from any client.
        assertSame(a, lblc.schedule(service, TO_ORIGIN_1_OTHER_CLIENT, SECOND));
        assertSame(b, lblc.schedule(service, TO_ORIGIN_2, SECOND));
        assertSame(b, lblc.schedule(service, TO_ORIGIN_2, 2 * SECOND));
    }

    @Test
    void shouldChooseAgainWhenTheServerExceedsItsWeightWhileAnotherIsBelowHalf() throws Exception {
        b.weight(4);
        Scheduler lblc = create(Map.of());
        a.connections(0, 0);
        b.connections(1, 0);
        assertSame(a, lblc.schedule(service, TO_ORIGIN_1, 0L));

        // a: 2 active > weight 1, and b: 2 * 1 < 4. wlc: a 512/1, b 256/4 -> b.
        a.connections(2, 0);
        assertSame(b, lblc.schedule(service, TO_ORIGIN_1, SECOND));
        a.connections(0, 0);
        assertSame(b, lblc.schedule(service, TO_ORIGIN_1, 2 * SECOND), "the new choice is remembered");
    }

    @Test
    void shouldStayWhenNoOtherServerIsBelowHalfItsWeight() throws Exception {
        b.weight(2);
        Scheduler lblc = create(Map.of());
        assertSame(a, lblc.schedule(service, TO_ORIGIN_1, 0L));

        a.connections(5, 0);
        b.connections(1, 0);
        // b: 2 * 1 < 2 is false, so a is not overloaded in the lblc sense although wlc prefers b.
        assertSame(a, lblc.schedule(service, TO_ORIGIN_1, SECOND));
    }

    @Test
    void shouldChooseAgainWhenTheRememberedServerIsNotEligible() throws Exception {
        Scheduler lblc = create(Map.of());
        assertSame(a, lblc.schedule(service, TO_ORIGIN_1, 0L));

        a.overloaded(true);
        assertSame(b, lblc.schedule(service, TO_ORIGIN_1, SECOND), "threshold overload (a jvs departure)");
        a.overloaded(false);
        assertSame(b, lblc.schedule(service, TO_ORIGIN_1, 2 * SECOND));
        b.weight(0);
        assertSame(a, lblc.schedule(service, TO_ORIGIN_1, 3 * SECOND), "quiescent");
        a.available(false);
        assertNull(lblc.schedule(service, TO_ORIGIN_1, 4 * SECOND));
    }

    @Test
    void shouldForgetAnAddressUnusedForTheExpirationTime() throws Exception {
        Scheduler lblc = create(Map.of(LocalityBasedLeastConnectionSchedulerFactory.EXPIRATION, 60L));
        assertSame(a, lblc.schedule(service, TO_ORIGIN_1, 0L));
        a.connections(1, 0);

        assertSame(a, lblc.schedule(service, TO_ORIGIN_1, 59 * SECOND));
        assertSame(a, lblc.schedule(service, TO_ORIGIN_1, 118 * SECOND), "each use renews the entry");
        assertSame(b, lblc.schedule(service, TO_ORIGIN_1, 178 * SECOND), "60 s unused: forgotten");
    }

    @Test
    void shouldNotHandARemovedServersAddressesToTheServerThatTakesItsSlot() throws Exception {
        Scheduler lblc = create(Map.of());
        assertSame(a, lblc.schedule(service, TO_ORIGIN_1, 0L));

        service.remove(a);
        lblc.destinationRemoved(service, a);
        FakeDestination c = service.add(FakeDestination.of("10.0.0.3", 3128).weight(1).connections(0, 1));
        lblc.destinationAdded(service, c);

        // c took a's slot; wlc prefers b (0 against 1 inactive), and the old entry is gone.
        assertSame(b, lblc.schedule(service, TO_ORIGIN_1, SECOND));
    }

    @Test
    void shouldRefuseATableSizeThatIsNotAPowerOfTwo() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> create(Map.of(LocalityBasedLeastConnectionSchedulerFactory.TABLE_SIZE, 1000L)));

        assertEquals(LocalityBasedLeastConnectionSchedulerFactory.TABLE_SIZE, error.parameter());
        assertTrue(error.getMessage().contains("power of two, such as 512 or 1024"), error.getMessage());
    }

    @Test
    void shouldDeclareTheKernelDefaults() {
        Map<String, String> defaults = FakeParameters.defaults(
                new LocalityBasedLeastConnectionSchedulerFactory().parameters()).asText();

        assertEquals(Map.of("lblc-expiration", "86400", "lblc-table-size", "16384"), defaults);
    }

    private Scheduler create(Map<String, ?> parameters) throws InvalidParameterException {
        LocalityBasedLeastConnectionSchedulerFactory factory = new LocalityBasedLeastConnectionSchedulerFactory();
        return factory.create(FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters(), parameters)));
    }
}
