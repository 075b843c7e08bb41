package io.jvs.server.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.SchedulerParameters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValidatorTest {

    private static final List<ParameterSpec> SPECS = List.of(
            ParameterSpec.integer("table-size", 65537, 7, 655373, "the lookup table size"),
            ParameterSpec.flag("sh-port", "hash the source port too"),
            ParameterSpec.choice("hash", "crc32", List.of("crc32", "xxh64"), "the hash function"),
            ParameterSpec.text("label", "none", "a label"));

    @Test
    void shouldFillEveryDefaultWhenNothingIsSet() throws InvalidParameterException {
        SchedulerParameters parameters = ParameterValidator.validate(SPECS, Map.of());

        assertEquals(65537L, parameters.getLong("table-size"));
        assertEquals(65537, parameters.getInt("table-size"));
        assertFalse(parameters.getBoolean("sh-port"));
        assertEquals("crc32", parameters.getString("hash"));
        assertEquals("none", parameters.getString("label"));
        assertEquals(List.of("table-size", "sh-port", "hash", "label"), List.copyOf(parameters.asText().keySet()));
    }

    @Test
    void shouldConvertSetValuesToTheirTypes() throws InvalidParameterException {
        SchedulerParameters parameters = ParameterValidator.validate(SPECS,
                Map.of("table-size", " 7 ", "sh-port", "TRUE", "hash", "xxh64", "label", " blue "));

        assertEquals(7L, parameters.getLong("table-size"));
        assertTrue(parameters.getBoolean("sh-port"));
        assertEquals("xxh64", parameters.getString("hash"));
        assertEquals(" blue ", parameters.getString("label"));
        assertEquals(Map.of("table-size", "7", "sh-port", "true", "hash", "xxh64", "label", " blue "),
                parameters.asText());
    }

    @Test
    void shouldAcceptRangeBoundsAndRefuseOneBeyond() throws InvalidParameterException {
        assertEquals(7L, ParameterValidator.validate(SPECS, Map.of("table-size", "7")).getLong("table-size"));
        assertEquals(655373L, ParameterValidator.validate(SPECS, Map.of("table-size", "655373")).getLong("table-size"));

        assertRefused(Map.of("table-size", "6"), "table-size", "table-size: must be between 7 and 655373, got 6");
        assertRefused(Map.of("table-size", "655374"), "table-size",
                "table-size: must be between 7 and 655373, got 655374");
    }

    @Test
    void shouldRefuseUnknownName() {
        assertRefused(Map.of("table_size", "7"), "table_size",
                "table_size: unknown parameter; this scheduler takes: table-size, sh-port, hash, label");
    }

    @Test
    void shouldRefuseAnyNameWhenNothingIsDeclared() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValidator.validate(List.of(), Map.of("x", "1")));

        assertEquals("x: unknown parameter; this scheduler takes no parameters", e.getMessage());
    }

    @Test
    void shouldRefuseWrongTypes() {
        assertRefused(Map.of("table-size", "big"), "table-size", "table-size: must be an integer, got 'big'");
        assertRefused(Map.of("table-size", "99999999999999999999"), "table-size",
                "table-size: must be an integer, got '99999999999999999999'");
        assertRefused(Map.of("sh-port", "yes"), "sh-port", "sh-port: must be true or false, got 'yes'");
    }

    @Test
    void shouldRefuseBadChoice() {
        assertRefused(Map.of("hash", "md5"), "hash", "hash: must be one of crc32, xxh64; got 'md5'");
    }

    @Test
    void shouldRefuseMissingRequiredParameter() {
        List<ParameterSpec> specs = List.of(ParameterSpec.text("offset", null, "where the session id starts"));

        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValidator.validate(specs, Map.of()));

        assertEquals("offset", e.parameter());
        assertEquals("offset: is required (it has no default): where the session id starts", e.getMessage());
    }

    @Test
    void shouldRefuseNullValue() {
        Map<String, String> values = new HashMap<>();
        values.put("label", null);

        assertRefused(values, "label", "label: has no value");
    }

    @Test
    void shouldListAllProblemsWhenThereAreSeveral() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValidator.validate(SPECS, Map.of("hash", "md5", "sh-port", "1")));

        assertNull(e.parameter());
        assertEquals("2 invalid parameters: sh-port: must be true or false, got '1';"
                + " hash: must be one of crc32, xxh64; got 'md5'", e.getMessage());
    }

    @Test
    void shouldRefuseAskingForUndeclaredOrWronglyTypedParameter() throws InvalidParameterException {
        SchedulerParameters parameters = ParameterValidator.validate(SPECS, Map.of());

        IllegalArgumentException undeclared = assertThrows(IllegalArgumentException.class,
                () -> parameters.getLong("size"));
        assertThrows(IllegalArgumentException.class, () -> parameters.getBoolean("table-size"));

        assertTrue(undeclared.getMessage().startsWith("no integer parameter 'size' is declared"),
                undeclared.getMessage());
    }

    @Test
    void shouldRefuseFaultyDeclarations() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> ParameterValidator.checkDeclarations(List.of(ParameterSpec.flag("x", "a"),
                        ParameterSpec.flag("x", "b"))));
        IllegalArgumentException badDefault = assertThrows(IllegalArgumentException.class,
                () -> ParameterValidator.checkDeclarations(List.of(ParameterSpec.integer("n", 100, 0, 10, "n"))));

        assertEquals("parameter x is declared twice", twice.getMessage());
        assertEquals("invalid default: n: must be between 0 and 10, got 100", badDefault.getMessage());
    }

    private static void assertRefused(Map<String, String> values, String parameter, String message) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ParameterValidator.validate(SPECS, values));

        assertEquals(parameter, e.parameter());
        assertEquals(message, e.getMessage());
    }
}
