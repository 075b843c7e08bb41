package io.jvs.plugins.offsethash;

import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.PacketView;
import io.jvs.spi.PluginMetrics;
import io.jvs.spi.PluginMetrics.MetricCounter;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * Payload-offset session hashing ({@code offh}): the bytes {@code [offset, offset + offlen)} of a
 * flow's first datagram are a session id; their 64-bit digest is both the connection's session key
 * and the position of the session in a Maglev table of the destinations, so equal sessions meet the
 * same destination whatever tuple they come from. A port of the out-of-tree IPVS offset scheduler
 * (parameter file {@code /proc/net/ipvs_sch_offset}), with Maglev (NSDI 2016, section 3.4) instead of
 * a modulo so that adding or removing a destination moves few sessions.
 *
 * <ul>
 *   <li><b>Session key</b> ({@link #sessionKey}): {@link SessionDigest} of the session bytes, never
 *       0; {@link Scheduler#NO_SESSION_KEY} when the payload is shorter than {@code offset + offlen}.
 *       The engine keys the connection by it: the same key from another tuple evicts the old entry
 *       at once ({@code REPLACED}); another key on an existing tuple reschedules it
 *       ({@code RESCHEDULED}).</li>
 *   <li><b>Choice</b> ({@link #schedule}): the destination of the digest's slot in the
 *       {@link DestinationTable}, or, when it is not eligible, another one found from the digest
 *       (counted as {@code fallbacks}). A payload too short for the session id follows the
 *       {@link ShortPayloadPolicy}.</li>
 *   <li><b>Parameter file</b>: {@link #parameterText()} reads {@code offset:%u;offlen:%u};
 *       {@link #writeParameterText(String)} takes {@code offset:N offlen:M} and applies the pair
 *       atomically, or throws and changes nothing. New values change the key of every live session,
 *       so each is rescheduled at its next datagram.</li>
 * </ul>
 *
 * <p><b>Threads:</b> the position and the table are immutable objects behind two volatile fields,
 * each replaced whole by the control plane (a parameter write, a lifecycle hook). {@link #schedule}
 * and {@link #sessionKey} read each once per call, allocate nothing and take no lock; any number of
 * workers may call them at once. A write that lands between a worker's {@code sessionKey} and
 * {@code schedule} calls can give that one flow a key of the old position and a choice of the new.
 */
public final class OffsetHashScheduler implements Scheduler {

    private final int tableSize;
    private final ShortPayloadPolicy shortPayload;
    private final MetricCounter fallbacks;
    private final MetricCounter shortPayloadFallbacks;
    private final MetricCounter shortPayloadDrops;

    private volatile SessionIdPosition position;
    private volatile DestinationTable table;

    /**
     * Creates the scheduler of one service and builds its table.
     *
     * @param service the service, with the destinations it has now
     * @param position where the session id lies in the payload
     * @param tableSize the Maglev table size, a prime of at least 7
     * @param shortPayload what to do with a datagram too short for the session id
     * @param metrics where {@code fallbacks}, {@code short-payload-fallbacks} and
     *     {@code short-payload-drops} are counted
     */
    public OffsetHashScheduler(ServiceView service, SessionIdPosition position, int tableSize,
            ShortPayloadPolicy shortPayload, PluginMetrics metrics) {
        if (!MaglevTable.isPrime(tableSize) || tableSize < 7) {
            throw new IllegalArgumentException("table size must be a prime of at least 7, got " + tableSize);
        }
        this.tableSize = tableSize;
        this.shortPayload = shortPayload;
        this.fallbacks = metrics.counter("fallbacks");
        this.shortPayloadFallbacks = metrics.counter("short-payload-fallbacks");
        this.shortPayloadDrops = metrics.counter("short-payload-drops");
        this.position = position;
        this.table = DestinationTable.build(service.destinations(), tableSize);
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        DestinationTable current = table;
        long digest = digestOf(packet, position);
        if (digest == NO_SESSION_KEY) {
            if (shortPayload == ShortPayloadPolicy.DROP) {
                shortPayloadDrops.increment();
                return NONE;
            }
            shortPayloadFallbacks.increment();
            digest = SessionDigest.ofSource(packet);
        }
        DestinationView chosen = current.slotOf(digest);
        if (chosen == null || chosen.isEligible()) {
            return chosen;
        }
        fallbacks.increment();
        return current.fallback(digest);
    }

    @Override
    public long sessionKey(PacketView packet) {
        return digestOf(packet, position);
    }

    /**
     * Returns {@code offset + offlen}: the payload bytes the first datagram must carry.
     *
     * @return a number of bytes, 1..{@value SessionIdPosition#MAX_OFFSET} + {@value SessionIdPosition#MAX_LENGTH}
     */
    @Override
    public int payloadBytesNeeded() {
        return position.end();
    }

    @Override
    public void destinationAdded(ServiceView service, DestinationView destination) {
        table = DestinationTable.build(service.destinations(), tableSize);
    }

    @Override
    public void destinationRemoved(ServiceView service, DestinationView destination) {
        table = DestinationTable.build(service.destinations(), tableSize);
    }

    @Override
    public void destinationUpdated(ServiceView service, DestinationView destination) {
        table = DestinationTable.build(service.destinations(), tableSize);
    }

    /**
     * Reads the parameter file.
     *
     * @return exactly {@code offset:%u;offlen:%u}, e.g. {@code offset:4;offlen:8}
     */
    @Override
    public String parameterText() {
        return position.text();
    }

    /**
     * Writes the parameter file: {@code offset:N offlen:M} (the read form is accepted too). The new
     * pair is published whole, by one volatile write.
     *
     * @param text the text written
     * @throws InvalidParameterException (EINVAL) when the text is malformed or out of range; nothing
     *     changes then
     */
    @Override
    public void writeParameterText(String text) throws InvalidParameterException {
        position = SessionIdPosition.parse(text);
    }

    /**
     * The session key of a packet at a position: the digest of the session bytes, never 0, or
     * {@link Scheduler#NO_SESSION_KEY} when the payload does not hold them all.
     */
    private static long digestOf(PacketView packet, SessionIdPosition at) {
        if (packet.payloadLength() < at.end()) {
            return NO_SESSION_KEY;
        }
        return SessionDigest.nonZero(SessionDigest.of(packet.payloadSegment(), packet.payloadOffset() + at.offset(),
                at.length(), SessionDigest.SESSION_SEED));
    }
}
