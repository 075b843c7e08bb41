package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rendering of EAL's command line; needs no DPDK. */
class EalConfigTest {

    @Test
    void shouldRenderTheUnprivilegedVirtualDeviceCommandLine() {
        EalConfig config = EalConfig.forVirtualDevices("net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap", "net_null0")
                .withFilePrefix("jvs-test-42");
        List<String> args = config.arguments();
        assertEquals(List.of("jvs", "--file-prefix=jvs-test-42", "--no-huge", "-m", "256", "--no-pci",
                "--vdev=net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap", "--vdev=net_null0"), args.subList(0, 8));
        assertTrue(args.get(8).matches("--lcores=0@\\([0-9,-]+\\)"), args.get(8));
        assertEquals(List.of("--log-level=warning", "--no-telemetry"), args.subList(9, 11));
    }

    @Test
    void shouldUseAUniquePrefixPerProcessByDefault() {
        assertEquals("jvs-" + ProcessHandle.current().pid(), EalConfig.forVirtualDevices().filePrefix());
    }

    @Test
    void shouldAppendExtraArgumentsLastAndHonourExplicitLcores() {
        EalConfig config = new EalConfig("p", false, 0, false, List.of(), "1@2", "debug", false, List.of("--in-memory"));
        assertEquals(List.of("jvs", "--file-prefix=p", "--lcores=1@2", "--log-level=debug", "--in-memory"),
                config.arguments());
    }

    @Test
    void shouldRefuseAPrefixThatIsNotAPlainDirectoryName() {
        assertThrows(IllegalArgumentException.class, () -> EalConfig.forVirtualDevices().withFilePrefix("../etc"));
        assertThrows(IllegalArgumentException.class, () -> EalConfig.forVirtualDevices().withFilePrefix("a/b"));
        assertThrows(IllegalArgumentException.class, () -> EalConfig.forVirtualDevices().withFilePrefix(""));
    }

    @Test
    void shouldReadTheAllowedCpusOfThisProcess() {
        assertTrue(EalConfig.allowedCpus().matches("[0-9][0-9,-]*"), EalConfig.allowedCpus());
    }
}
