package io.jvs.server.admin;

import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.VirtualService;
import io.jvs.engine.worker.Worker;
import io.jvs.spi.AddressFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's {@code /proc/net} files of IPVS, byte for byte in the formats of Linux
 * {@code net/netfilter/ipvs/ip_vs_ctl.c} ({@code ip_vs_info_seq_show}, {@code ip_vs_stats_show},
 * {@code ip_vs_stats_percpu_show}) and {@code ip_vs_conn.c} ({@code ip_vs_conn_seq_show}).
 *
 * <p>Where jvs differs from the kernel, the difference is in the values, never in the layout:
 * {@code size} is the connection capacity of all workers; the persistence timeout is printed in
 * jiffies of a 1000 Hz kernel (milliseconds); "CPU" rows are workers.
 */
public final class ProcNetFiles {

    /** Jiffies per second assumed for the persistence timeout of {@code /proc/net/ip_vs} (CONFIG_HZ=1000). */
    public static final int HZ = 1000;

    private ProcNetFiles() {
    }

    /**
     * {@code /proc/net/ip_vs}: the services and their destinations.
     *
     * @param control the control plane
     * @return the file's text
     */
    public static String ipVs(ControlPlane control) {
        StringBuilder out = new StringBuilder();
        out.append("IP Virtual Server version ").append(KernelText.VERSION).append(" (size=")
                .append(control.connectionTableSize()).append(")\n");
        out.append("Prot LocalAddress:Port Scheduler Flags\n");
        out.append("  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n");
        for (VirtualService s : inKernelOrder(control.services().table().services())) {
            ServiceKey key = s.key();
            String scheduler = s.spec().scheduler();
            if (key.isFirewallMark()) {
                out.append("FWM  ").append(KernelText.hex(key.firewallMark() & 0xFFFFFFFFL, 8)).append(' ')
                        .append(scheduler).append(' ');
            } else if (key.family() == AddressFamily.IPV6) {
                out.append(KernelText.protocolName(key.protocol())).append("  [")
                        .append(KernelText.ipv6Full(key.address())).append("]:").append(KernelText.hex(key.port(), 4))
                        .append(' ').append(scheduler).append(' ');
            } else {
                out.append(KernelText.protocolName(key.protocol())).append("  ")
                        .append(KernelText.address(key.address())).append(':').append(KernelText.hex(key.port(), 4))
                        .append(' ').append(scheduler).append(' ').append(' ');
            }
            if (s.spec().persistence() != null) {
                out.append("persistent ").append((long) s.spec().persistence().timeoutSeconds() * HZ).append(' ')
                        .append(KernelText.hex(netmask(key.family(), s.spec().persistence().prefixLength()), 8))
                        .append('\n');
            } else {
                out.append('\n');
            }
            for (RealServer d : s.destinations().asList()) {
                IpAddress a = d.address();
                out.append("  -> ");
                if (a.family() == AddressFamily.IPV6) {
                    out.append('[').append(KernelText.ipv6Full(a)).append("]:").append(KernelText.hex(d.port(), 4));
                } else {
                    out.append(KernelText.address(a)).append(':').append(KernelText.hex(d.port(), 4));
                }
                out.append("      ").append(KernelText.left(KernelText.forwardName(d.forwardingMethod()), 7)).append(' ')
                        .append(KernelText.left(Integer.toString(d.weight()), 6)).append(' ')
                        .append(KernelText.left(Integer.toString(d.activeConnections()), 10)).append(' ')
                        .append(KernelText.left(Integer.toString(d.inactiveConnections()), 10)).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * {@code /proc/net/ip_vs_conn}: every connection and template.
     *
     * @param rows the entries
     * @return the file's text
     */
    public static String ipVsConn(List<ConnectionRow> rows) {
        StringBuilder out = new StringBuilder();
        out.append("Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n");
        for (ConnectionRow r : rows) {
            out.append(KernelText.left(KernelText.protocolName(r.protocol()), 3)).append(' ')
                    .append(KernelText.address(r.client())).append(' ').append(KernelText.hex(r.clientPort(), 4))
                    .append(' ').append(KernelText.address(r.virtual())).append(' ')
                    .append(KernelText.hex(r.virtualPort(), 4)).append(' ')
                    .append(KernelText.address(r.destination())).append(' ')
                    .append(KernelText.hex(r.destinationPort(), 4)).append(' ')
                    .append(KernelText.left(r.state(), 11)).append(' ')
                    .append(KernelText.right(Long.toString(r.expiresSeconds()), 7)).append('\n');
        }
        return out.toString();
    }

    /**
     * {@code /proc/net/ip_vs_stats}: totals and rates of the whole engine.
     *
     * @param total the totals
     * @param rates the rates, per second
     * @return the file's text
     */
    public static String ipVsStats(Traffic total, Traffic rates) {
        StringBuilder out = new StringBuilder();
        out.append("   Total Incoming Outgoing         Incoming         Outgoing\n");
        out.append("   Conns  Packets  Packets            Bytes            Bytes\n");
        row(out, total).append("\n\n");
        out.append(" Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n");
        row(out, rates).append('\n');
        return out.toString();
    }

    /**
     * {@code /proc/net/ip_vs_stats_percpu}: one row per worker, the total, and the rates.
     *
     * @param perWorker the totals of each worker, by worker index
     * @param total the engine's totals
     * @param rates the rates, per second
     * @return the file's text
     */
    public static String ipVsStatsPercpu(List<Traffic> perWorker, Traffic total, Traffic rates) {
        StringBuilder out = new StringBuilder();
        out.append("       Total Incoming Outgoing         Incoming         Outgoing\n");
        out.append("CPU    Conns  Packets  Packets            Bytes            Bytes\n");
        for (int i = 0; i < perWorker.size(); i++) {
            out.append(KernelText.hexRight(i, 3)).append(' ');
            row(out, perWorker.get(i)).append('\n');
        }
        out.append("  ~ ");
        row(out, total).append("\n\n");
        out.append("     Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n");
        out.append("    ");
        row(out, rates).append('\n');
        return out.toString();
    }

    /**
     * Sums each worker's share of every destination's traffic.
     *
     * @param control the control plane
     * @return one entry per worker
     */
    public static List<Traffic> perWorker(ControlPlane control) {
        List<Traffic> out = new ArrayList<>();
        for (Worker w : control.engine().workers()) {
            Traffic sum = Traffic.ZERO;
            for (VirtualService s : control.services().table().services()) {
                for (RealServer d : s.destinations().asList()) {
                    sum = sum.plus(control.traffic(d, w.index()));
                }
            }
            out.add(sum);
        }
        return out;
    }

    /** {@code "%8X %8X %8X %16LX %16LX"}. */
    private static StringBuilder row(StringBuilder out, Traffic t) {
        return out.append(KernelText.hexRight(t.connections(), 8)).append(' ')
                .append(KernelText.hexRight(t.inPackets(), 8)).append(' ')
                .append(KernelText.hexRight(t.outPackets(), 8)).append(' ')
                .append(KernelText.hexRight(t.inBytes(), 16)).append(' ')
                .append(KernelText.hexRight(t.outBytes(), 16));
    }

    /**
     * Orders services as the kernel walks its tables: address services first, then firewall-mark
     * services, each group in the order they were added.
     *
     * @param services the services in table order
     * @return the ordered list
     */
    static List<VirtualService> inKernelOrder(List<VirtualService> services) {
        List<VirtualService> out = new ArrayList<>();
        for (VirtualService s : services) {
            if (!s.key().isFirewallMark()) {
                out.add(s);
            }
        }
        for (VirtualService s : services) {
            if (s.key().isFirewallMark()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The kernel's {@code svc->netmask}: an IPv4 mask in host order, or the IPv6 prefix length. */
    private static long netmask(int family, int prefixLength) {
        if (family == AddressFamily.IPV6) {
            return prefixLength;
        }
        return prefixLength == 0 ? 0 : (0xFFFFFFFFL << (32 - prefixLength)) & 0xFFFFFFFFL;
    }
}
