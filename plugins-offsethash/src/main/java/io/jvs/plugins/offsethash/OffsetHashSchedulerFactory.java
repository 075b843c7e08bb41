package io.jvs.plugins.offsethash;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import io.jvs.spi.SchedulerParameters;
import io.jvs.spi.ServiceView;
import java.util.List;
import org.pf4j.Extension;

/**
 * Creates {@link OffsetHashScheduler}s under the name {@value #NAME}.
 *
 * <p><b>Protocols.</b> UDP services and firewall-mark services are accepted. TCP services are
 * refused unless {@value #ALLOW_TCP} is set: the packet engine schedules a TCP flow on its SYN, which
 * carries no payload, and does not delay binding yet. The proxy data plane, which peeks at the first
 * bytes of the stream before it connects, sets {@value #ALLOW_TCP} for the services it serves. SCTP
 * services are refused: their first packet (INIT) carries no user data.
 */
@Extension
public final class OffsetHashSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "offh";

    /** Parameter: where the session id starts, in bytes from the first payload byte. */
    public static final String OFFSET = SessionIdPosition.OFFSET;

    /** Parameter: how many bytes the session id has. */
    public static final String OFFLEN = SessionIdPosition.LENGTH;

    /** Parameter: what to do when the first datagram is too short for the session id. */
    public static final String SHORT_PAYLOAD = "short-payload";

    /** Parameter: the Maglev table size, a prime. */
    public static final String TABLE_SIZE = "table-size";

    /** Flag: accept a TCP service (only for a data plane that sees the payload before choosing). */
    public static final String ALLOW_TCP = "allow-tcp";

    /** The default offset, in bytes: the session id starts the payload. */
    public static final int OFFSET_DEFAULT = 0;

    /** The default session-id length, in bytes. */
    public static final int OFFLEN_DEFAULT = 8;

    /** The default table size: the Maglev paper's 65537 slots (256 KiB of references per service). */
    public static final int TABLE_SIZE_DEFAULT = 65537;

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public OffsetHashSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "payload-offset session hashing: the session id at offset:offlen chooses the destination"
                + " (Maglev table) and keys the connection, so a client that moves keeps its server";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer(OFFSET, OFFSET_DEFAULT, 0, SessionIdPosition.MAX_OFFSET,
                        "first byte of the session id, in bytes after the UDP header; changeable at run time"
                                + " through the parameter file (offset:N offlen:M)"),
                ParameterSpec.integer(OFFLEN, OFFLEN_DEFAULT, 1, SessionIdPosition.MAX_LENGTH,
                        "length of the session id in bytes; changeable at run time through the parameter file"),
                ParameterSpec.choice(SHORT_PAYLOAD, ShortPayloadPolicy.SOURCE_HASH.word(), ShortPayloadPolicy.words(),
                        "a first datagram shorter than offset+offlen: source-hash chooses by the client address"
                                + " (counted as short-payload-fallbacks), drop refuses it (short-payload-drops)"),
                ParameterSpec.integer(TABLE_SIZE, TABLE_SIZE_DEFAULT, 7, 655373,
                        "Maglev table size, a prime; larger moves fewer sessions when a destination comes or"
                                + " goes and follows weights more closely, at 4 bytes per slot"),
                ParameterSpec.flag(ALLOW_TCP,
                        "accept a TCP service: only for the proxy data plane, which peeks at the stream; the"
                                + " packet engine schedules TCP on the SYN, which carries no session id"));
    }

    @Override
    public Scheduler create(SchedulerContext context) throws InvalidParameterException {
        ServiceView service = context.service();
        SchedulerParameters parameters = context.parameters();
        int protocol = service.protocol();
        if (protocol == IpProtocol.TCP && !parameters.getBoolean(ALLOW_TCP)) {
            throw new InvalidParameterException(null, "offh cannot serve the " + IpProtocol.name(protocol)
                    + " service " + service.name() + " in the packet engine: it chooses by payload bytes, and a"
                    + " TCP flow is scheduled on its SYN, which carries none (the engine does not delay binding"
                    + " yet). Use UDP, or the proxy data plane, which peeks at the stream and sets "
                    + ALLOW_TCP + "=true");
        }
        if (protocol == IpProtocol.SCTP) {
            throw new InvalidParameterException(null, "offh cannot serve the " + IpProtocol.name(protocol)
                    + " service " + service.name() + ": an SCTP association starts with INIT, which carries no"
                    + " user data to hash");
        }
        int tableSize = parameters.getInt(TABLE_SIZE);
        if (!MaglevTable.isPrime(tableSize)) {
            throw new InvalidParameterException(TABLE_SIZE, "must be a prime (Maglev permutations need it),"
                    + " e.g. 251, 4093, 65537 or 655373; got " + tableSize);
        }
        SessionIdPosition position;
        try {
            position = new SessionIdPosition(parameters.getInt(OFFSET), parameters.getInt(OFFLEN));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(null, e.getMessage());
        }
        ShortPayloadPolicy shortPayload;
        try {
            shortPayload = ShortPayloadPolicy.of(parameters.getString(SHORT_PAYLOAD));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(SHORT_PAYLOAD, e.getMessage());
        }
        return new OffsetHashScheduler(service, position, tableSize, shortPayload, context.metrics());
    }
}
