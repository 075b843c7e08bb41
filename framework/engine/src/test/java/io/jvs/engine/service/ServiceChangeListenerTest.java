package io.jvs.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Change listeners of the service manager, and the registry binding that connection tables use. */
class ServiceChangeListenerTest {

    private static ServiceSpec web(int port) {
        return ServiceSpec.of(ServiceKey.tcp("203.0.113.1", port), "first", DestinationSpec.nat("198.51.100.1", 80));
    }

    @Test
    void shouldTellListenersAboutEveryCommittedChangeWithThePublishedTable() {
        ServiceManager m = new ServiceManager(new TestSchedulers(), new DestinationRegistry(), 2);
        List<List<String>> seen = new ArrayList<>();
        ServiceChangeListener l = t -> {
            assertSame(m.table(), t);
            seen.add(t.services().stream().map(VirtualService::name).toList());
        };
        m.addChangeListener(l);
        m.apply(List.of(web(80)));
        m.apply(List.of(web(80), web(81)));
        assertThrows(IllegalArgumentException.class,
                () -> m.apply(List.of(ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 82), "broken"))));
        m.removeChangeListener(l);
        m.apply(List.of());
        assertEquals(List.of(List.of("TCP 203.0.113.1:80"), List.of("TCP 203.0.113.1:80", "TCP 203.0.113.1:81")), seen,
                "a refused apply and changes after removal are not heard");
        assertEquals(2, m.workerCount());
    }

    @Test
    void shouldKeepTheChangeAppliedWhenAListenerThrows() {
        ServiceManager m = new ServiceManager(new TestSchedulers(), new DestinationRegistry(), 1);
        m.addChangeListener(t -> {
            throw new IllegalStateException("listener bug");
        });
        m.apply(List.of(web(80)));
        assertEquals(1, m.table().services().size());
        assertEquals(1, m.changeListenerErrors());
    }

    @Test
    void shouldResolveAndAccountThroughTheRegistry() {
        DestinationRegistry registry = new DestinationRegistry();
        ServiceManager m = new ServiceManager(new TestSchedulers(), registry, 1);
        m.apply(List.of(web(80)));
        RealServer d = m.table().services().get(0).destinations().get(0);
        RegisteredDestinations b = new RegisteredDestinations(registry);
        assertSame(d, b.destination(d.id()));
        assertSame(d.service(), b.service(d.id()));
        assertNull(b.service(d.id() + 100));
        b.adjust(d.id(), 1, 0, 1);
        b.adjust(d.id(), 0, 1, 0);
        b.adjust(d.id() + 100, 1, 1, 1);
        assertEquals(1, d.activeConnections());
        assertEquals(1, d.inactiveConnections());
        assertEquals(1, d.persistentConnections());
    }
}
