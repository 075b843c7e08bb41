package io.jvs.server.adm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.TunnelType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ipvsadm's command line as popt parses it. */
class IpvsadmArgumentsTest {

    private static IpvsadmArguments parse(String line) throws IpvsadmException {
        return IpvsadmArguments.parse(List.of(line.split(" ")));
    }

    @Test
    void shouldParseClusteredShortOptionsAndAttachedValues() throws Exception {
        IpvsadmArguments a = parse("-lcn");
        assertEquals(IpvsadmArguments.Command.LIST, a.command());
        assertTrue(a.connections);

        IpvsadmArguments b = parse("-a -t203.0.113.1:80 -r 198.51.100.7:8080 -mw3 -x 10 -y5");
        assertEquals(IpvsadmArguments.Command.ADD_SERVER, b.command());
        assertEquals(IpProtocol.TCP, b.protocol);
        assertEquals("203.0.113.1:80", b.serviceText);
        assertEquals(ForwardingMethod.NAT, b.forwarding);
        assertEquals(3, b.weight);
        assertEquals(10, b.upperThreshold);
        assertEquals(5, b.lowerThreshold);
    }

    @Test
    void shouldParseLongOptionsWithEqualsAndOptionalPersistence() throws Exception {
        IpvsadmArguments a = parse("--add-service --udp-service=[2001:db8::1]:53 --scheduler=sh -p");
        assertEquals(IpvsadmArguments.Command.ADD_SERVICE, a.command());
        assertEquals(IpProtocol.UDP, a.protocol);
        assertEquals("[2001:db8::1]:53", a.serviceText);
        assertEquals("sh", a.scheduler);
        assertEquals(300, a.persistenceSeconds, "-p without a value: ipvsadm's 300 s");

        IpvsadmArguments b = parse("-A -f 7 -6 -s mh -p 60 --sched-param table-size=65537 -M 64");
        assertEquals(7, b.firewallMark);
        assertTrue(b.ipv6);
        assertEquals(60, b.persistenceSeconds);
        assertEquals("64", b.netmask);
        assertEquals(Map.of("table-size", "65537"), b.schedulerParameters);

        IpvsadmArguments c = parse("-a -t 203.0.113.1:80 -r 198.51.100.7 -i --tun-type gre");
        assertEquals(ForwardingMethod.TUNNEL, c.forwarding);
        assertEquals(TunnelType.GRE, c.tunnelType);
    }

    @Test
    void shouldDefaultToListingAndParseTheTimeouts() throws Exception {
        IpvsadmArguments a = IpvsadmArguments.parse(List.of());
        assertEquals(IpvsadmArguments.Command.LIST, a.command());
        assertNull(a.serviceText);
        IpvsadmArguments b = parse("--set 900 120 300");
        assertEquals(IpvsadmArguments.Command.SET_TIMEOUT, b.command());
        assertEquals(List.of(900, 120, 300), List.of(b.setTimeouts[0], b.setTimeouts[1], b.setTimeouts[2]));
    }

    @Test
    void shouldRefuseWhatIpvsadmRefuses() {
        for (String bad : new String[] {"-A -E -t 203.0.113.1:80", "-a -t 203.0.113.1:80 -w -1", "-X",
            "-A -t 203.0.113.1:80 -u 203.0.113.1:53", "-a -t 203.0.113.1:80 -m -g", "--set 1 2", "-A -t",
            "-a --tun-type vxlan", "stray"}) {
            IpvsadmException e = assertThrows(IpvsadmException.class, () -> parse(bad), bad);
            assertEquals(2, e.exitCode(), bad);
            assertTrue(e.getMessage().startsWith("ipvsadm: "), e.getMessage());
        }
    }

    @Test
    void shouldTakeSchedulerParametersWhoseValuesHoldSpacesCommasAndEqualSigns() throws IpvsadmException {
        IpvsadmArguments a = IpvsadmArguments.parse(List.of("-A", "-t", "203.0.113.1:80", "-s", "http-method",
                "--sched-param", "pools=primary=10.0.0.3:8080,10.0.0.4:8080",
                "--sched-param", "rules=method=PUT -> primary:wlc"));
        assertEquals(java.util.Map.of("pools", "primary=10.0.0.3:8080,10.0.0.4:8080",
                "rules", "method=PUT -> primary:wlc"), a.schedulerParameters);
    }
}
