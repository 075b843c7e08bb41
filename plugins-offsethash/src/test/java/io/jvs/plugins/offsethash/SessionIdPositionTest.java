package io.jvs.plugins.offsethash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parameter file's text: read {@code offset:%u;offlen:%u}, write {@code offset:N offlen:M}. */
class SessionIdPositionTest {

    @Test
    void shouldReadExactlyAsTheKernelModulePrintsIt() {
        assertEquals("offset:4;offlen:8", new SessionIdPosition(4, 8).text());
        assertEquals("offset:0;offlen:1", new SessionIdPosition(0, 1).text());
        assertEquals("offset:1472;offlen:64", new SessionIdPosition(1472, 64).text());
    }

    @Test
    void shouldAcceptTheWriteFormTheReadFormAndEchosNewline() throws InvalidParameterException {
        assertEquals(new SessionIdPosition(10, 16), SessionIdPosition.parse("offset:10 offlen:16"));
        assertEquals(new SessionIdPosition(10, 16), SessionIdPosition.parse("offset:10;offlen:16"));
        assertEquals(new SessionIdPosition(10, 16), SessionIdPosition.parse("offset:10 offlen:16\n"));
        assertEquals(new SessionIdPosition(10, 16), SessionIdPosition.parse("  offlen:16\toffset:10 "));
        assertEquals(new SessionIdPosition(0, 64), SessionIdPosition.parse("offset:0 offlen:64"));
        assertEquals(new SessionIdPosition(1472, 1), SessionIdPosition.parse("offset:1472 offlen:1"));
    }

    @Test
    void shouldRoundTripEveryReadForm() throws InvalidParameterException {
        for (int offset = 0; offset <= SessionIdPosition.MAX_OFFSET; offset += 37) {
            for (int length = 1; length <= SessionIdPosition.MAX_LENGTH; length++) {
                SessionIdPosition p = new SessionIdPosition(offset, length);
                assertEquals(p, SessionIdPosition.parse(p.text()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "offset:4", "offlen:8", "offset:4 offlen:0", "offset:4 offlen:65",
        "offset:1473 offlen:8", "offset:-1 offlen:8", "offset:+4 offlen:8", "offset:4 offlen:8 offlen:8",
        "offset:4 offset:5 offlen:8", "offset:4 offlen:8 mode:1", "offset=4 offlen=8", "offset:4,offlen:8",
        "offset: offlen:8", "offset:0x4 offlen:8", "offset:99999999999999999999 offlen:8", "4 8"})
    void shouldRefuseAnInvalidWriteWithEinval(String text) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> SessionIdPosition.parse(text));
        assertTrue(e.getMessage().contains("EINVAL"), e.getMessage());
    }

    @Test
    void shouldNameTheFieldAndTheRangeInTheMessage() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> SessionIdPosition.parse("offset:4 offlen:65"));
        assertEquals("offlen", e.parameter());
        assertEquals("offlen: EINVAL: must be 1..64, got 65", e.getMessage());
        e = assertThrows(InvalidParameterException.class, () -> SessionIdPosition.parse("offset:1473 offlen:8"));
        assertEquals("offset", e.parameter());
        assertEquals("offset: EINVAL: must be 0..1472, got 1473", e.getMessage());
    }

    @Test
    void shouldRefuseOutOfRangeValuesInTheConstructor() {
        assertThrows(IllegalArgumentException.class, () -> new SessionIdPosition(-1, 8));
        assertThrows(IllegalArgumentException.class, () -> new SessionIdPosition(1473, 8));
        assertThrows(IllegalArgumentException.class, () -> new SessionIdPosition(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SessionIdPosition(0, 65));
    }
}
