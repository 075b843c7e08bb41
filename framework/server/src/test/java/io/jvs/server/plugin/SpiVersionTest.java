package io.jvs.server.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpiVersionTest {

    @Test
    void shouldReportBuildVersionWithoutQualifier() {
        String buildVersion = System.getProperty("jvs.test.version");

        assertEquals(buildVersion.replace("-SNAPSHOT", ""), SpiVersion.current());
    }

    @Test
    void shouldDropQualifierAndRefuseNonSemver() {
        assertEquals("1.2.3", SpiVersion.withoutQualifier("1.2.3-SNAPSHOT"));
        assertEquals("1.2.3", SpiVersion.withoutQualifier("1.2.3"));
        assertThrows(IllegalArgumentException.class, () -> SpiVersion.withoutQualifier("${project.version}"));
        assertThrows(IllegalArgumentException.class, () -> SpiVersion.withoutQualifier("1.2"));
    }
}
