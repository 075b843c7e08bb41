package io.jvs.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.server.adm.IpvsadmExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ipvsadm's listings of the known state, the expected text written from ipvsadm.c's format strings
 * ({@code "%-33s"} + {@code print_largenum}'s {@code "%9llu"}; {@code "%-3s %-6s %-11s %-18s %-18s %s\n"}).
 */
class IpvsadmListingTest {

    private static String run(IpvsadmExecutor adm, String line) {
        IpvsadmExecutor.Result result = adm.execute(List.of(line.split(" ")), "");
        assertEquals(0, result.exitCode(), line + ": " + result.err());
        return result.out();
    }

    @Test
    void shouldListCountersConnectionsAndPersistenceAsIpvsadm() throws Exception {
        try (KnownState state = new KnownState()) {
            IpvsadmExecutor adm = new IpvsadmExecutor(state.control);
            assertEquals(""
                    + "IP Virtual Server version 1.2.1 (size=1024)\n"
                    + "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n"
                    + "  -> RemoteAddress:Port\n"
                    + "TCP  203.0.113.1:80                      3        4        1      160       40\n"
                    + "  -> 198.51.100.7:8080                   2        2        0       80        0\n"
                    + "  -> 198.51.100.8:8080                   1        2        1       80       40\n"
                    + "UDP  203.0.113.2:53                      1        1        0       32        0\n"
                    + "  -> 198.51.100.17:53                    1        1        0       32        0\n",
                    run(adm, "-L -n --stats"));

            String connections = run(adm, "-L -n -c");
            List<String> lines = new ArrayList<>(List.of(connections.split("\n")));
            List<String> rows = new ArrayList<>(lines.subList(2, lines.size()));
            Collections.sort(rows);
            assertEquals(List.of("IPVS connection entries",
                    "pro expire state       source             virtual            destination"), lines.subList(0, 2));
            assertEquals(List.of(
                    "TCP 00:50  SYN_RECV    203.0.113.101:40001 203.0.113.1:80     198.51.100.7:8080",
                    "TCP 00:50  SYN_RECV    203.0.113.103:40003 203.0.113.1:80     198.51.100.7:8080",
                    "TCP 14:50  ESTABLISHED 203.0.113.102:40002 203.0.113.1:80     198.51.100.8:8080",
                    "UDP 04:50  UDP         203.0.113.0:0      203.0.113.2:53     198.51.100.17:53",
                    "UDP 04:50  UDP         203.0.113.101:5353 203.0.113.2:53     198.51.100.17:53"), rows);

            assertEquals(""
                    + "Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn \n"
                    + "  -> RemoteAddress:Port\n"
                    + "UDP  203.0.113.2:53 rr persistent 300 mask 255.255.255.0\n"
                    + "  -> 198.51.100.17:53             1         1           0          1         \n",
                    run(adm, "-L -n --persistent-conn -u 203.0.113.2:53"));
        }
    }

    @Test
    void shouldZeroTheCountersOfOneServiceOrAll() throws Exception {
        try (KnownState state = new KnownState()) {
            IpvsadmExecutor adm = new IpvsadmExecutor(state.control);
            run(adm, "-Z -t 203.0.113.1:80");
            String stats = run(adm, "-L -n --stats --exact");
            assertEquals(""
                    + "TCP  203.0.113.1:80                      0        0        0        0        0\n"
                    + "  -> 198.51.100.7:8080                   0        0        0        0        0\n"
                    + "  -> 198.51.100.8:8080                   0        0        0        0        0\n"
                    + "UDP  203.0.113.2:53                      1        1        0       32        0\n"
                    + "  -> 198.51.100.17:53                    1        1        0       32        0\n",
                    stats.substring(stats.indexOf("TCP ")));
            run(adm, "-Z");
            assertEquals("       0        0        0                0                0",
                    ProcNetFiles.ipVsStats(state.control.totalTraffic(), Traffic.ZERO).split("\n")[2]);
        }
    }

    @Test
    void shouldKeepSynproxyWhenAServiceIsEdited() throws Exception {
        try (KnownState state = new KnownState()) {
            io.jvs.engine.service.ServiceSpec tcp = state.engine.services().specs().get(0);
            state.engine.services().put(tcp.withSynProxy(true));
            IpvsadmExecutor adm = new IpvsadmExecutor(state.control);
            run(adm, "-E -t 203.0.113.1:80 -s rr -p 60");
            io.jvs.engine.service.ServiceSpec edited = state.engine.services().specs().get(0);
            assertEquals(60, edited.persistence().timeoutSeconds());
            assertEquals(true, edited.synProxy(), "an edit without -j keeps synproxy");
        }
    }

    @Test
    void shouldSwitchSynproxyWithDashJAndShowItInListingsAndSave() throws Exception {
        try (KnownState state = new KnownState()) {
            IpvsadmExecutor adm = new IpvsadmExecutor(state.control);
            run(adm, "-A -t 203.0.113.50:443 -s wlc -j enable");
            run(adm, "-a -t 203.0.113.50:443 -r 198.51.100.50:8443 -m -w 1");

            assertEquals(true, state.engine.services().specs().stream()
                    .filter(x -> x.key().port() == 443).findFirst().orElseThrow().synProxy());
            assertTrue(run(adm, "-L -n").contains("TCP  203.0.113.50:443 wlc synproxy\n"), run(adm, "-L -n"));
            assertTrue(run(adm, "-S -n").contains("-A -t 203.0.113.50:443 -s wlc -j enable\n"), run(adm, "-S -n"));

            run(adm, "-E -t 203.0.113.50:443 -s wlc --synproxy disable");
            assertEquals(false, state.engine.services().specs().stream()
                    .filter(x -> x.key().port() == 443).findFirst().orElseThrow().synProxy());
            assertTrue(run(adm, "-L -n").contains("TCP  203.0.113.50:443 wlc\n"), run(adm, "-L -n"));

            IpvsadmExecutor.Result bad = adm.execute(List.of("-E", "-t", "203.0.113.50:443", "-j", "on"), "");
            assertEquals(2, bad.exitCode());
            assertTrue(bad.err().contains("illegal synproxy value 'on' (enable, disable)"), bad.err());
        }
    }

    @Test
    void shouldRefuseADirectRoutingServerOnASynproxiedService() throws Exception {
        try (KnownState state = new KnownState()) {
            io.jvs.engine.service.ServiceSpec tcp = state.engine.services().specs().get(0);
            state.engine.services().put(tcp.withSynProxy(true));
            IpvsadmExecutor adm = new IpvsadmExecutor(state.control);
            IpvsadmExecutor.Result result = adm.execute(List.of("-a", "-t", "203.0.113.1:80", "-r", "198.51.100.9",
                    "-g"), "");
            assertEquals(1, result.exitCode(), result.err());
            assertTrue(result.err().contains("synproxy: needs NAT or FULLNAT forwarding"), result.err());
            assertEquals(2, state.engine.services().specs().get(0).destinations().size(), "nothing changed");
        }
    }
}
