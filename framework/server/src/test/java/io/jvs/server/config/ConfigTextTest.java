package io.jvs.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small text formats of configuration values: durations, counts, port ranges, key paths, hints. */
class ConfigTextTest {

    @Test
    void shouldParseDurationsWithTheirUnits() {
        assertEquals(Duration.ofMillis(250), DurationText.parse("250ms"));
        assertEquals(Duration.ofSeconds(300), DurationText.parse("300s"));
        assertEquals(Duration.ofMinutes(5), DurationText.parse("5m"));
        assertEquals(Duration.ofHours(1), DurationText.parse("1h"));
        assertEquals(Duration.ofDays(2), DurationText.parse(" 2d "));
        for (String bad : new String[] {"300", "5 min", "1.5s", "-1s", "s", "", "10sec"}) {
            assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bad), bad);
        }
    }

    @Test
    void shouldFormatDurationsInTheLargestWholeUnit() {
        assertEquals("5m", DurationText.format(Duration.ofSeconds(300)));
        assertEquals("90s", DurationText.format(Duration.ofSeconds(90)));
        assertEquals("1500ms", DurationText.format(Duration.ofMillis(1500)));
        assertEquals("1d", DurationText.format(Duration.ofHours(24)));
        assertEquals("0s", DurationText.format(Duration.ZERO));
        for (String text : new String[] {"250ms", "7s", "30m", "2h", "30d"}) {
            assertEquals(text, DurationText.format(DurationText.parse(text)));
        }
    }

    @Test
    void shouldParseCountsWithDecimalAndBinarySuffixes() {
        assertEquals(65536, CountText.parse("65536"));
        assertEquals(64 * 1024, CountText.parse("64Ki"));
        assertEquals(1 << 20, CountText.parse("1Mi"));
        assertEquals(1L << 30, CountText.parse("1Gi"));
        assertEquals(1_000_000, CountText.parse("1M"));
        assertEquals(2_000, CountText.parse("2k"));
        for (String bad : new String[] {"64KB", "1m", "1.5M", "M", "-5"}) {
            assertThrows(IllegalArgumentException.class, () -> CountText.parse(bad), bad);
        }
        assertThrows(ArithmeticException.class, () -> CountText.parse("999999999999Gi"));
    }

    @Test
    void shouldParsePortRanges() {
        assertEquals(new PortRange(1024, 65535), PortRange.parse("1024-65535"));
        assertEquals(new PortRange(8080, 8080), PortRange.parse("8080"));
        assertEquals("2000-3000", PortRange.parse("2000 - 3000").toString());
        for (String bad : new String[] {"0-10", "10-5", "1-65536", "a-b", "1024-"}) {
            assertThrows(IllegalArgumentException.class, () -> PortRange.parse(bad), bad);
        }
    }

    @Test
    void shouldBuildAndSplitKeyPaths() {
        String path = KeyPath.child(KeyPath.item(KeyPath.child("", "services"), 2), "weight");
        assertEquals("services[2].weight", path);
        assertEquals("engine.neighbors[198.51.100.7]", KeyPath.child("engine.neighbors", "198.51.100.7"));
        assertEquals(List.of("services", 2, "weight"), KeyPath.steps(path));
        assertEquals(List.of("engine", "neighbors", "198.51.100.7"), KeyPath.steps("engine.neighbors[198.51.100.7]"));
    }

    @Test
    void shouldSuggestOnlyCloseKeys() {
        List<String> keys = List.of("weight", "port", "address", "expire_nodest_conn");
        assertEquals("weight", KeySuggestion.closest("wieght", keys));
        assertEquals("weight", KeySuggestion.closest("weigth", keys));
        assertEquals("port", KeySuggestion.closest("prot", keys));
        assertEquals("expire_nodest_conn", KeySuggestion.closest("expire-nodest-conn", keys));
        assertEquals("address", KeySuggestion.closest("Address", keys));
        assertNull(KeySuggestion.closest("scheduler", keys));
        assertNull(KeySuggestion.closest("pt", keys));
        assertEquals("", KeySuggestion.hint("zzz", keys));
    }

    @Test
    void shouldLocateKeyPathsInTheDocument() throws Exception {
        ConfigDocument doc = ConfigDocument.parse("""
                engine:
                  neighbors: {198.51.100.7: "02:00:00:00:01:07"}
                services:
                  - protocol: tcp
                    destinations:
                      - {address: 198.51.100.7, weight: 3}
                """, "d.yaml", java.nio.file.Path.of("/tmp"));

        assertEquals("d.yaml:6:41", doc.locate("services[0].destinations[0].weight").toString());
        assertEquals("d.yaml:4:5", doc.locate("services[0]").toString());
        assertEquals("d.yaml:2:29", doc.locate("engine.neighbors[198.51.100.7]").toString());
        assertEquals("d.yaml:4:5", doc.locate("services[0].scheduler").toString(), "the nearest existing node");
        assertEquals("d.yaml:1:1", doc.locate("sysctl").toString());
    }
}
