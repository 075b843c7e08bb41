package io.jvs.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.DestinationList;
import org.junit.jupiter.api.Test;

class FakeServiceTest {

    @Test
    void shouldPublishNewSnapshotOnAddAndRemoveAndLeaveOldOneUnchanged() {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80));
        service.add(FakeDestination.of("10.0.0.2", 80));
        DestinationList before = service.destinations();

        service.remove(a);

        assertEquals(2, before.size());
        assertSame(a, before.get(0));
        assertEquals(1, service.destinations().size());
        assertEquals("10.0.0.2:80", service.destinations().get(0).key());
        assertFalse(a.isAvailable());
    }

    @Test
    void shouldDeriveEligibilityFromWeightOverloadAndAvailability() {
        FakeDestination d = FakeDestination.of("10.0.0.1", 80);

        assertTrue(d.isEligible());
        assertFalse(d.weight(0).isEligible());
        assertFalse(d.weight(1).overloaded(true).isEligible());
        assertFalse(d.overloaded(false).available(false).isEligible());
    }

    @Test
    void shouldExposeAddressesAsBigEndianWordsAndKeys() {
        FakeDestination v4 = FakeDestination.of("10.1.2.3", 8080);
        FakeDestination v6 = FakeDestination.of("2001:db8::7", 80);

        assertEquals(0x0A010203, v4.addressWord(0));
        assertEquals(AddressFamily.IPV4, v4.family());
        assertEquals("10.1.2.3:8080", v4.key());
        assertEquals(AddressFamily.IPV6, v6.family());
        assertEquals(0x20010DB8, v6.addressWord(0));
        assertEquals(7, v6.addressWord(3));
        assertEquals("[2001:db8::7]:80", v6.key());
        assertEquals("[::1]:80", FakeDestination.of("::1", 80).key());
        assertEquals("[2001:db8:0:1::]:80", FakeDestination.of("2001:db8:0:1:0:0:0:0", 80).key());
        assertEquals("[1:0:2:0:3:0:4:0]:80", FakeDestination.of("1:0:2:0:3:0:4:0", 80).key());
        assertEquals(0xCB007101, FakePacket.ipv4Word("203.0.113.1"));
        assertThrows(IllegalArgumentException.class, () -> FakePacket.ipv4Word("10.0.0"));
        assertThrows(IllegalArgumentException.class, () -> FakeDestination.of("example.org", 80));
    }
}
