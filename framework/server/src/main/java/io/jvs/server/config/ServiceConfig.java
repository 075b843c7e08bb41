package io.jvs.server.config;

import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.server.plugin.ParameterValidator;
import io.jvs.server.plugin.RegisteredScheduler;
import io.jvs.server.plugin.SchedulerRegistry;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.ParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One virtual service: an address service (protocol, address, port) or a firewall-mark service
 * (fwmark, family), its scheduler and its destinations; what {@code ipvsadm -A} and the following
 * {@code -a} lines say. Services change live.
 *
 * <pre>
 * - protocol: tcp
 *   address: 203.0.113.1
 *   port: 80
 *   scheduler: rr
 *   scheduler-parameters: {}
 *   persistence: {timeout: 300s, netmask: 255.255.255.255}
 *   synproxy: false
 *   destinations:
 *     - {address: 198.51.100.7, port: 8080, forwarding: nat}
 * - fwmark: 7
 *   family: ipv6
 *   scheduler: rr
 *   destinations: [{address: "2001:db8::7", forwarding: dr}]
 * </pre>
 *
 * @param family the address family ({@link AddressFamily#IPV4} or {@link AddressFamily#IPV6})
 * @param protocol {@link IpProtocol#TCP}, {@link IpProtocol#UDP} or {@link IpProtocol#SCTP}; 0 for a
 *     firewall-mark service
 * @param address the virtual address; {@code null} for a firewall-mark service
 * @param port the virtual port; 0 for all ports (persistent services) and firewall-mark services
 * @param firewallMark the mark, 0 for an address service
 * @param scheduler the scheduler's name
 * @param schedulerParameters the scheduler's parameters as text, in file order
 * @param persistence the persistence, or {@code null} for none
 * @param destinations the destinations, in file order
 * @param synProxy SYN proxy with SYN cookies for this TCP service ({@link #SYNPROXY})
 */
public record ServiceConfig(int family, int protocol, IpAddress address, int port, int firewallMark, String scheduler,
        Map<String, String> schedulerParameters, PersistenceConfig persistence, List<DestinationConfig> destinations,
        boolean synProxy) {

    /** Key of {@link #protocol}; required for an address service. */
    public static final String PROTOCOL = "protocol";
    /** The protocols as configuration files name them. */
    public static final List<String> PROTOCOL_NAMES = List.of("tcp", "udp", "sctp");
    /** Key of {@link #address}; required for an address service. */
    public static final String ADDRESS = "address";
    /** Key of {@link #port}; required for an address service. */
    public static final String PORT = "port";
    /** Key of {@link #firewallMark}: makes the service a firewall-mark service. */
    public static final String FWMARK = "fwmark";
    /** Largest firewall mark accepted. */
    public static final int FWMARK_MAX = Integer.MAX_VALUE;
    /** Key of {@link #family}; only for a firewall-mark service (an address service takes its address's). */
    public static final String FAMILY = "family";
    /** Default family of a firewall-mark service: {@code ipv4}, as ipvsadm without {@code -6}. */
    public static final String FAMILY_DEFAULT = "ipv4";
    /** The families as configuration files name them. */
    public static final List<String> FAMILY_NAMES = List.of("ipv4", "ipv6");
    /** Key of {@link #scheduler}. */
    public static final String SCHEDULER = "scheduler";
    /**
     * Default {@value}, ipvsadm's: weighted least-connection adapts to servers of unequal speed and
     * to long connections; it needs a plugin that provides it.
     */
    public static final String SCHEDULER_DEFAULT = ServiceSpec.DEFAULT_SCHEDULER;
    /** Key of {@link #schedulerParameters}: checked against what the scheduler declares. */
    public static final String SCHEDULER_PARAMETERS = "scheduler-parameters";
    /** Key of {@link #persistence}; absent for none. */
    public static final String PERSISTENCE = "persistence";
    /** Key of {@link #destinations}; a service may have none (yet). */
    public static final String DESTINATIONS = "destinations";
    /**
     * Key of {@link #synProxy}: jvs answers the TCP handshake itself with SYN cookies and opens the
     * connection to the destination only once the client's ACK validates (SYN-flood protection, DPVS
     * {@code -j}); NAT and FULLNAT destinations only. A scheduler that needs payload bytes turns it on
     * by itself in the packet engine (delayed binding).
     */
    public static final String SYNPROXY = "synproxy";
    /** Default {@value}: SYNs are forwarded to the scheduled destination, as IPVS. */
    public static final boolean SYNPROXY_DEFAULT = false;

    /** The keys of a service. */
    public static final List<String> KEYS = List.of(PROTOCOL, ADDRESS, PORT, FWMARK, FAMILY, SCHEDULER,
            SCHEDULER_PARAMETERS, PERSISTENCE, SYNPROXY, DESTINATIONS);

    /** Copies the collections. */
    public ServiceConfig {
        Objects.requireNonNull(scheduler, "scheduler");
        schedulerParameters = Collections.unmodifiableMap(new LinkedHashMap<>(schedulerParameters));
        destinations = List.copyOf(destinations);
    }

    /**
     * Returns the service's key.
     *
     * @return protocol + address + port, or the firewall mark
     */
    public ServiceKey key() {
        return firewallMark != 0 ? ServiceKey.firewallMark(family, firewallMark)
                : new ServiceKey(family, protocol, address, port, 0);
    }

    /**
     * Maps to the engine's service.
     *
     * @return the spec
     * @throws IllegalArgumentException when the engine refuses the values
     */
    public ServiceSpec toSpec() {
        List<DestinationSpec> specs = new ArrayList<>();
        for (DestinationConfig d : destinations) {
            specs.add(d.toSpec());
        }
        return new ServiceSpec(key(), scheduler, schedulerParameters,
                persistence == null ? null : persistence.toPersistence(), specs, null, synProxy);
    }

    /**
     * Reads the {@code services} list.
     *
     * @param node the list, or {@code null} when absent
     * @param values the value reader
     * @param engine the engine section, for cross-checks (tunnel sources, FULLNAT addresses)
     * @param schedulers the registry to check scheduler names and parameters against, or {@code null}
     *     to skip those checks
     * @return the services that were read without a problem
     */
    static List<ServiceConfig> readAll(YamlNode node, ValueReader values, EngineConfig engine,
            SchedulerRegistry schedulers) {
        List<ServiceConfig> services = new ArrayList<>();
        YamlSequence list = node == null || node instanceof YamlScalar s && s.isNull() ? null
                : values.sequence(node, "services");
        if (list == null) {
            return services;
        }
        Map<ServiceKey, YamlNode> seen = new HashMap<>();
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            String path = KeyPath.item("services", i);
            int before = values.problems().count();
            MappingReader in = new MappingReader(item, item.location(), path, values, KEYS);
            ServiceConfig service = read(in, engine, schedulers);
            if (service == null || values.problems().count() != before) {
                continue;
            }
            YamlNode first = seen.putIfAbsent(service.key(), item);
            if (first != null) {
                values.problem(item, path, "duplicate service " + service.key().name() + " (first at line "
                        + first.location().line() + ")");
                continue;
            }
            try {
                service.toSpec();
                services.add(service);
            } catch (IllegalArgumentException e) {
                values.problem(item, path, e.getMessage());
            }
        }
        return services;
    }

    private static ServiceConfig read(MappingReader in, EngineConfig engine, SchedulerRegistry schedulers) {
        int family;
        int protocol = 0;
        IpAddress address = null;
        int port = 0;
        int mark = 0;
        boolean valid = true;
        boolean markService = in.has(FWMARK);
        if (markService) {
            mark = in.integer(FWMARK, 0, 1, FWMARK_MAX);
            valid = mark != 0;
            family = in.word(FAMILY, FAMILY_DEFAULT, FAMILY_NAMES).equals("ipv6") ? AddressFamily.IPV6
                    : AddressFamily.IPV4;
            for (String key : List.of(PROTOCOL, ADDRESS, PORT)) {
                if (in.has(key)) {
                    in.problem(key, "a firewall-mark service has no " + key + "; remove " + key + " or fwmark");
                }
            }
        } else {
            if (in.has(FAMILY)) {
                in.problem(FAMILY, "only a firewall-mark service names its family; an address service takes the"
                        + " family of its address");
            }
            valid &= in.require(PROTOCOL, "the protocol (" + String.join(", ", PROTOCOL_NAMES) + "), or fwmark,");
            String name = in.word(PROTOCOL, null, PROTOCOL_NAMES);
            protocol = name == null ? 0 : switch (name) {
                case "tcp" -> IpProtocol.TCP;
                case "udp" -> IpProtocol.UDP;
                default -> IpProtocol.SCTP;
            };
            valid &= in.require(ADDRESS, "the virtual address");
            address = in.address(ADDRESS, null);
            valid &= in.require(PORT, "the virtual port");
            port = in.integer(PORT, -1, 0, 65535);
            valid &= protocol != 0 && address != null && port >= 0;
            family = address == null ? AddressFamily.IPV4 : address.family();
        }
        String scheduler = readScheduler(in, schedulers);
        Map<String, String> parameters = readParameters(in, scheduler, schedulers);
        PersistenceConfig persistence = in.has(PERSISTENCE)
                ? PersistenceConfig.read(in.section(PERSISTENCE, PersistenceConfig.KEYS), family) : null;
        if (!markService && port == 0 && persistence == null) {
            in.problem(PORT, "port 0 (all ports) needs persistence, as IPVS: add persistence or name a port");
        }
        List<DestinationConfig> destinations = readDestinations(in, family, Math.max(port, 0), engine);
        boolean synProxy = in.bool(SYNPROXY, SYNPROXY_DEFAULT);
        if (synProxy) {
            valid &= checkSynProxy(in, markService, protocol, destinations);
        }
        if (!valid || scheduler == null) {
            return null;
        }
        return new ServiceConfig(family, protocol, address, port, mark, scheduler, parameters, persistence,
                destinations, synProxy);
    }

    /** A SYN-proxied service must be TCP (or a firewall mark) and reach every destination by NAT or FULLNAT. */
    private static boolean checkSynProxy(MappingReader in, boolean markService, int protocol,
            List<DestinationConfig> destinations) {
        if (!markService && protocol != IpProtocol.TCP && protocol != 0) {
            in.problem(SYNPROXY, "only TCP services can be SYN-proxied; remove synproxy or use protocol tcp");
            return false;
        }
        for (int j = 0; j < destinations.size(); j++) {
            ForwardingMethod method = destinations.get(j).forwarding();
            if (method != ForwardingMethod.NAT && method != ForwardingMethod.FULLNAT) {
                in.problem(SYNPROXY, "needs nat or fullnat forwarding (replies must pass through jvs), but "
                        + KeyPath.item(DESTINATIONS, j) + " (" + destinations.get(j).key() + ") uses "
                        + method.name().toLowerCase(Locale.ROOT) + "; remove synproxy or change its forwarding");
                return false;
            }
        }
        return true;
    }

    private static String readScheduler(MappingReader in, SchedulerRegistry schedulers) {
        String name = in.has(SCHEDULER) ? in.text(SCHEDULER, null, "a scheduler name") : SCHEDULER_DEFAULT;
        if (name == null) {
            return null;
        }
        if (!SchedulerRegistry.NAME.matcher(name).matches()) {
            in.problem(SCHEDULER, "'" + name + "' is not a scheduler name (lower case letters, digits and '-', at"
                    + " most 16 characters)");
            return null;
        }
        if (schedulers != null && !schedulers.contains(name)) {
            List<String> known = schedulers.names();
            in.problem(SCHEDULER, "unknown scheduler '" + name + "'" + (in.has(SCHEDULER) ? "" : " (the default)")
                    + "; known schedulers: " + (known.isEmpty() ? "(none: no scheduler plugin is loaded)"
                    : String.join(", ", known)) + KeySuggestion.hint(name, known));
            return null;
        }
        return name;
    }

    private static Map<String, String> readParameters(MappingReader in, String scheduler,
            SchedulerRegistry schedulers) {
        Map<String, String> parameters = new LinkedHashMap<>();
        YamlNode node = in.get(SCHEDULER_PARAMETERS);
        YamlMapping mapping = node == null ? null : in.values().mapping(node, in.path(SCHEDULER_PARAMETERS));
        if (mapping == null) {
            mapping = YamlMapping.empty(in.location(SCHEDULER_PARAMETERS));
        }
        String base = in.path(SCHEDULER_PARAMETERS);
        for (YamlMapping.Entry entry : mapping.entries().values()) {
            if (entry.value() instanceof YamlScalar s && !s.isNull()) {
                parameters.put(entry.key(), s.text());
            } else {
                in.values().problem(entry.value(), KeyPath.child(base, entry.key()),
                        "expected a single value (a number, true/false or a word), got " + entry.value().describe());
            }
        }
        if (scheduler == null || schedulers == null || !schedulers.contains(scheduler)) {
            return parameters;
        }
        RegisteredScheduler registered = schedulers.get(scheduler);
        Map<String, ParameterSpec> specs = new LinkedHashMap<>();
        for (ParameterSpec spec : registered.parameters()) {
            specs.put(spec.name(), spec);
        }
        boolean eachValid = true;
        for (YamlMapping.Entry entry : mapping.entries().values()) {
            String path = KeyPath.child(base, entry.key());
            ParameterSpec spec = specs.get(entry.key());
            if (spec == null) {
                eachValid = false;
                in.values().problems().add(entry.keyLocation(), path, "unknown parameter of scheduler '" + scheduler
                        + "'" + KeySuggestion.hint(entry.key(), specs.keySet()) + "; it takes: "
                        + (specs.isEmpty() ? "no parameters" : String.join(", ", specs.keySet())));
            } else if (parameters.containsKey(entry.key())) {
                try {
                    ParameterValidator.validate(List.of(spec), Map.of(entry.key(), parameters.get(entry.key())));
                } catch (InvalidParameterException e) {
                    eachValid = false;
                    in.values().problem(entry.value(), path, withoutParameterName(e));
                }
            }
        }
        if (eachValid) {
            try {
                schedulers.validate(scheduler, parameters);
            } catch (InvalidParameterException e) {
                in.values().problems().add(in.location(SCHEDULER_PARAMETERS),
                        e.parameter() == null ? base : KeyPath.child(base, e.parameter()), withoutParameterName(e));
            }
        }
        return parameters;
    }

    private static String withoutParameterName(InvalidParameterException e) {
        String message = e.getMessage();
        String prefix = e.parameter() + ": ";
        return e.parameter() != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static List<DestinationConfig> readDestinations(MappingReader in, int family, int servicePort,
            EngineConfig engine) {
        List<DestinationConfig> destinations = new ArrayList<>();
        YamlNode node = in.get(DESTINATIONS);
        YamlSequence list = node == null ? null : in.values().sequence(node, in.path(DESTINATIONS));
        if (list == null) {
            return destinations;
        }
        Map<String, YamlNode> seen = new HashMap<>();
        for (int j = 0; j < list.items().size(); j++) {
            YamlNode item = list.items().get(j);
            String path = KeyPath.item(in.path(DESTINATIONS), j);
            MappingReader d = new MappingReader(item, item.location(), path, in.values(), DestinationConfig.KEYS);
            DestinationConfig destination = DestinationConfig.read(d, servicePort);
            if (destination == null) {
                continue;
            }
            YamlNode first = seen.putIfAbsent(destination.key(), item);
            if (first != null) {
                in.values().problem(item, path, "destination " + destination.key() + " is listed twice (first at"
                        + " line " + first.location().line() + ")");
                continue;
            }
            checkForwarding(d, destination, family, servicePort, engine);
            destinations.add(destination);
        }
        return destinations;
    }

    /** The checks of a destination against its service and the engine's forwarding settings. */
    private static void checkForwarding(MappingReader d, DestinationConfig destination, int family, int servicePort,
            EngineConfig engine) {
        ForwardingMethod method = destination.forwarding();
        String methodName = method.name().toLowerCase(Locale.ROOT);
        String where = d.has(DestinationConfig.FORWARDING) ? DestinationConfig.FORWARDING : DestinationConfig.ADDRESS;
        int destinationFamily = destination.address().family();
        if (destinationFamily != family && method != ForwardingMethod.FULLNAT && method != ForwardingMethod.TUNNEL) {
            d.problem(where, methodName + " forwarding cannot reach an " + familyName(destinationFamily)
                    + " destination from an " + familyName(family) + " service; use fullnat or tunnel");
        }
        boolean keepsPort = method == ForwardingMethod.DR || method == ForwardingMethod.TUNNEL;
        if (keepsPort && servicePort != 0 && destination.port() != servicePort && destination.port() != 0) {
            d.problem(DestinationConfig.PORT, methodName + " forwarding does not change the port: the real server"
                    + " receives port " + servicePort + "; remove port or use nat");
        }
        ForwardingConfig forwarding = engine.forwarding();
        if (method == ForwardingMethod.TUNNEL) {
            boolean hasSource = destinationFamily == AddressFamily.IPV4 ? forwarding.tunnelSourceIpv4() != null
                    : forwarding.tunnelSourceIpv6() != null;
            if (!hasSource) {
                d.problem(where, "tunnel forwarding to an " + familyName(destinationFamily) + " destination needs"
                        + " engine.forwarding." + (destinationFamily == AddressFamily.IPV4
                        ? ForwardingConfig.TUNNEL_SOURCE_IPV4 : ForwardingConfig.TUNNEL_SOURCE_IPV6));
            }
        }
        if (method == ForwardingMethod.FULLNAT && !forwarding.hasLocalAddress(destinationFamily)) {
            d.problem(where, "fullnat forwarding to an " + familyName(destinationFamily) + " destination needs an "
                    + familyName(destinationFamily) + " address in engine.forwarding." + ForwardingConfig.LOCAL_ADDRESSES);
        }
    }

    private static String familyName(int family) {
        return family == AddressFamily.IPV4 ? "IPv4" : "IPv6";
    }
}
