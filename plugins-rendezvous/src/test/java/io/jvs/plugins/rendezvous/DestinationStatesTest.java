package io.jvs.plugins.rendezvous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.testkit.FakeDestination;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DestinationStatesTest {

    @Test
    void shouldParseKeysOfBothFamiliesAndFormatThemCanonically() throws Exception {
        DestinationStates states = DestinationStates.parse("glb-states",
                " 198.51.100.8:80=filling,\n[2001:DB8:0:0::7]:443=draining 198.51.100.7:80=active ");

        assertEquals("198.51.100.8:80=filling,[2001:db8::7]:443=draining", states.text());
        assertEquals(DestinationState.DRAINING, states.of(FakeDestination.of("2001:db8::7", 443)));
        assertEquals(DestinationState.ACTIVE, states.of(FakeDestination.of("198.51.100.7", 80)));
        assertEquals(DestinationState.ACTIVE, states.of(FakeDestination.of("198.51.100.8", 81)));
    }

    @Test
    void shouldAcceptOnlyAddressLiteralsWithPorts() {
        for (String bad : new String[] {"198.51.100.7", "198.51.100:80", "198.51.100.256:80", "198.51.100.7:65536",
            "[198.51.100.7]:80", "example.org:80", "[2001:db8::zz]:80", "2001:db8::7:80", ":80"}) {
            assertNull(DestinationAddress.parse(bad), bad);
        }
        assertEquals("[::1]:0", DestinationAddress.parse("[::1]:0").toString());
    }

    @Test
    void shouldAllowOnlyTheDocumentedTransitions() {
        Set<String> allowed = Set.of("active>draining", "draining>inactive", "draining>filling", "inactive>filling",
                "filling>active", "filling>draining");
        for (DestinationState from : DestinationState.values()) {
            for (DestinationState to : EnumSet.complementOf(EnumSet.of(from))) {
                assertEquals(allowed.contains(from.word() + ">" + to.word()), from.canBecome(to), from + " -> " + to);
            }
            assertTrue(from.canBecome(from));
        }
        assertTrue(DestinationState.DRAINING.inTransition());
        assertTrue(DestinationState.FILLING.inTransition());
        assertFalse(DestinationState.INACTIVE.inTransition());
    }
}
