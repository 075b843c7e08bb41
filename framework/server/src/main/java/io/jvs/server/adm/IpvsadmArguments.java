package io.jvs.server.adm;

import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.TunnelType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One ipvsadm command line, parsed as ipvsadm (popt) parses it: short options may be clustered
 * ({@code -Ln}, {@code -lcn}), a short option's value may follow it directly ({@code -w3}), long
 * options take {@code --opt value} or {@code --opt=value}, {@code -p} takes an optional timeout.
 *
 * <pre>
 * commands  -A|--add-service  -E|--edit-service  -D|--delete-service  -C|--clear  -R|--restore  -S|--save
 *           -a|--add-server  -e|--edit-server  -d|--delete-server  -L|-l|--list  -Z|--zero
 *           --set TCP TCPFIN UDP
 * service   -t|--tcp-service A:P  -u|--udp-service A:P  --sctp-service A:P  -f|--fwmark-service M  -6|--ipv6
 *           -s|--scheduler NAME  -p|--persistent [SECONDS]  -M|--netmask MASK  --sched-param NAME=VALUE (jvs)
 *           -j|--synproxy enable|disable (DPVS)
 * server    -r|--real-server A[:P]  -g|--gatewaying  -i|--ipip  -m|--masquerading  --fullnat (jvs)
 *           --tun-type ipip|gue|gre  -w|--weight W  -x|--u-threshold U  -y|--l-threshold L
 * listing   -n|--numeric  -c|--connection  --stats  --rate  --exact  --timeout  --persistent-conn
 *           --thresholds  --sort
 * </pre>
 */
public final class IpvsadmArguments {

    /** What the command does. */
    public enum Command {
        /** {@code -A}. */
        ADD_SERVICE,
        /** {@code -E}. */
        EDIT_SERVICE,
        /** {@code -D}. */
        DELETE_SERVICE,
        /** {@code -C}. */
        CLEAR,
        /** {@code -R}. */
        RESTORE,
        /** {@code -S}. */
        SAVE,
        /** {@code -a}. */
        ADD_SERVER,
        /** {@code -e}. */
        EDIT_SERVER,
        /** {@code -d}. */
        DELETE_SERVER,
        /** {@code -L}. */
        LIST,
        /** {@code -Z}. */
        ZERO,
        /** {@code --set}. */
        SET_TIMEOUT
    }

    /** ipvsadm's default persistence timeout when {@code -p} has no value, seconds. */
    public static final int DEFAULT_PERSISTENCE_SECONDS = 300;

    private enum Arg { NONE, REQUIRED, OPTIONAL }

    private record Option(String shortName, String longName, Arg arg) {
    }

    private static final List<Option> OPTIONS = List.of(
            new Option("A", "add-service", Arg.NONE), new Option("E", "edit-service", Arg.NONE),
            new Option("D", "delete-service", Arg.NONE), new Option("C", "clear", Arg.NONE),
            new Option("R", "restore", Arg.NONE), new Option("S", "save", Arg.NONE),
            new Option("a", "add-server", Arg.NONE), new Option("e", "edit-server", Arg.NONE),
            new Option("d", "delete-server", Arg.NONE), new Option("L", "list", Arg.NONE),
            new Option("l", null, Arg.NONE), new Option("Z", "zero", Arg.NONE), new Option(null, "set", Arg.NONE),
            new Option("t", "tcp-service", Arg.REQUIRED), new Option("u", "udp-service", Arg.REQUIRED),
            new Option(null, "sctp-service", Arg.REQUIRED), new Option("f", "fwmark-service", Arg.REQUIRED),
            new Option("6", "ipv6", Arg.NONE), new Option("s", "scheduler", Arg.REQUIRED),
            new Option("p", "persistent", Arg.OPTIONAL), new Option("M", "netmask", Arg.REQUIRED),
            new Option(null, "sched-param", Arg.REQUIRED), new Option("j", "synproxy", Arg.REQUIRED), new Option("r", "real-server", Arg.REQUIRED),
            new Option("g", "gatewaying", Arg.NONE), new Option("i", "ipip", Arg.NONE),
            new Option("m", "masquerading", Arg.NONE), new Option(null, "fullnat", Arg.NONE),
            new Option(null, "tun-type", Arg.REQUIRED), new Option("w", "weight", Arg.REQUIRED),
            new Option("x", "u-threshold", Arg.REQUIRED), new Option("y", "l-threshold", Arg.REQUIRED),
            new Option("n", "numeric", Arg.NONE), new Option("c", "connection", Arg.NONE),
            new Option(null, "stats", Arg.NONE), new Option(null, "rate", Arg.NONE),
            new Option(null, "exact", Arg.NONE), new Option(null, "timeout", Arg.NONE),
            new Option(null, "persistent-conn", Arg.NONE), new Option(null, "thresholds", Arg.NONE),
            new Option(null, "sort", Arg.NONE));

    Command command;
    int protocol;
    String serviceText;
    int firewallMark;
    boolean ipv6;
    String scheduler;
    Integer persistenceSeconds;
    String netmask;
    /** {@code -j enable|disable}; {@code null} when not given (an edit keeps the service's). */
    Boolean synProxy;
    final Map<String, String> schedulerParameters = new LinkedHashMap<>();
    String realServer;
    ForwardingMethod forwarding;
    TunnelType tunnelType;
    Integer weight;
    Integer upperThreshold;
    Integer lowerThreshold;
    boolean connections;
    boolean stats;
    boolean rate;
    boolean exact;
    boolean timeouts;
    boolean persistentConnections;
    boolean thresholds;
    int[] setTimeouts;

    private IpvsadmArguments() {
    }

    /**
     * Parses a command line (without the program name).
     *
     * @param args the arguments
     * @return the parsed command; without a command option, {@code -L} (ipvsadm lists by default)
     * @throws IpvsadmException (exit code 2) for anything ipvsadm would refuse to parse
     */
    public static IpvsadmArguments parse(List<String> args) throws IpvsadmException {
        IpvsadmArguments out = new IpvsadmArguments();
        List<String> tokens = new ArrayList<>(args);
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.startsWith("--")) {
                String name = token.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                Option option = byLong(name);
                if (option == null) {
                    throw IpvsadmException.usage("ipvsadm: unknown option: " + token);
                }
                if (option.longName().equals("set")) {
                    if (i + 3 >= tokens.size()) {
                        throw IpvsadmException.usage("ipvsadm: --set needs three values: tcp tcpfin udp");
                    }
                    out.setTimeouts = new int[] {seconds(tokens.get(i + 1)), seconds(tokens.get(i + 2)),
                        seconds(tokens.get(i + 3))};
                    out.setCommand(Command.SET_TIMEOUT, token);
                    i += 3;
                    continue;
                }
                if (value == null && option.arg() == Arg.REQUIRED) {
                    if (i + 1 >= tokens.size()) {
                        throw IpvsadmException.usage("ipvsadm: option " + token + " needs a value");
                    }
                    value = tokens.get(++i);
                } else if (value == null && option.arg() == Arg.OPTIONAL && i + 1 < tokens.size()
                        && tokens.get(i + 1).matches("[0-9]+")) {
                    value = tokens.get(++i);
                }
                out.apply(option, value, token);
            } else if (token.startsWith("-") && token.length() > 1) {
                for (int c = 1; c < token.length(); c++) {
                    String name = token.substring(c, c + 1);
                    Option option = byShort(name);
                    if (option == null) {
                        throw IpvsadmException.usage("ipvsadm: unknown option: -" + name);
                    }
                    String value = null;
                    if (option.arg() != Arg.NONE) {
                        if (c + 1 < token.length()) {
                            value = token.substring(c + 1);
                        } else if (option.arg() == Arg.REQUIRED) {
                            if (i + 1 >= tokens.size()) {
                                throw IpvsadmException.usage("ipvsadm: option -" + name + " needs a value");
                            }
                            value = tokens.get(++i);
                        } else if (i + 1 < tokens.size() && tokens.get(i + 1).matches("[0-9]+")) {
                            value = tokens.get(++i);
                        }
                        out.apply(option, value, "-" + name);
                        break;
                    }
                    out.apply(option, null, "-" + name);
                }
            } else {
                throw IpvsadmException.usage("ipvsadm: unexpected argument '" + token + "'");
            }
        }
        if (out.command == null) {
            out.command = Command.LIST;
        }
        return out;
    }

    private static Option byLong(String name) {
        for (Option o : OPTIONS) {
            if (name.equals(o.longName())) {
                return o;
            }
        }
        return null;
    }

    private static Option byShort(String name) {
        for (Option o : OPTIONS) {
            if (name.equals(o.shortName())) {
                return o;
            }
        }
        return null;
    }

    private void setCommand(Command value, String option) throws IpvsadmException {
        if (command != null && command != value) {
            throw IpvsadmException.usage("ipvsadm: only one command may be given (" + option + ")");
        }
        command = value;
    }

    private void setService(int proto, String text, String option) throws IpvsadmException {
        if (serviceText != null || firewallMark != 0) {
            throw IpvsadmException.usage("ipvsadm: only one service may be given (" + option + ")");
        }
        protocol = proto;
        serviceText = text;
    }

    private void setForwarding(ForwardingMethod method, String option) throws IpvsadmException {
        if (forwarding != null && forwarding != method) {
            throw IpvsadmException.usage("ipvsadm: only one forwarding method may be given (" + option + ")");
        }
        forwarding = method;
    }

    private void apply(Option option, String value, String given) throws IpvsadmException {
        String name = option.longName() != null ? option.longName() : option.shortName();
        switch (name) {
            case "add-service" -> setCommand(Command.ADD_SERVICE, given);
            case "edit-service" -> setCommand(Command.EDIT_SERVICE, given);
            case "delete-service" -> setCommand(Command.DELETE_SERVICE, given);
            case "clear" -> setCommand(Command.CLEAR, given);
            case "restore" -> setCommand(Command.RESTORE, given);
            case "save" -> setCommand(Command.SAVE, given);
            case "add-server" -> setCommand(Command.ADD_SERVER, given);
            case "edit-server" -> setCommand(Command.EDIT_SERVER, given);
            case "delete-server" -> setCommand(Command.DELETE_SERVER, given);
            case "list", "l" -> setCommand(Command.LIST, given);
            case "zero" -> setCommand(Command.ZERO, given);
            case "tcp-service" -> setService(io.jvs.spi.IpProtocol.TCP, value, given);
            case "udp-service" -> setService(io.jvs.spi.IpProtocol.UDP, value, given);
            case "sctp-service" -> setService(io.jvs.spi.IpProtocol.SCTP, value, given);
            case "fwmark-service" -> {
                if (serviceText != null || firewallMark != 0) {
                    throw IpvsadmException.usage("ipvsadm: only one service may be given (" + given + ")");
                }
                firewallMark = number(value, "fwmark", 1, Integer.MAX_VALUE);
            }
            case "ipv6" -> ipv6 = true;
            case "scheduler" -> scheduler = value;
            case "persistent" -> persistenceSeconds = value == null ? DEFAULT_PERSISTENCE_SECONDS
                    : number(value, "persistent timeout", 1, 30 * 24 * 3600);
            case "netmask" -> netmask = value;
            case "synproxy" -> synProxy = switch (value) {
                case "enable" -> Boolean.TRUE;
                case "disable" -> Boolean.FALSE;
                default -> throw IpvsadmException.usage("ipvsadm: illegal synproxy value '" + value
                        + "' (enable, disable)");
            };
            case "sched-param" -> {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw IpvsadmException.usage("ipvsadm: --sched-param needs NAME=VALUE, not '" + value + "'");
                }
                schedulerParameters.put(value.substring(0, eq), value.substring(eq + 1));
            }
            case "real-server" -> realServer = value;
            case "gatewaying" -> setForwarding(ForwardingMethod.DR, given);
            case "ipip" -> setForwarding(ForwardingMethod.TUNNEL, given);
            case "masquerading" -> setForwarding(ForwardingMethod.NAT, given);
            case "fullnat" -> setForwarding(ForwardingMethod.FULLNAT, given);
            case "tun-type" -> {
                try {
                    tunnelType = TunnelType.ofConfigName(value);
                } catch (IllegalArgumentException e) {
                    throw IpvsadmException.usage("ipvsadm: illegal tunnel type '" + value + "' (ipip, gue, gre, glb-gue)");
                }
            }
            case "weight" -> weight = number(value, "weight", 0, 65535);
            case "u-threshold" -> upperThreshold = number(value, "upper threshold", 0, Integer.MAX_VALUE);
            case "l-threshold" -> lowerThreshold = number(value, "lower threshold", 0, Integer.MAX_VALUE);
            case "connection" -> connections = true;
            case "stats" -> stats = true;
            case "rate" -> rate = true;
            case "exact" -> exact = true;
            case "timeout" -> timeouts = true;
            case "persistent-conn" -> persistentConnections = true;
            case "thresholds" -> thresholds = true;
            default -> {
                // numeric and sort change nothing: jvs never resolves names and always sorts
            }
        }
    }

    private static int number(String value, String what, int min, int max) throws IpvsadmException {
        try {
            long v = Long.parseLong(value);
            if (v < min || v > max) {
                throw IpvsadmException.usage("ipvsadm: illegal " + what + " specified");
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw IpvsadmException.usage("ipvsadm: illegal " + what + " specified");
        }
    }

    private static int seconds(String value) throws IpvsadmException {
        return number(value, "timeout", 0, 30 * 24 * 3600);
    }

    /** Returns the command. @return the command */
    public Command command() {
        return command;
    }

    /** Tells whether a service was named. @return {@code true} with -t, -u, --sctp-service or -f */
    boolean hasService() {
        return serviceText != null || firewallMark != 0;
    }
}
