package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The version guard that protects the struct layouts; needs no DPDK. */
class DpdkLibraryTest {

    @Test
    void shouldAcceptEveryPatchReleaseOf2211() {
        assertNull(DpdkLibrary.versionProblem("DPDK 22.11.11"));
        assertNull(DpdkLibrary.versionProblem("DPDK 22.11.0"));
        assertNull(DpdkLibrary.versionProblem("DPDK 22.11.4-rc1"));
    }

    @Test
    void shouldRefuseAnotherReleaseNamingBothVersionsAndTheFix() {
        String problem = DpdkLibrary.versionProblem("DPDK 23.11.2");
        assertTrue(problem.contains("DPDK 23.11.2"), problem);
        assertTrue(problem.contains("22.11"), problem);
        assertTrue(problem.contains("apt-get install -y dpdk libdpdk-dev"), problem);
        assertTrue(DpdkLibrary.versionProblem("DPDK 21.11.1").contains("ABI mismatch"));
    }

    @Test
    void shouldRefuseAVersionItCannotRead() {
        assertTrue(DpdkLibrary.versionProblem("DPDK").contains("cannot read"));
        assertTrue(DpdkLibrary.versionProblem(null).contains("cannot read"));
    }
}
