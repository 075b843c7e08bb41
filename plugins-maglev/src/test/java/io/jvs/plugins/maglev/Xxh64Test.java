package io.jvs.plugins.maglev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Xxh64Test {

    /** Expected values computed with the reference C library (libxxhash 0.8.1, {@code XXH64}). */
    @ParameterizedTest
    @CsvSource({
        "'',                                            0,                  ef46db3751d8e999",
        "a,                                             0,                  d24ec4f1a98c6e5b",
        "abc,                                           0,                  44bc2cf5ad770999",
        "198.51.100.7:80,                               0,                  5854352dcc0baa92",
        "198.51.100.7:80,                               6a76732d6f666673,   d1dc5791aeac4a2f",
        "198.51.100.7:80,                               6a76732d736b6970,   22e4a4c3c1ae6b9a",
        "[2001:db8::7]:80,                              6a76732d6f666673,   5e85d88df7096b97",
        "0123456789abcdef0123456789abcdef,              6a76732d736b6970,   59cc0bbfbcc884fc",
        "The quick brown fox jumps over the lazy dog,   0,                  0b242d361fda71bc",
        "The quick brown fox jumps over the lazy dog,   6a76732d6f666673,   a942bc5a9a3377f9",
    })
    void shouldMatchTheReferenceLibrary(String input, String seedHex, String expectedHex) {
        long seed = Long.parseUnsignedLong(seedHex, 16);

        long hash = Xxh64.hash(input.getBytes(StandardCharsets.UTF_8), seed);

        assertEquals(Long.parseUnsignedLong(expectedHex, 16), hash, () -> Long.toHexString(hash));
    }

    @ParameterizedTest
    @CsvSource({"jvs-offs, 6a76732d6f666673", "jvs-skip, 6a76732d736b6970", "jvs-flow, 6a76732d666c6f77"})
    void shouldSpellTheSeedsInAscii(String ascii, String hex) {
        long fromAscii = 0;
        for (byte b : ascii.getBytes(StandardCharsets.US_ASCII)) {
            fromAscii = fromAscii << 8 | b;
        }

        assertEquals(Long.parseUnsignedLong(hex, 16), fromAscii);
        assertEquals(fromAscii, switch (ascii) {
            case "jvs-offs" -> MaglevTable.OFFSET_SEED;
            case "jvs-skip" -> MaglevTable.SKIP_SEED;
            default -> FlowHash.FLOW_SEED;
        });
    }
}
