package io.jvs.server.adm;

import io.jvs.engine.conn.TcpState;
import io.jvs.engine.conn.TimeoutProfile;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.service.VirtualService;
import io.jvs.server.admin.ConnectionRow;
import io.jvs.server.admin.ControlPlane;
import io.jvs.server.admin.Traffic;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.TunnelType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ipvsadm's listings, in the formats of {@code ipvsadm.c} ({@code list_all}, {@code print_title},
 * {@code print_service_entry}, {@code print_largenum}, {@code list_conn}, {@code list_timeout}) with
 * {@code -n}: jvs never resolves names. Services and destinations are sorted as ipvsadm sorts them
 * ({@code ipvs_cmp_services}, {@code ipvs_cmp_dests}).
 */
public final class IpvsadmListing {

    private IpvsadmListing() {
    }

    /**
     * {@code ipvsadm -L -n [...]}.
     *
     * @param control the control plane
     * @param a the parsed options
     * @param only the one service to list, or {@code null} for all
     * @return the text
     */
    static String list(ControlPlane control, IpvsadmArguments a, VirtualService only) {
        StringBuilder out = new StringBuilder();
        if (a.timeouts) {
            TimeoutProfile p = control.timeouts();
            out.append("Timeout (tcp tcpfin udp): ").append(p.tcpNanos(TcpState.ESTABLISHED) / 1_000_000_000L)
                    .append(' ').append(p.tcpNanos(TcpState.FIN_WAIT) / 1_000_000_000L).append(' ')
                    .append(p.udpNanos() / 1_000_000_000L).append('\n');
            return out.toString();
        }
        if (a.connections) {
            return connections(control.connections(), a.persistentConnections);
        }
        if (only == null) {
            out.append("IP Virtual Server version 1.2.1 (size=").append(control.connectionTableSize()).append(")\n");
        }
        title(out, a);
        for (VirtualService s : only == null ? sorted(control.services().table().services()) : List.of(only)) {
            service(out, control, a, s);
        }
        return out.toString();
    }

    private static void title(StringBuilder out, IpvsadmArguments a) {
        if (a.stats) {
            out.append(String.format(Locale.ROOT, "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"));
        } else if (a.rate) {
            out.append(String.format(Locale.ROOT, "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"));
        } else if (a.thresholds) {
            out.append(String.format(Locale.ROOT, "%-33s %-10s %-10s %-10s %-10s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "Uthreshold", "Lthreshold", "ActiveConn", "InActConn"));
        } else if (a.persistentConnections) {
            out.append(String.format(Locale.ROOT, "%-33s %-9s %-11s %-10s %-10s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "Weight", "PersistConn", "ActiveConn", "InActConn"));
        } else {
            out.append("Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
        }
    }

    private static void service(StringBuilder out, ControlPlane control, IpvsadmArguments a, VirtualService s) {
        ServiceSpec spec = s.spec();
        String name = serviceName(s.key());
        if (a.stats) {
            out.append(String.format(Locale.ROOT, "%-33s", name));
            largenums(out, control.traffic(s), a.exact);
        } else if (a.rate) {
            out.append(String.format(Locale.ROOT, "%-33s", name));
            largenums(out, control.rates().of(s), a.exact);
        } else {
            out.append(name).append(' ').append(spec.scheduler());
            if (spec.persistence() != null) {
                out.append(" persistent ").append(spec.persistence().timeoutSeconds());
                int prefix = spec.persistence().prefixLength();
                if (s.key().family() == AddressFamily.IPV4 && prefix != 32) {
                    out.append(" mask ").append(IpAddress.ipv4(prefix == 0 ? 0 : 0xFFFFFFFF << (32 - prefix)));
                } else if (s.key().family() == AddressFamily.IPV6 && prefix != 128) {
                    out.append(" mask ").append(prefix);
                }
            }
            if (spec.synProxy()) {
                out.append(" synproxy");
            }
        }
        out.append('\n');
        for (RealServer d : sortedDestinations(s)) {
            String dname = d.address().withPort(d.port());
            if (a.stats) {
                out.append(String.format(Locale.ROOT, "  -> %-28s", dname));
                largenums(out, control.traffic(d), a.exact);
                out.append('\n');
            } else if (a.rate) {
                Traffic r = control.rates().of(d);
                out.append(String.format(Locale.ROOT, "  -> %-28s %8d %8d %8d", dname, r.connections(), r.inPackets(),
                        r.outPackets()));
                largenum(out, r.inBytes(), a.exact);
                largenum(out, r.outBytes(), a.exact);
                out.append('\n');
            } else if (a.thresholds) {
                out.append(String.format(Locale.ROOT, "  -> %-28s %-10d %-10d %-10d %-10d\n", dname, d.upperThreshold(),
                        d.lowerThreshold(), d.activeConnections(), d.inactiveConnections()));
            } else if (a.persistentConnections) {
                out.append(String.format(Locale.ROOT, "  -> %-28s %-9d %-11d %-10d %-10d\n", dname, d.weight(),
                        d.persistentConnections(), d.activeConnections(), d.inactiveConnections()));
            } else {
                out.append(String.format(Locale.ROOT, "  -> %-28s %-7s %-6d %-10d %-10d\n", dname,
                        forwardName(d.forwardingMethod()), d.weight(), d.activeConnections(), d.inactiveConnections()));
            }
        }
    }

    /**
     * {@code ipvsadm -S -n}: the rules that recreate the services.
     *
     * @param services the running services
     * @return one {@code -A} line per service, followed by its {@code -a} lines
     */
    static String save(List<VirtualService> services) {
        StringBuilder out = new StringBuilder();
        for (VirtualService s : sorted(services)) {
            ServiceSpec spec = s.spec();
            String name = ruleName(s.key());
            out.append("-A ").append(name).append(" -s ").append(spec.scheduler());
            if (spec.persistence() != null) {
                out.append(" -p ").append(spec.persistence().timeoutSeconds());
                int prefix = spec.persistence().prefixLength();
                if (s.key().family() == AddressFamily.IPV4 && prefix != 32) {
                    out.append(" -M ").append(IpAddress.ipv4(prefix == 0 ? 0 : 0xFFFFFFFF << (32 - prefix)));
                } else if (s.key().family() == AddressFamily.IPV6 && prefix != 128) {
                    out.append(" -M ").append(prefix);
                }
            }
            for (Map.Entry<String, String> p : spec.schedulerParameters().entrySet()) {
                out.append(" --sched-param ").append(p.getKey()).append('=').append(p.getValue());
            }
            if (spec.synProxy()) {
                out.append(" -j enable");
            }
            out.append('\n');
            for (RealServer d : sortedDestinations(s)) {
                DestinationSpec ds = d.spec();
                out.append("-a ").append(name).append(" -r ").append(ds.address().withPort(ds.port())).append(' ')
                        .append(forwardSwitch(ds.forwarding())).append(" -w ").append(ds.weight());
                if (ds.upperThreshold() != 0) {
                    out.append(" -x ").append(ds.upperThreshold());
                }
                if (ds.lowerThreshold() != 0) {
                    out.append(" -y ").append(ds.lowerThreshold());
                }
                if (ds.forwarding() == ForwardingMethod.TUNNEL && ds.tunnelType() != TunnelType.IPIP) {
                    out.append(" --tun-type ").append(ds.tunnelType().configName());
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** {@code ipvsadm -L -c -n}: {@code "%-3s %-6s %-11s %-18s %-18s %s\n"}, expiry as mm:ss. */
    private static String connections(List<ConnectionRow> rows, boolean persistent) {
        StringBuilder out = new StringBuilder("IPVS connection entries\n");
        if (persistent) {
            out.append(String.format(Locale.ROOT, "pro expire %-11s %-18s %-18s %-18s %-16s %s\n", "state", "source",
                    "virtual", "destination", "pe name", "pe_data"));
        } else {
            out.append(String.format(Locale.ROOT, "pro expire %-11s %-18s %-18s %s\n", "state", "source", "virtual",
                    "destination"));
        }
        for (ConnectionRow r : rows) {
            String expire = String.format(Locale.ROOT, "%02d:%02d", r.expiresSeconds() / 60, r.expiresSeconds() % 60);
            out.append(String.format(Locale.ROOT, "%-3s %-6s %-11s %-18s %-18s %s\n", protocolName(r.protocol()),
                    expire, r.state(), r.client().withPort(r.clientPort()), r.virtual().withPort(r.virtualPort()),
                    r.destination().withPort(r.destinationPort())));
        }
        return out.toString();
    }

    /** {@code print_largenum}: {@code %9llu} below 100 million, then K, M, G, T; with --exact the full number. */
    private static void largenum(StringBuilder out, long i, boolean exact) {
        if (exact) {
            String digits = Long.toUnsignedString(i);
            int width = digits.length() <= 8 ? 9 : digits.length() + 1;
            out.append(" ".repeat(width - digits.length())).append(digits);
        } else if (i < 100_000_000L) {
            out.append(String.format(Locale.ROOT, "%9d", i));
        } else if (i < 1_000_000_000L) {
            out.append(String.format(Locale.ROOT, "%8dK", i / 1000));
        } else if (i < 100_000_000_000L) {
            out.append(String.format(Locale.ROOT, "%8dM", i / 1_000_000));
        } else if (i < 100_000_000_000_000L) {
            out.append(String.format(Locale.ROOT, "%8dG", i / 1_000_000_000L));
        } else {
            out.append(String.format(Locale.ROOT, "%8dT", i / 1_000_000_000_000L));
        }
    }

    private static void largenums(StringBuilder out, Traffic t, boolean exact) {
        largenum(out, t.connections(), exact);
        largenum(out, t.inPackets(), exact);
        largenum(out, t.outPackets(), exact);
        largenum(out, t.inBytes(), exact);
        largenum(out, t.outBytes(), exact);
    }

    /** {@code "TCP  203.0.113.1:80"}, {@code "FWM  7"}, {@code "FWM  7 IPv6"}. */
    private static String serviceName(ServiceKey key) {
        if (key.isFirewallMark()) {
            return "FWM  " + key.firewallMark() + (key.family() == AddressFamily.IPV6 ? " IPv6" : "");
        }
        String name = protocolName(key.protocol()) + "  " + key.address().withPort(key.port());
        return key.family() == AddressFamily.IPV4 && name.length() > 33 ? name.substring(0, 33) : name;
    }

    /** {@code "-t 203.0.113.1:80"}, {@code "-f 7 -6"}. */
    private static String ruleName(ServiceKey key) {
        if (key.isFirewallMark()) {
            return "-f " + key.firewallMark() + (key.family() == AddressFamily.IPV6 ? " -6" : "");
        }
        String option = switch (key.protocol()) {
            case IpProtocol.TCP -> "-t";
            case IpProtocol.UDP -> "-u";
            default -> "--sctp-service";
        };
        return option + " " + key.address().withPort(key.port());
    }

    private static String protocolName(int protocol) {
        return switch (protocol) {
            case IpProtocol.TCP -> "TCP";
            case IpProtocol.UDP -> "UDP";
            case IpProtocol.SCTP -> "SCTP";
            default -> "IP";
        };
    }

    /** {@code fwd_name}: Masq, Route, Tunnel, FullNat. */
    private static String forwardName(ForwardingMethod method) {
        return switch (method) {
            case NAT -> "Masq";
            case DR -> "Route";
            case TUNNEL -> "Tunnel";
            case FULLNAT -> "FullNat";
        };
    }

    /** {@code fwd_switch}: -m, -g, -i; FULLNAT as jvs's {@code --fullnat}. */
    private static String forwardSwitch(ForwardingMethod method) {
        return switch (method) {
            case NAT -> "-m";
            case DR -> "-g";
            case TUNNEL -> "-i";
            case FULLNAT -> "--fullnat";
        };
    }

    /** {@code ipvs_cmp_services}: mark, family, protocol, address, port. */
    static List<VirtualService> sorted(List<VirtualService> services) {
        List<VirtualService> out = new ArrayList<>(services);
        out.sort(Comparator.<VirtualService>comparingLong(s -> s.key().firewallMark() & 0xFFFFFFFFL)
                .thenComparingInt(s -> s.key().family())
                .thenComparingInt(s -> s.key().protocol())
                .thenComparing(s -> s.key().address(), IpvsadmListing::compareAddresses)
                .thenComparingInt(s -> s.key().port()));
        return out;
    }

    private static List<RealServer> sortedDestinations(VirtualService s) {
        List<RealServer> out = new ArrayList<>(s.destinations().asList());
        out.sort(Comparator.<RealServer, IpAddress>comparing(RealServer::address, IpvsadmListing::compareAddresses)
                .thenComparingInt(RealServer::port));
        return out;
    }

    private static int compareAddresses(IpAddress a, IpAddress b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a.family() != b.family()) {
            return Integer.compare(a.family(), b.family());
        }
        for (int i = 0; i < 4; i++) {
            int c = Integer.compareUnsigned(a.word(i), b.word(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
