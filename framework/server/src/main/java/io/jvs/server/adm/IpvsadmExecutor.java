package io.jvs.server.adm;

import io.jvs.engine.conn.TcpState;
import io.jvs.engine.conn.TimeoutProfile;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.Persistence;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.service.VirtualService;
import io.jvs.server.admin.ControlPlane;
import io.jvs.server.plugin.UnknownSchedulerException;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.ForwardingMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Runs ipvsadm commands against a running engine. Every change is computed on a copy of the
 * running services ({@code ServiceManager.specs()}) and applied with one
 * {@code ServiceManager.apply}, the path the configuration file takes: the same validation, all or
 * nothing. A restore ({@code -R}) applies all its lines as one change. The copy, the change and the
 * apply hold the service manager's lock, so that a reload cannot slip in between.
 *
 * <p>Errors are ipvsadm's texts ({@code libipvs.c ipvs_strerror}): "Service already exists", "No
 * such service", "Service not defined", "Destination already exists", "No such destination",
 * "Scheduler or persistence engine not found"; other refusals by the engine are "Invalid argument:"
 * followed by its reason.
 */
public final class IpvsadmExecutor {

    /** What a command printed and its exit code (0, 1 refused, 2 bad command line). */
    public record Result(int exitCode, String out, String err) {
    }

    private final ControlPlane control;

    /**
     * Creates an executor.
     *
     * @param control the control plane
     */
    public IpvsadmExecutor(ControlPlane control) {
        this.control = Objects.requireNonNull(control, "control");
    }

    /**
     * Runs one command line.
     *
     * @param args the arguments, without the program name
     * @param input standard input ({@code -R} reads the rules from it), or {@code ""}
     * @return the output and exit code
     */
    public synchronized Result execute(List<String> args, String input) {
        try {
            IpvsadmArguments a = IpvsadmArguments.parse(args);
            return new Result(0, run(a, input == null ? "" : input), "");
        } catch (IpvsadmException e) {
            return new Result(e.exitCode(), "", e.getMessage() + "\n");
        }
    }

    private String run(IpvsadmArguments a, String input) throws IpvsadmException {
        switch (a.command()) {
            case LIST -> {
                return a.hasService() ? IpvsadmListing.list(control, a, find(a, "No such service"))
                        : IpvsadmListing.list(control, a, null);
            }
            case SAVE -> {
                return IpvsadmListing.save(control.services().table().services());
            }
            case ZERO -> {
                control.zero(a.hasService() ? List.of(find(a, "No such service"))
                        : control.services().table().services());
                return "";
            }
            case SET_TIMEOUT -> {
                setTimeouts(a.setTimeouts);
                return "";
            }
            case RESTORE -> {
                synchronized (control.services()) {
                    restore(input);
                }
                return "";
            }
            default -> {
                synchronized (control.services()) {
                    List<ServiceSpec> staged = new ArrayList<>(control.services().specs());
                    change(staged, a);
                    apply(staged);
                }
                return "";
            }
        }
    }

    private VirtualService find(IpvsadmArguments a, String missing) throws IpvsadmException {
        VirtualService s = control.services().table().get(key(a));
        if (s == null) {
            throw IpvsadmException.refused(missing);
        }
        return s;
    }

    private void restore(String input) throws IpvsadmException {
        List<ServiceSpec> staged = new ArrayList<>(control.services().specs());
        int[] timeouts = null;
        String[] lines = input.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> words = new ArrayList<>(Arrays.asList(line.split("\\s+")));
            if (words.getFirst().equals("ipvsadm")) {
                words.removeFirst();
            }
            try {
                IpvsadmArguments a = IpvsadmArguments.parse(words);
                switch (a.command()) {
                    case SET_TIMEOUT -> timeouts = a.setTimeouts;
                    case LIST, SAVE, ZERO, RESTORE -> throw IpvsadmException.usage("ipvsadm: "
                            + a.command().name().toLowerCase(java.util.Locale.ROOT) + " is not allowed in a restore");
                    default -> change(staged, a);
                }
            } catch (IpvsadmException e) {
                throw new IpvsadmException(e.exitCode(), "line " + (n + 1) + ": " + e.getMessage()
                        + "; nothing was restored");
            }
        }
        apply(staged);
        if (timeouts != null) {
            setTimeouts(timeouts);
        }
    }

    private void apply(List<ServiceSpec> staged) throws IpvsadmException {
        try {
            control.services().apply(staged);
        } catch (UnknownSchedulerException e) {
            throw IpvsadmException.refused("Scheduler or persistence engine not found (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof UnknownSchedulerException u) {
                throw IpvsadmException.refused("Scheduler or persistence engine not found (" + u.getMessage() + ")");
            }
            throw IpvsadmException.refused("Invalid argument: " + e.getMessage());
        }
    }

    private void setTimeouts(int[] seconds) {
        TimeoutProfile p = control.timeouts();
        if (seconds[0] > 0) {
            p = p.withTcp(TcpState.ESTABLISHED, seconds[0] * 1_000_000_000L);
        }
        if (seconds[1] > 0) {
            p = p.withTcp(TcpState.FIN_WAIT, seconds[1] * 1_000_000_000L);
        }
        if (seconds[2] > 0) {
            p = p.withUdp(seconds[2] * 1_000_000_000L);
        }
        control.setTimeouts(p);
    }

    /** Applies one command to the staged list of services. */
    private static void change(List<ServiceSpec> staged, IpvsadmArguments a) throws IpvsadmException {
        if (a.command() == IpvsadmArguments.Command.CLEAR) {
            staged.clear();
            return;
        }
        if (!a.hasService()) {
            throw IpvsadmException.usage("ipvsadm: a service (-t, -u, --sctp-service or -f) is needed");
        }
        ServiceKey key = key(a);
        int index = indexOf(staged, key);
        ServiceSpec current = index < 0 ? null : staged.get(index);
        switch (a.command()) {
            case ADD_SERVICE -> {
                if (current != null) {
                    throw IpvsadmException.refused("Service already exists");
                }
                staged.add(service(a, key, List.of(), null, Boolean.TRUE.equals(a.synProxy)));
            }
            case EDIT_SERVICE -> {
                if (current == null) {
                    throw IpvsadmException.refused("No such service");
                }
                staged.set(index, service(a, key, current.destinations(), current.timeouts(),
                        a.synProxy != null ? a.synProxy : current.synProxy()));
            }
            case DELETE_SERVICE -> {
                if (current == null) {
                    throw IpvsadmException.refused("No such service");
                }
                staged.remove(index);
            }
            case ADD_SERVER, EDIT_SERVER, DELETE_SERVER -> {
                if (current == null) {
                    throw IpvsadmException.refused("Service not defined");
                }
                List<DestinationSpec> next = destinations(a, key, current.destinations());
                try {
                    staged.set(index, current.withDestinations(next));
                } catch (IllegalArgumentException e) {
                    throw IpvsadmException.refused("Invalid argument: " + e.getMessage());
                }
            }
            default -> throw IpvsadmException.usage("ipvsadm: unexpected command " + a.command());
        }
    }

    private static List<DestinationSpec> destinations(IpvsadmArguments a, ServiceKey key,
            List<DestinationSpec> current) throws IpvsadmException {
        if (a.realServer == null) {
            throw IpvsadmException.usage("ipvsadm: a real server (-r) is needed");
        }
        ForwardingMethod method = a.forwarding == null ? ForwardingMethod.DR : a.forwarding;
        AddressPort server = AddressPort.parse(a.realServer, "real server");
        int port = server.port() >= 0 ? server.port() : key.port();
        if (method != ForwardingMethod.NAT && method != ForwardingMethod.FULLNAT) {
            port = key.port();
        }
        List<DestinationSpec> next = new ArrayList<>(current);
        int found = -1;
        for (int i = 0; i < next.size(); i++) {
            DestinationSpec d = next.get(i);
            if (d.address().equals(server.address()) && (d.port() == port
                    || a.command() == IpvsadmArguments.Command.DELETE_SERVER && server.port() < 0)) {
                found = i;
            }
        }
        if (a.command() == IpvsadmArguments.Command.DELETE_SERVER) {
            if (found < 0) {
                throw IpvsadmException.refused("No such destination");
            }
            next.remove(found);
            return next;
        }
        DestinationSpec spec;
        try {
            spec = new DestinationSpec(server.address(), port, a.weight == null ? 1 : a.weight,
                    a.upperThreshold == null ? 0 : a.upperThreshold, a.lowerThreshold == null ? 0 : a.lowerThreshold,
                    method, a.tunnelType);
        } catch (IllegalArgumentException e) {
            throw IpvsadmException.refused("Invalid argument: " + e.getMessage());
        }
        if (a.command() == IpvsadmArguments.Command.ADD_SERVER) {
            if (found >= 0) {
                throw IpvsadmException.refused("Destination already exists");
            }
            next.add(spec);
        } else {
            if (found < 0) {
                throw IpvsadmException.refused("No such destination");
            }
            next.set(found, spec);
        }
        return next;
    }

    /** The service an add or edit describes; an edit keeps what ipvsadm cannot say (timeouts) and, without -j, synproxy. */
    private static ServiceSpec service(IpvsadmArguments a, ServiceKey key, List<DestinationSpec> destinations,
            TimeoutProfile timeouts, boolean synProxy) throws IpvsadmException {
        Persistence persistence = null;
        if (a.persistenceSeconds != null) {
            persistence = new Persistence(a.persistenceSeconds, prefix(a.netmask, key.family()));
        } else if (a.netmask != null) {
            throw IpvsadmException.usage("ipvsadm: -M needs -p: a netmask applies to persistent services");
        }
        if (!key.isFirewallMark() && key.port() == 0 && persistence == null) {
            throw IpvsadmException.usage("ipvsadm: Zero port specified for non-persistent service");
        }
        try {
            return new ServiceSpec(key, a.scheduler == null ? ServiceSpec.DEFAULT_SCHEDULER : a.scheduler,
                    a.schedulerParameters, persistence, destinations, timeouts, synProxy);
        } catch (IllegalArgumentException e) {
            throw IpvsadmException.refused("Invalid argument: " + e.getMessage());
        }
    }

    private static int prefix(String netmask, int family) throws IpvsadmException {
        int max = family == AddressFamily.IPV6 ? 128 : 32;
        if (netmask == null) {
            return max;
        }
        if (netmask.matches("[0-9]{1,3}")) {
            int p = Integer.parseInt(netmask);
            if (p > max) {
                throw IpvsadmException.usage("ipvsadm: illegal virtual server netmask specified");
            }
            return p;
        }
        try {
            IpAddress mask = IpAddress.parse(netmask);
            if (mask.family() != AddressFamily.IPV4 || family != AddressFamily.IPV4) {
                throw IpvsadmException.usage("ipvsadm: illegal virtual server netmask specified");
            }
            int bits = mask.w0();
            int p = Integer.bitCount(bits);
            if (p != 0 && bits != (0xFFFFFFFF << (32 - p))) {
                throw IpvsadmException.usage("ipvsadm: illegal virtual server netmask specified");
            }
            return p;
        } catch (IllegalArgumentException e) {
            throw IpvsadmException.usage("ipvsadm: illegal virtual server netmask specified");
        }
    }

    static ServiceKey key(IpvsadmArguments a) throws IpvsadmException {
        if (a.firewallMark != 0) {
            return ServiceKey.firewallMark(a.ipv6 ? AddressFamily.IPV6 : AddressFamily.IPV4, a.firewallMark);
        }
        AddressPort vip = AddressPort.parse(a.serviceText, "virtual service");
        return new ServiceKey(vip.address().family(), a.protocol, vip.address(), Math.max(0, vip.port()), 0);
    }

    private static int indexOf(List<ServiceSpec> specs, ServiceKey key) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** An {@code address[:port]} as ipvsadm writes it; IPv6 in brackets when a port follows. */
    record AddressPort(IpAddress address, int port) {

        static AddressPort parse(String text, String what) throws IpvsadmException {
            try {
                String t = text.strip();
                if (t.startsWith("[")) {
                    int close = t.indexOf(']');
                    IpAddress a = IpAddress.parse(t.substring(1, close));
                    return new AddressPort(a, close + 1 < t.length() ? port(t.substring(close + 2), what) : -1);
                }
                int colon = t.indexOf(':');
                if (colon >= 0 && colon == t.lastIndexOf(':')) {
                    return new AddressPort(IpAddress.parse(t.substring(0, colon)), port(t.substring(colon + 1), what));
                }
                return new AddressPort(IpAddress.parse(t), -1);
            } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                throw IpvsadmException.usage("ipvsadm: illegal " + what + " IP address[:port] specified");
            }
        }

        private static int port(String text, String what) throws IpvsadmException {
            if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) > 65535) {
                throw IpvsadmException.usage("ipvsadm: illegal " + what + " port specified");
            }
            return Integer.parseInt(text);
        }
    }
}
