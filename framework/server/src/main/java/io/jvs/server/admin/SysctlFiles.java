package io.jvs.server.admin;

import io.jvs.engine.Tunables;
import io.jvs.engine.conn.TcpState;
import io.jvs.engine.conn.TimeoutProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of {@code /proc/sys/net/ipv4/vs/}: the IPVS sysctls jvs implements and its timeouts,
 * read as {@code "%d\n"} and written as the kernel's {@code proc_dointvec_minmax} parses them (an
 * optional sign, decimal digits, surrounding white space); anything else, or a value out of range,
 * is refused with {@code EINVAL} and the value stays as it was.
 *
 * <p>The timeouts ({@code timeout_established}, ...) are the names of the kernel's former
 * {@code vs_timeout_table} sysctls; they are in seconds, as {@code proc_dointvec_jiffies} shows them,
 * and change the engine-wide timeouts ({@code ipvsadm --set}).
 */
public final class SysctlFiles {

    /** The kernel's text for a refused write. */
    public static final String EINVAL = "Invalid argument";

    /** Longest timeout accepted, seconds: 30 days, the configuration file's limit. */
    public static final int MAX_TIMEOUT_SECONDS = 30 * 24 * 3600;

    /** A sysctl that is not a timeout. */
    private record Flag(int min, int max) {
    }

    private static final Map<String, Flag> FLAGS = new LinkedHashMap<>();
    private static final Map<String, TcpState> TCP_TIMEOUTS = new LinkedHashMap<>();

    static {
        FLAGS.put("expire_nodest_conn", new Flag(0, 1));
        FLAGS.put("expire_quiescent_template", new Flag(0, 1));
        FLAGS.put("conn_reuse_mode", new Flag(0, 3));
        FLAGS.put("sloppy_tcp", new Flag(0, 1));
        FLAGS.put("schedule_icmp", new Flag(0, 0));
        TCP_TIMEOUTS.put("timeout_established", TcpState.ESTABLISHED);
        TCP_TIMEOUTS.put("timeout_synsent", TcpState.SYN_SENT);
        TCP_TIMEOUTS.put("timeout_synrecv", TcpState.SYN_RECV);
        TCP_TIMEOUTS.put("timeout_finwait", TcpState.FIN_WAIT);
        TCP_TIMEOUTS.put("timeout_timewait", TcpState.TIME_WAIT);
        TCP_TIMEOUTS.put("timeout_close", TcpState.CLOSE);
        TCP_TIMEOUTS.put("timeout_closewait", TcpState.CLOSE_WAIT);
        TCP_TIMEOUTS.put("timeout_lastack", TcpState.LAST_ACK);
        TCP_TIMEOUTS.put("timeout_listen", TcpState.LISTEN);
        TCP_TIMEOUTS.put("timeout_synack", TcpState.SYNACK);
    }

    private SysctlFiles() {
    }

    /**
     * Returns every file name, sysctls first.
     *
     * @return the names
     */
    public static List<String> names() {
        List<String> names = new ArrayList<>(FLAGS.keySet());
        names.addAll(TCP_TIMEOUTS.keySet());
        names.add("timeout_udp");
        names.add("timeout_icmp");
        return names;
    }

    /**
     * Tells whether a file exists.
     *
     * @param name the file name
     * @return {@code true} when it is one of {@link #names()}
     */
    public static boolean exists(String name) {
        return names().contains(name);
    }

    /**
     * Reads a file.
     *
     * @param control the control plane
     * @param name the file name
     * @return the value
     * @throws IllegalArgumentException for an unknown name
     */
    public static int read(ControlPlane control, String name) {
        Tunables t = control.engine().tunables();
        TimeoutProfile p = control.timeouts();
        return switch (name) {
            case "expire_nodest_conn" -> t.expireNodestConn() ? 1 : 0;
            case "expire_quiescent_template" -> t.expireQuiescentTemplate() ? 1 : 0;
            case "conn_reuse_mode" -> t.connReuseMode();
            case "sloppy_tcp" -> t.sloppyTcp() ? 1 : 0;
            case "schedule_icmp" -> t.scheduleIcmp() ? 1 : 0;
            case "timeout_udp" -> seconds(p.udpNanos());
            case "timeout_icmp" -> seconds(p.icmpNanos());
            default -> {
                TcpState state = TCP_TIMEOUTS.get(name);
                if (state == null) {
                    throw new IllegalArgumentException("no such file: " + name);
                }
                yield seconds(p.tcpNanos(state));
            }
        };
    }

    /**
     * Writes a file. Nothing changes when the text is refused.
     *
     * @param control the control plane
     * @param name the file name
     * @param text the text written ({@code "1\n"})
     * @throws IllegalArgumentException with {@link #EINVAL} and the allowed range when refused
     */
    public static void write(ControlPlane control, String name, String text) {
        int value = parse(text);
        Tunables t = control.engine().tunables();
        Flag flag = FLAGS.get(name);
        if (flag != null) {
            if (value < flag.min() || value > flag.max()) {
                throw new IllegalArgumentException(EINVAL + " (" + name + " accepts " + flag.min()
                        + (flag.max() > flag.min() ? ".." + flag.max() : " only") + ")");
            }
            switch (name) {
                case "expire_nodest_conn" -> t.setExpireNodestConn(value == 1);
                case "expire_quiescent_template" -> t.setExpireQuiescentTemplate(value == 1);
                case "conn_reuse_mode" -> t.setConnReuseMode(value);
                case "sloppy_tcp" -> t.setSloppyTcp(value == 1);
                default -> t.setScheduleIcmp(value == 1);
            }
            return;
        }
        if (!exists(name)) {
            throw new IllegalArgumentException("no such file: " + name);
        }
        if (value < 1 || value > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException(EINVAL + " (" + name + " accepts 1.." + MAX_TIMEOUT_SECONDS + " seconds)");
        }
        long nanos = value * 1_000_000_000L;
        synchronized (control) {
            TimeoutProfile p = control.timeouts();
            TimeoutProfile next = switch (name) {
                case "timeout_udp" -> p.withUdp(nanos);
                case "timeout_icmp" -> p.withIcmp(nanos);
                default -> p.withTcp(TCP_TIMEOUTS.get(name), nanos);
            };
            control.setTimeouts(next);
        }
    }

    /**
     * Parses one integer as {@code proc_dointvec} does: white space, an optional sign, decimal digits,
     * white space; nothing else.
     *
     * @param text the text
     * @return the value
     * @throws IllegalArgumentException with {@link #EINVAL}
     */
    static int parse(String text) {
        String s = text.strip();
        if (!s.matches("[-+]?[0-9]{1,10}")) {
            throw new IllegalArgumentException(EINVAL);
        }
        long v = Long.parseLong(s);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(EINVAL);
        }
        return (int) v;
    }

    private static int seconds(long nanos) {
        return (int) (nanos / 1_000_000_000L);
    }
}
