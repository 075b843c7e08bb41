package io.jvs.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.EvictionReason;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.Scheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceManagerTest {

    private final TestSchedulers schedulers = new TestSchedulers();
    private final ServiceManager manager = new ServiceManager(schedulers, new DestinationRegistry(), 2);

    private static ServiceSpec web(String scheduler, DestinationSpec... dests) {
        return ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), scheduler, dests);
    }

    @Test
    void shouldPublishServicesAndResolveDestinationIds() {
        manager.apply(List.of(web("first", DestinationSpec.nat("198.51.100.1", 8080),
                DestinationSpec.nat("198.51.100.2", 8080))));
        VirtualService s = manager.table().get(ServiceKey.tcp("203.0.113.1", 80));
        assertNotNull(s);
        assertEquals(2, s.destinations().size());
        RealServer d = s.destinations().get(1);
        assertSame(d, manager.registry().get(d.id()));
        assertEquals("198.51.100.2:8080", d.key());
        assertSame(s, d.service());
    }

    @Test
    void shouldLeaveEverythingUnchangedWhenOneServiceFails() {
        manager.apply(List.of(web("first", DestinationSpec.nat("198.51.100.1", 8080))));
        ServiceTable before = manager.table();
        ServiceSpec other = ServiceSpec.of(ServiceKey.udp("203.0.113.2", 53), "broken",
                DestinationSpec.nat("198.51.100.9", 53));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> manager.apply(List.of(
                web("first", DestinationSpec.nat("198.51.100.1", 8080), DestinationSpec.nat("198.51.100.3", 8080)),
                other)));
        assertTrue(e.getMessage().contains("UDP 203.0.113.2:53"), e.getMessage());
        assertTrue(e.getMessage().contains("bad-param"), e.getMessage());
        assertSame(before, manager.table());
        assertEquals(1, manager.table().get(ServiceKey.tcp("203.0.113.1", 80)).destinations().size());
    }

    @Test
    void shouldListKnownSchedulersForAnUnknownName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> manager.apply(List.of(web("nope"))));
        assertTrue(e.getMessage().contains("known: broken, first, hooks"), e.getMessage());
        assertSame(ServiceTable.EMPTY, manager.table());
    }

    @Test
    void shouldCallHooksForAddedRemovedAndUpdatedDestinations() {
        manager.apply(List.of(web("hooks", DestinationSpec.nat("198.51.100.1", 8080),
                DestinationSpec.nat("198.51.100.2", 8080))));
        VirtualService s = manager.table().get(ServiceKey.tcp("203.0.113.1", 80));
        RealServer kept = s.destinations().get(0);
        RealServer dropped = s.destinations().get(1);
        manager.apply(List.of(web("hooks", DestinationSpec.nat("198.51.100.1", 8080).withWeight(5),
                DestinationSpec.nat("198.51.100.3", 8080))));
        assertEquals(List.of("removed 198.51.100.2:8080", "added 198.51.100.3:8080", "updated 198.51.100.1:8080 w=5"),
                schedulers.events);
        assertSame(s, manager.table().get(ServiceKey.tcp("203.0.113.1", 80)), "an edited service keeps its identity");
        assertSame(kept, s.destinations().get(0), "a kept destination keeps its identity and counters");
        assertFalse(dropped.isAvailable());
        assertEquals(5, kept.weight());
    }

    @Test
    void shouldNotTouchUnchangedServices() {
        ServiceSpec dns = ServiceSpec.of(ServiceKey.udp("203.0.113.2", 53), "first", DestinationSpec.nat("198.51.100.9", 53));
        manager.apply(List.of(web("first", DestinationSpec.nat("198.51.100.1", 8080)), dns));
        VirtualService before = manager.table().get(dns.key());
        Scheduler scheduler = before.scheduler();
        manager.apply(List.of(web("first", DestinationSpec.nat("198.51.100.5", 8080)), dns));
        VirtualService after = manager.table().get(dns.key());
        assertSame(before, after);
        assertSame(scheduler, after.scheduler());
        assertSame(before.destinations(), after.destinations());
    }

    @Test
    void shouldReplaceSchedulerWhenNameChangesAndCallDoneOnTheOld() {
        manager.apply(List.of(web("hooks", DestinationSpec.nat("198.51.100.1", 8080))));
        VirtualService s = manager.table().get(ServiceKey.tcp("203.0.113.1", 80));
        Scheduler old = s.scheduler();
        manager.apply(List.of(web("first", DestinationSpec.nat("198.51.100.1", 8080))));
        assertTrue(old != s.scheduler());
        assertEquals(List.of("done TCP 203.0.113.1:80"), schedulers.events);
    }

    @Test
    void shouldFlushDeletedServicesAndRemovedDestinationsWhenExpireNodestConnIsOn() {
        List<String> flushed = new ArrayList<>();
        manager.setConnectionFlusher(new ConnectionFlusher() {
            @Override
            public void flushDestination(RealServer destination, EvictionReason reason) {
                flushed.add(destination.key() + " " + reason);
            }

            @Override
            public void flushService(VirtualService service, EvictionReason reason) {
                flushed.add(service.name() + " " + reason);
            }
        });
        ServiceSpec dns = ServiceSpec.of(ServiceKey.udp("203.0.113.2", 53), "first", DestinationSpec.nat("198.51.100.9", 53));
        manager.apply(List.of(web("first", DestinationSpec.nat("198.51.100.1", 8080), DestinationSpec.nat("198.51.100.2", 8080)), dns));
        manager.apply(List.of(web("first", DestinationSpec.nat("198.51.100.1", 8080)), dns));
        assertEquals(List.of(), flushed, "expire_nodest_conn is off by default, as IPVS");
        manager.setExpireNodestConn(true);
        manager.apply(List.of(web("first"), dns));
        manager.apply(List.of(web("first")));
        assertEquals(List.of("198.51.100.1:8080 DEST_REMOVED", "UDP 203.0.113.2:53 FLUSHED"), flushed);
    }

    @Test
    void shouldRefuseDuplicateServicesAndDestinations() {
        assertThrows(IllegalArgumentException.class, () -> manager.apply(List.of(web("first"), web("first"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> web("first",
                DestinationSpec.nat("198.51.100.1", 8080), DestinationSpec.nat("198.51.100.1", 8080)));
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
    }

    @Test
    void shouldFindServicesInIpvsOrder() {
        ServiceSpec exact = web("first");
        ServiceSpec allPorts = ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 0), "first");
        ServiceSpec mark = ServiceSpec.of(ServiceKey.firewallMark(4, 7), "first");
        ServiceSpec v6 = ServiceSpec.of(ServiceKey.tcp("2001:db8::1", 80), "first");
        manager.apply(List.of(exact, allPorts, mark, v6));
        ServiceTable t = manager.table();
        int vip = IpAddress.parse("203.0.113.1").w0();
        assertEquals("TCP 203.0.113.1:80", t.find(4, IpProtocol.TCP, vip, 0, 0, 0, 80, 0).name());
        assertEquals("TCP 203.0.113.1:0", t.find(4, IpProtocol.TCP, vip, 0, 0, 0, 443, 0).name());
        assertEquals("FWM 7", t.find(4, IpProtocol.TCP, vip, 0, 0, 0, 80, 7).name());
        assertEquals("TCP 203.0.113.1:80", t.find(4, IpProtocol.TCP, vip, 0, 0, 0, 80, 8).name());
        assertNull(t.find(4, IpProtocol.UDP, vip, 0, 0, 0, 80, 0));
        IpAddress a6 = IpAddress.parse("2001:db8::1");
        assertEquals("TCP [2001:db8::1]:80", t.find(6, IpProtocol.TCP, a6.w0(), a6.w1(), a6.w2(), a6.w3(), 80, 0).name());
        assertNull(t.find(6, IpProtocol.TCP, a6.w0(), a6.w1(), a6.w2(), a6.w3() + 1, 80, 0));
    }

    @Test
    void shouldSetAndClearOverloadAsIpvs() {
        manager.apply(List.of(web("first", DestinationSpec.nat("198.51.100.1", 8080).withThresholds(4, 0))));
        RealServer d = manager.table().get(ServiceKey.tcp("203.0.113.1", 80)).destinations().get(0);
        d.adjustConnections(3, 0, 0);
        assertFalse(d.isOverloaded());
        d.adjustConnections(0, 1, 0);
        assertTrue(d.isOverloaded(), "4 connections reach the upper threshold 4");
        d.adjustConnections(-1, 0, 0);
        assertTrue(d.isOverloaded(), "3*4 = 12 is not below 4*3 = 12");
        d.adjustConnections(-1, 0, 0);
        assertFalse(d.isOverloaded(), "2*4 = 8 < 12: recovered");
        assertFalse(d.isEligible() && d.weight() == 0);
    }

    @Test
    void shouldFormatAndMaskAddresses() {
        assertEquals("2001:db8::1", IpAddress.parse("2001:0db8:0:0:0:0:0:1").toString());
        assertEquals("[2001:db8::1]:80", IpAddress.parse("[2001:db8::1]").withPort(80));
        assertEquals("198.51.100.0", IpAddress.parse("198.51.100.77").mask(24).toString());
        assertEquals("2001:db8::", IpAddress.parse("2001:db8::77").mask(64).toString());
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("example.com"));
    }
}
