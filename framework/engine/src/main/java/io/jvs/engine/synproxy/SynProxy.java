package io.jvs.engine.synproxy;

import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.conn.FlowDirection;
import io.jvs.engine.conn.FlowKey;
import io.jvs.engine.io.PacketBatch;
import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.EthernetHeader;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.packet.TcpHeader;
import io.jvs.engine.packet.TcpOptions;
import io.jvs.engine.pipeline.ConnectionForwarder;
import io.jvs.engine.pipeline.FlowScheduler;
import io.jvs.engine.service.DestinationRegistry;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.VirtualService;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.Scheduler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One worker's SYN proxy: SYN cookies, delayed binding and sequence-number translation for TCP
 * services whose {@link VirtualService#synProxyMode()} is on (NAT and FULLNAT only: replies must pass
 * through jvs). Modelled on DPVS's {@code ip_vs_synproxy.c} and Linux's SYN cookies.
 *
 * <pre>
 *  client                         jvs                                         real server
 *   SYN ─────────────────────────► cookie ISN, no state
 *       ◄──────────────────────── SYN-ACK (seq = cookie, MSS, WS, SACK, TS as the SYN offered)
 *   ACK (+ data) ────────────────► cookie valid? ─ no ─► drop (or RST), count, no state
 *                                   │ yes: binding session (COLLECTING), data buffered, not ACKed
 *   data ────────────────────────► buffered until the scheduler's payloadSufficient / bound / timeout
 *                                   schedule (FlowScheduler) ─► connection entry (SYN-proxied)
 *                                  SYN (seq = client ISN, client's options) ──────────────────────►
 *                                   (retried with doubling waits; none answers ─► RST to the client)
 *                                  ◄────────────────────────────────────────────── SYN-ACK (rs ISN)
 *                                  delta = rsIsn - cookieIsn, tsDelta = rsTsval - cookieTsval
 *                                  ACK + buffered data (segments of the server's MSS) ─────────────►
 *   ◄──── translated (SequenceTranslator) after the NAT / FULLNAT rewrite, both ways, until closed ───►
 * </pre>
 *
 * <h2>Modes</h2>
 * {@link VirtualService#SYNPROXY_DELAYED}: a scheduler that needs payload bytes; the connection is
 * scheduled once {@link Scheduler#payloadSufficient} says so, the session buffer is full,
 * {@link Scheduler#payloadBytesNeeded()} bytes are there, or {@link SynProxySettings#collectTimeoutNanos()}
 * passed (with whatever arrived, perhaps nothing). {@link VirtualService#SYNPROXY_ON_ACK}
 * ({@code synproxy: true}): scheduled on the validated ACK, as DPVS; data that arrives before the real
 * server answers is buffered the same way.
 *
 * <h2>Client data before binding</h2>
 * Buffered in order from the client's ISN + 1, up to {@link SynProxySettings#bufferBytes()} (which is
 * also the window of the SYN-ACK, so a client sends no more); not acknowledged (as DPVS), so the
 * client keeps it and retransmits it if the replay were lost, and no state is needed after the
 * replay. A segment that leaves a hole is dropped and counted; retransmitted bytes already buffered
 * are ignored; a FIN is ignored (the client sends it again after binding). A client RST frees the
 * session (and, once the SYN went out, is passed on to the server). A scheduler's session key is
 * taken from the buffered bytes when the connection is scheduled, and not compared again on later
 * segments (they carry stream bytes).
 *
 * <h2>Translation</h2>
 * The real server receives the client's own ISN and options, so the client's sequence space is the
 * same on both sides; the server's ISN, its TSval clock and its window scale differ from what jvs's
 * SYN-ACK promised, and {@link SequenceTranslator} fixes them in every segment after the normal
 * address rewrite. The per-connection numbers live in arrays indexed by connection-entry id
 * ({@code 12} bytes per entry of capacity); the entry's SYN-proxy flag
 * ({@link ConnectionTable#isSynProxy}) is the only test the established path pays.
 *
 * <h2>Packets jvs sends itself</h2>
 * The SYN-ACK and RSTs for an arriving client segment are written into that segment's buffer. The
 * SYN, ACK and replayed data toward the real server are written as client-to-virtual segments into
 * the worker's {@link #outbox()} and then rewritten by the {@link ConnectionForwarder} as if the
 * client had sent them; the worker sends the outbox after each burst
 * ({@link io.jvs.engine.io.PacketIo#transmitOriginated}).
 *
 * <h2>Limits</h2>
 * The SYN-ACK advertises the MSS of the forwarding MTU; a real server with a smaller MSS still
 * receives the client's larger segments (as with DPVS). A real server that does not use timestamps
 * although the client does leaves the client's TSecr untranslated. ICMP errors quoting a SYN-proxied
 * segment from the real server's side are translated in addresses only (their quote is in the client's
 * space); those from the client's side get their quoted sequence number translated too
 * ({@link #translateIcmpError}). ECN is not negotiated.
 *
 * <p><b>Threads:</b> one instance per worker, used only by it; nothing on the packet path allocates or
 * locks, and time is passed in.
 */
public final class SynProxy {

    /** Returned by {@link #established}: the caller forwards the packet as usual, then calls {@link #translate}. */
    public static final byte PASS = 3;
    /** Returned when the SYN proxy has taken the packet (buffered, or answered from the outbox); not a drop. */
    public static final byte CONSUMED = 4;

    /** Frames the outbox holds per burst. */
    public static final int OUTBOX_CAPACITY = 256;
    private static final int OUTBOX_SLOT = 2048;
    private static final int OUTBOX_HEADROOM = 128;

    /** Flag in {@link #info}: the entry is waiting for its real server; the low bits are the session. */
    private static final int CONNECTING = 1 << 30;
    private static final int SLOT_MASK = CONNECTING - 1;

    private final SynProxySettings settings;
    private final SynCookies cookies;
    private final ConnectionTable table;
    private final DestinationRegistry registry;
    private final FlowScheduler flows;
    private final ConnectionForwarder forwarder;
    private final WorkerCounters counters;
    private final int workerIndex;
    private final int mss4;
    private final int mss6;

    private final BindingSessions sessions;
    private final BindingView view;
    private final SequenceTranslator translator = new SequenceTranslator();
    private final SegmentWriter writer = new SegmentWriter();
    private final TcpOptions options = new TcpOptions();
    private final ParsedPacket synthesized = new ParsedPacket();
    private final FlowKey key = new FlowKey();
    private final PacketBatch outbox;
    private final MemorySegment outboxMemory;

    /** Per connection entry: seq delta (high 32) | timestamp delta (low 32). */
    private final long[] deltas;
    /** Per connection entry: {@code CONNECTING | session}, or the translator's packed flags. */
    private final int[] info;

    private long nextDeadline = Long.MAX_VALUE;

    /**
     * Creates a worker's SYN proxy.
     *
     * @param workerIndex the worker's index
     * @param settings limits and timers
     * @param cookies the cookie maker (the same key on every worker)
     * @param table the worker's connection table
     * @param registry destination ids to objects
     * @param flows the worker's flow scheduler
     * @param forwarder the worker's forwarder
     * @param counters the worker's counters
     * @param mtu the forwarding MTU, bytes: the SYN-ACK's MSS is derived from it
     */
    public SynProxy(int workerIndex, SynProxySettings settings, SynCookies cookies, ConnectionTable table,
            DestinationRegistry registry, FlowScheduler flows, ConnectionForwarder forwarder, WorkerCounters counters,
            int mtu) {
        this.workerIndex = workerIndex;
        this.settings = settings;
        this.cookies = cookies;
        this.table = table;
        this.registry = registry;
        this.flows = flows;
        this.forwarder = forwarder;
        this.counters = counters;
        this.mss4 = Math.max(536, mtu - 40);
        this.mss6 = Math.max(1220, mtu - 60);
        this.sessions = new BindingSessions(settings.sessionsPerWorker(), settings.bufferBytes());
        this.view = new BindingView(sessions);
        this.deltas = new long[table.capacity()];
        this.info = new int[table.capacity()];
        this.outbox = new PacketBatch(OUTBOX_CAPACITY);
        this.outboxMemory = Arena.ofAuto().allocate((long) OUTBOX_CAPACITY * OUTBOX_SLOT, 64);
    }

    /**
     * Returns the frames built since the last {@link #clearOutbox()}, each with verdict
     * {@link PacketBatch#TRANSMIT}, in the worker's own memory.
     *
     * @return the outbox
     */
    public PacketBatch outbox() {
        return outbox;
    }

    /** Empties the outbox after the worker sent it. */
    public void clearOutbox() {
        outbox.setCount(0);
    }

    /** {@return binding sessions in use (connections between a valid cookie ACK and the server's SYN-ACK)} */
    public int sessionsInUse() {
        return sessions.used();
    }

    // ------------------------------------------------------------------ new flows (no connection entry)

    /**
     * Handles a TCP segment for a SYN-proxied service that matched no connection: SYN → SYN-ACK with
     * a cookie; ACK → cookie check, binding session, buffering; RST → session freed.
     *
     * @param batch the burst
     * @param i the packet's index
     * @param p the packet, parsed (TCP)
     * @param service its service ({@link VirtualService#synProxyMode()} not off)
     * @param nowNanos the current time
     * @return a verdict, or {@link #CONSUMED}
     */
    public byte newFlow(PacketBatch batch, int i, ParsedPacket p, VirtualService service, long nowNanos) {
        int flags = p.tcpFlags();
        int f = p.family();
        int s = sessions.find(f, p.sourceAddressWord(0), word(p, true, 1), word(p, true, 2), word(p, true, 3),
                p.sourcePort(), p.destinationAddressWord(0), word(p, false, 1), word(p, false, 2), word(p, false, 3),
                p.destinationPort());
        if ((flags & TcpFlags.RST) != 0) {
            if (s >= 0) {
                sessions.free(s);
                return CONSUMED;
            }
            return PacketBatch.DROP;
        }
        if ((flags & TcpFlags.SYN) != 0) {
            if ((flags & TcpFlags.ACK) != 0) {
                counters.increment(WorkerCounters.TCP_NOT_SYN);
                return PacketBatch.DROP;
            }
            if (s >= 0 && sessions.clientIsn[s] != p.tcpSequence()) {
                // The client started over on the same port: its earlier handshake is gone.
                sessions.free(s);
            }
            return answerSyn(batch, i, p, nowNanos);
        }
        if ((flags & TcpFlags.ACK) == 0) {
            counters.increment(WorkerCounters.TCP_NOT_SYN);
            return PacketBatch.DROP;
        }
        if (s < 0) {
            int mssIndex = cookies.check(f, p.sourceAddressWord(0), word(p, true, 1), word(p, true, 2),
                    word(p, true, 3), p.destinationAddressWord(0), word(p, false, 1), word(p, false, 2),
                    word(p, false, 3), p.sourcePort(), p.destinationPort(), p.tcpSequence() - 1,
                    p.tcpAcknowledgment() - 1, nowNanos);
            options.read(p.segment(), p.l4Offset());
            boolean ts = options.hasTimestamps();
            if (mssIndex < 0 || ts && !SynCookies.isValidTimestamp(options.timestampEchoReply())) {
                counters.increment(WorkerCounters.SYNPROXY_COOKIES_INVALID);
                if (settings.resetInvalidAck()) {
                    return resetInPlace(batch, i, p, p.tcpAcknowledgment(), 0, TcpFlags.RST);
                }
                return PacketBatch.DROP;
            }
            counters.increment(WorkerCounters.SYNPROXY_COOKIES_VALID);
            s = sessions.allocate(f, p.sourceAddressWord(0), word(p, true, 1), word(p, true, 2), word(p, true, 3),
                    p.sourcePort(), p.destinationAddressWord(0), word(p, false, 1), word(p, false, 2),
                    word(p, false, 3), p.destinationPort());
            if (s < 0) {
                counters.increment(WorkerCounters.SYNPROXY_SESSIONS_FULL);
                return resetInPlace(batch, i, p, p.tcpAcknowledgment(), 0, TcpFlags.RST);
            }
            sessions.phase[s] = BindingSessions.COLLECTING;
            sessions.service[s] = service;
            sessions.mark[s] = p.firewallMark();
            sessions.clientIsn[s] = p.tcpSequence() - 1;
            sessions.cookieIsn[s] = p.tcpAcknowledgment() - 1;
            sessions.mssIndex[s] = mssIndex;
            int echo = options.timestampEchoReply();
            sessions.timestamps[s] = ts;
            sessions.windowScale[s] = ts ? SynCookies.windowScale(echo) : -1;
            sessions.sackPermitted[s] = ts && SynCookies.sackPermitted(echo);
            sessions.cookieTsval[s] = echo;
            sessions.clientTsval[s] = options.timestampValue();
            sessions.deadline[s] = nowNanos + settings.collectTimeoutNanos();
            nextDeadline = Math.min(nextDeadline, sessions.deadline[s]);
            collect(s, p);
        } else {
            options.read(p.segment(), p.l4Offset());
            collect(s, p);
        }
        if (sessions.phase[s] == BindingSessions.COLLECTING && isReady(s, service)) {
            bind(s, nowNanos);
        }
        return CONSUMED;
    }

    private static int word(ParsedPacket p, boolean source, int index) {
        if (p.family() != AddressFamily.IPV6) {
            return 0;
        }
        return source ? p.sourceAddressWord(index) : p.destinationAddressWord(index);
    }

    private int advertisedMss(int family) {
        return family == AddressFamily.IPV6 ? mss6 : mss4;
    }

    /** Turns a SYN into the SYN-ACK that carries its cookie, in the SYN's own buffer. */
    private byte answerSyn(PacketBatch batch, int i, ParsedPacket p, long now) {
        int f = p.family();
        options.read(p.segment(), p.l4Offset());
        int isn = p.tcpSequence();
        int mssIndex = SynCookies.mssIndex(f, options.mss());
        int cookie = cookies.cookie(f, p.sourceAddressWord(0), word(p, true, 1), word(p, true, 2), word(p, true, 3),
                p.destinationAddressWord(0), word(p, false, 1), word(p, false, 2), word(p, false, 3), p.sourcePort(),
                p.destinationPort(), isn, mssIndex, now);
        SegmentWriter w = writer.clear();
        w.endpoints(f, p.destinationAddressWord(0), word(p, false, 1), word(p, false, 2), word(p, false, 3),
                p.destinationPort(), p.sourceAddressWord(0), word(p, true, 1), word(p, true, 2), word(p, true, 3),
                p.sourcePort());
        w.sequence = cookie;
        w.acknowledgment = isn + 1;
        w.flags = TcpFlags.SYN | TcpFlags.ACK;
        w.window = Math.min(0xFFFF, settings.bufferBytes());
        w.mss = advertisedMss(f);
        if (options.hasTimestamps()) {
            // Without timestamps the cookie cannot remember window scaling or SACK: offer neither (Linux).
            int scale = Math.min(options.windowScale(), SynCookies.MAX_WINDOW_SCALE);
            w.timestamps = true;
            w.timestampValue = SynCookies.timestamp(now, scale, options.sackPermitted(), false);
            w.timestampEchoReply = options.timestampValue();
            w.sackPermitted = options.sackPermitted();
            w.windowScale = options.windowScale() >= 0 ? settings.windowScale() : -1;
        }
        byte verdict = writeInPlace(batch, i, p);
        if (verdict == PacketBatch.TRANSMIT) {
            counters.increment(WorkerCounters.SYNPROXY_COOKIES_SENT);
        }
        return verdict;
    }

    /** Answers a client segment with a RST from the virtual address, in the segment's own buffer. */
    private byte resetInPlace(PacketBatch batch, int i, ParsedPacket p, int sequence, int acknowledgment,
            int flags) {
        SegmentWriter w = writer.clear();
        w.endpoints(p.family(), p.destinationAddressWord(0), word(p, false, 1), word(p, false, 2), word(p, false, 3),
                p.destinationPort(), p.sourceAddressWord(0), word(p, true, 1), word(p, true, 2), word(p, true, 3),
                p.sourcePort());
        w.sequence = sequence;
        w.acknowledgment = acknowledgment;
        w.flags = flags;
        byte verdict = writeInPlace(batch, i, p);
        if (verdict == PacketBatch.TRANSMIT) {
            counters.increment(WorkerCounters.SYNPROXY_CLIENT_RESETS);
        }
        return verdict;
    }

    /**
     * Replaces a received packet's IP packet by the writer's, keeping its link-layer header (VLAN
     * tags included), and addresses the frame to the next hop toward the new destination.
     */
    private byte writeInPlace(PacketBatch batch, int i, ParsedPacket p) {
        long frame = batch.offsets[i];
        long l3 = p.l3Offset();
        int linkLength = (int) (l3 - frame);
        int capacity = batch.lengths[i] + batch.tailrooms[i] - linkLength;
        int ipLength = writer.writeIp(p.segment(), l3, capacity);
        if (ipLength < 0) {
            counters.increment(WorkerCounters.FORWARD_ERRORS);
            return PacketBatch.DROP;
        }
        int length = linkLength + ipLength;
        batch.tailrooms[i] -= length - batch.lengths[i];
        batch.lengths[i] = length;
        if (linkLength >= EthernetHeader.LENGTH) {
            int[] d = writer.destination;
            io.jvs.engine.forward.EthernetRewriter.setAddresses(p.segment(), frame, forwarder.ownMac(),
                    forwarder.nextHopMac(writer.family, d[0], d[1], d[2], d[3]));
        }
        return PacketBatch.TRANSMIT;
    }

    /** Buffers the new bytes of a client segment and remembers its window and TSval. */
    private void collect(int s, ParsedPacket p) {
        int offset = p.tcpSequence() - (sessions.clientIsn[s] + 1);
        int length = p.payloadLength();
        sessions.clientWindow[s] = BigEndian.getUnsignedShort(p.segment(), p.l4Offset() + TcpHeader.WINDOW_OFFSET);
        if (options.hasTimestamps() && offset >= 0) {
            sessions.clientTsval[s] = options.timestampValue();
        }
        if (length == 0 || offset < 0 && offset + length <= 0) {
            return;
        }
        int have = sessions.buffered[s];
        if (offset > have) {
            counters.increment(WorkerCounters.SYNPROXY_OUT_OF_ORDER);
            return;
        }
        int end = offset + length;
        if (end <= have) {
            return;
        }
        int room = sessions.bufferBytes;
        int last = Math.min(end, room);
        if (last > have) {
            MemorySegment.copy(p.payloadSegment(), p.payloadOffset() + (have - offset), sessions.buffers,
                    sessions.bufferOffset(s) + have, last - have);
            sessions.buffered[s] = last;
        }
        if (end > room) {
            counters.increment(WorkerCounters.SYNPROXY_BUFFER_FULL);
        }
    }

    private boolean isReady(int s, VirtualService service) {
        if (service.synProxyMode() != VirtualService.SYNPROXY_DELAYED) {
            return true;
        }
        int have = sessions.buffered[s];
        if (have >= sessions.bufferBytes) {
            return true;
        }
        if (have == 0) {
            return false;
        }
        Scheduler scheduler = service.scheduler();
        try {
            int needed = scheduler.payloadBytesNeeded();
            return have >= needed || scheduler.payloadSufficient(view.wrap(s));
        } catch (RuntimeException e) {
            counters.increment(WorkerCounters.SCHEDULER_ERRORS);
            return true;
        }
    }

    // ------------------------------------------------------------------ binding

    /** Schedules a collecting session, inserts its connection and sends the SYN to the real server. */
    private void bind(int s, long now) {
        VirtualService service = sessions.service[s];
        int w = s * 4;
        key.set(sessions.family[s], IpProtocol.TCP, sessions.client[w], sessions.client[w + 1],
                sessions.client[w + 2], sessions.client[w + 3], sessions.clientPort[s], sessions.virtual[w],
                sessions.virtual[w + 1], sessions.virtual[w + 2], sessions.virtual[w + 3], sessions.virtualPort[s]);
        int entry = flows.open(service, view.wrap(s), key, null, true, now);
        if (entry == ConnectionTable.MISSING) {
            counters.increment(WorkerCounters.SYNPROXY_BIND_FAILED);
            resetClient(s);
            sessions.free(s);
            return;
        }
        ForwardingMethod method = table.forwardingMethod(entry);
        if (method != ForwardingMethod.NAT && method != ForwardingMethod.FULLNAT) {
            counters.increment(WorkerCounters.SYNPROXY_BIND_FAILED);
            table.remove(entry, EvictionReason.CLOSED, now);
            resetClient(s);
            sessions.free(s);
            return;
        }
        info[entry] = CONNECTING | s;
        sessions.entry[s] = entry;
        sessions.phase[s] = BindingSessions.CONNECTING;
        sessions.retries[s] = 0;
        sessions.deadline[s] = now + settings.serverSynTimeoutNanos();
        nextDeadline = Math.min(nextDeadline, sessions.deadline[s]);
        table.packet(entry, FlowDirection.INPUT, TcpFlags.SYN, now);
        sendSyn(s, entry);
    }

    private void sendSyn(int s, int entry) {
        SegmentWriter wr = clientSegment(s);
        wr.sequence = sessions.clientIsn[s];
        wr.acknowledgment = 0;
        wr.flags = TcpFlags.SYN;
        int scale = sessions.windowScale[s];
        long window = (long) sessions.clientWindow[s] << Math.max(0, scale);
        wr.window = (int) Math.min(0xFFFF, window);
        wr.mss = SynCookies.mss(sessions.family[s], sessions.mssIndex[s]);
        wr.windowScale = scale;
        wr.sackPermitted = sessions.sackPermitted[s];
        if (sessions.timestamps[s]) {
            wr.timestamps = true;
            wr.timestampValue = sessions.clientTsval[s];
            wr.timestampEchoReply = 0;
        }
        toServer(entry, false);
    }

    /** A writer set up for a segment from the session's client to its virtual address. */
    private SegmentWriter clientSegment(int s) {
        int w = s * 4;
        return writer.clear().endpoints(sessions.family[s], sessions.client[w], sessions.client[w + 1],
                sessions.client[w + 2], sessions.client[w + 3], sessions.clientPort[s], sessions.virtual[w],
                sessions.virtual[w + 1], sessions.virtual[w + 2], sessions.virtual[w + 3], sessions.virtualPort[s]);
    }

    /**
     * Writes the writer's client-to-virtual segment into the outbox and forwards it as the client's
     * own (state, address rewrite, translation when established).
     */
    private void toServer(int entry, boolean translate) {
        int k = outbox.count();
        if (k == OUTBOX_CAPACITY) {
            counters.increment(WorkerCounters.ORIGINATED_DROPPED);
            return;
        }
        long offset = (long) k * OUTBOX_SLOT + OUTBOX_HEADROOM;
        int capacity = OUTBOX_SLOT - OUTBOX_HEADROOM;
        int length = writer.writeFrame(outboxMemory, offset, capacity, 0, 0);
        if (length < 0 || PacketParser.parse(outboxMemory, offset, length, synthesized) != ParseResult.OK) {
            counters.increment(WorkerCounters.ORIGINATED_DROPPED);
            return;
        }
        if (outbox.segments[k] != outboxMemory) {
            outbox.segments[k] = outboxMemory;
        }
        outbox.offsets[k] = offset;
        outbox.lengths[k] = length;
        outbox.headrooms[k] = OUTBOX_HEADROOM;
        outbox.tailrooms[k] = capacity - length;
        outbox.marks[k] = 0;
        outbox.handles[k] = k;
        outbox.timestamps[k] = 0;
        RealServer dest = registry.get(table.destinationId(entry));
        if (dest == null || !dest.isAvailable()) {
            counters.increment(WorkerCounters.DESTINATION_GONE);
            return;
        }
        byte verdict = forwarder.forward(outbox, k, synthesized, table, entry, FlowDirection.INPUT, dest, counters);
        if (verdict != PacketBatch.TRANSMIT) {
            return;
        }
        if (translate) {
            translate(synthesized, entry, FlowDirection.INPUT);
        }
        dest.traffic().countPacket(workerIndex, true, synthesized.ipPacketLength());
        outbox.verdicts[k] = PacketBatch.TRANSMIT;
        outbox.setCount(k + 1);
    }

    /** Sends a RST from the virtual address to the session's client, from the outbox. */
    private void resetClient(int s) {
        int k = outbox.count();
        if (k == OUTBOX_CAPACITY) {
            counters.increment(WorkerCounters.ORIGINATED_DROPPED);
            return;
        }
        int w = s * 4;
        int f = sessions.family[s];
        SegmentWriter wr = writer.clear().endpoints(f, sessions.virtual[w], sessions.virtual[w + 1],
                sessions.virtual[w + 2], sessions.virtual[w + 3], sessions.virtualPort[s], sessions.client[w],
                sessions.client[w + 1], sessions.client[w + 2], sessions.client[w + 3], sessions.clientPort[s]);
        wr.sequence = sessions.cookieIsn[s] + 1;
        wr.acknowledgment = sessions.clientIsn[s] + 1 + sessions.buffered[s];
        wr.flags = TcpFlags.RST | TcpFlags.ACK;
        long offset = (long) k * OUTBOX_SLOT + OUTBOX_HEADROOM;
        int length = wr.writeFrame(outboxMemory, offset, OUTBOX_SLOT - OUTBOX_HEADROOM, forwarder.ownMac(),
                forwarder.nextHopMac(f, sessions.client[w], sessions.client[w + 1], sessions.client[w + 2],
                        sessions.client[w + 3]));
        if (outbox.segments[k] != outboxMemory) {
            outbox.segments[k] = outboxMemory;
        }
        outbox.offsets[k] = offset;
        outbox.lengths[k] = length;
        outbox.headrooms[k] = OUTBOX_HEADROOM;
        outbox.tailrooms[k] = OUTBOX_SLOT - OUTBOX_HEADROOM - length;
        outbox.marks[k] = 0;
        outbox.handles[k] = k;
        outbox.timestamps[k] = 0;
        outbox.verdicts[k] = PacketBatch.TRANSMIT;
        outbox.setCount(k + 1);
        counters.increment(WorkerCounters.SYNPROXY_CLIENT_RESETS);
    }

    // ------------------------------------------------------------------ connections

    /**
     * Handles a packet of a SYN-proxied connection ({@link ConnectionTable#isSynProxy}) before the
     * usual state update and forwarding: while the real server has not answered, client segments are
     * buffered and the server's SYN-ACK completes the binding; afterwards a retransmitted SYN-ACK is
     * acknowledged again. Anything else returns {@link #PASS}.
     *
     * @param p the packet, parsed (TCP)
     * @param entry its connection
     * @param direction {@link FlowDirection#INPUT} or {@link FlowDirection#OUTPUT}
     * @param nowNanos the current time
     * @return {@link #PASS}, {@link #CONSUMED} or a verdict
     */
    public byte established(ParsedPacket p, int entry, int direction, long nowNanos) {
        int flags = p.tcpFlags();
        int state = info[entry];
        if ((state & CONNECTING) != 0) {
            int s = state & SLOT_MASK;
            if (s >= sessions.capacity || sessions.entry[s] != entry
                    || sessions.phase[s] != BindingSessions.CONNECTING) {
                return PacketBatch.DROP;
            }
            if (direction == FlowDirection.INPUT) {
                if ((flags & TcpFlags.RST) != 0) {
                    // Tell the server too, in case its SYN-ACK is on its way: RST at the client's next sequence.
                    SegmentWriter wr = clientSegment(s);
                    wr.sequence = sessions.clientIsn[s] + 1;
                    wr.flags = TcpFlags.RST;
                    toServer(entry, false);
                    sessions.free(s);
                    info[entry] = 0;
                    table.remove(entry, EvictionReason.CLOSED, nowNanos);
                    return CONSUMED;
                }
                if ((flags & TcpFlags.SYN) != 0) {
                    return PacketBatch.DROP;
                }
                options.read(p.segment(), p.l4Offset());
                collect(s, p);
                return CONSUMED;
            }
            if ((flags & TcpFlags.RST) != 0) {
                counters.increment(WorkerCounters.SYNPROXY_SERVER_REFUSED);
                resetClient(s);
                sessions.free(s);
                info[entry] = 0;
                table.remove(entry, EvictionReason.CLOSED, nowNanos);
                return CONSUMED;
            }
            if ((flags & (TcpFlags.SYN | TcpFlags.ACK)) == (TcpFlags.SYN | TcpFlags.ACK)
                    && p.tcpAcknowledgment() == sessions.clientIsn[s] + 1) {
                complete(s, entry, p, nowNanos);
                return CONSUMED;
            }
            return PacketBatch.DROP;
        }
        if (direction == FlowDirection.OUTPUT
                && (flags & (TcpFlags.SYN | TcpFlags.ACK | TcpFlags.RST)) == (TcpFlags.SYN | TcpFlags.ACK)) {
            // The server did not get our ACK: acknowledge its SYN-ACK again, translated like the client's.
            int delta = (int) (deltas[entry] >> 32);
            SegmentWriter wr = writer.clear();
            wr.endpoints(p.family(), table.clientAddressWord(entry, 0), table.clientAddressWord(entry, 1),
                    table.clientAddressWord(entry, 2), table.clientAddressWord(entry, 3), table.clientPort(entry),
                    table.virtualAddressWord(entry, 0), table.virtualAddressWord(entry, 1),
                    table.virtualAddressWord(entry, 2), table.virtualAddressWord(entry, 3), table.virtualPort(entry));
            wr.family = table.family(entry);
            wr.sequence = p.tcpAcknowledgment();
            wr.acknowledgment = p.tcpSequence() + 1 - delta;
            wr.flags = TcpFlags.ACK;
            wr.window = BigEndian.getUnsignedShort(p.segment(), p.l4Offset() + TcpHeader.WINDOW_OFFSET);
            toServer(entry, true);
            return CONSUMED;
        }
        return PASS;
    }

    /**
     * Completes a binding on the real server's SYN-ACK: records the translation, acknowledges the
     * SYN-ACK with the buffered data (segments of the server's MSS) and frees the session.
     */
    private void complete(int s, int entry, ParsedPacket p, long now) {
        options.read(p.segment(), p.l4Offset());
        int delta = p.tcpSequence() - sessions.cookieIsn[s];
        boolean ts = sessions.timestamps[s] && options.hasTimestamps();
        int tsDelta = ts ? options.timestampValue() - sessions.cookieTsval[s] : 0;
        boolean scaling = sessions.windowScale[s] >= 0;
        boolean serverScales = scaling && options.windowScale() >= 0;
        int serverScale = serverScales ? Math.min(options.windowScale(), SynCookies.MAX_WINDOW_SCALE) : 0;
        int clientScale = scaling ? sessions.windowScale[s] : 0;
        deltas[entry] = (long) delta << 32 | (tsDelta & 0xFFFF_FFFFL);
        info[entry] = SequenceTranslator.pack(serverScale, scaling ? settings.windowScale() : 0, clientScale,
                serverScales ? clientScale : 0, ts);
        table.packet(entry, FlowDirection.OUTPUT, TcpFlags.SYN | TcpFlags.ACK, now);
        int segmentSize = options.mss() > 0 ? options.mss() : 536;
        int total = sessions.buffered[s];
        int sent = 0;
        do {
            int length = Math.min(segmentSize, total - sent);
            SegmentWriter wr = clientSegment(s);
            wr.sequence = sessions.clientIsn[s] + 1 + sent;
            wr.acknowledgment = sessions.cookieIsn[s] + 1;
            wr.flags = TcpFlags.ACK | (length > 0 && sent + length == total ? TcpFlags.PSH : 0);
            wr.window = sessions.clientWindow[s];
            if (sessions.timestamps[s]) {
                wr.timestamps = true;
                wr.timestampValue = sessions.clientTsval[s];
                wr.timestampEchoReply = sessions.cookieTsval[s];
            }
            if (length > 0) {
                wr.payload = sessions.buffers;
                wr.payloadOffset = sessions.bufferOffset(s) + sent;
                wr.payloadLength = length;
            }
            table.packet(entry, FlowDirection.INPUT, wr.flags, now);
            toServer(entry, true);
            sent += length;
        } while (sent < total);
        sessions.free(s);
        counters.increment(WorkerCounters.SYNPROXY_BOUND);
    }

    /**
     * Translates a forwarded segment of an established SYN-proxied connection (after its address
     * rewrite).
     *
     * @param p the packet, parsed and rewritten
     * @param entry its connection
     * @param direction {@link FlowDirection#INPUT} (client to server) or {@link FlowDirection#OUTPUT}
     */
    public void translate(ParsedPacket p, int entry, int direction) {
        long d = deltas[entry];
        int flags = info[entry];
        if ((flags & CONNECTING) != 0 || p.l4Offset() < 0 || p.tcpHeaderLength() < TcpHeader.MIN_LENGTH) {
            return;
        }
        if (direction == FlowDirection.INPUT) {
            translator.toServer(p.segment(), p.l4Offset(), p.tcpHeaderLength(), (int) (d >> 32), (int) d, flags);
        } else {
            translator.toClient(p.segment(), p.l4Offset(), p.tcpHeaderLength(), (int) (d >> 32), (int) d, flags);
        }
    }

    /**
     * Translates the TCP sequence number quoted by an ICMP error from the client side (for example
     * "fragmentation needed" about a segment the real server sent), after its address translation,
     * so that the real server's stack finds it in its send window (path MTU discovery). The quote
     * starts with the ports and the sequence number (RFC 792 quotes at least 8 bytes); the ICMP
     * checksum, which covers it, is adjusted. Errors from the real server's side quote client
     * segments, whose sequence numbers are the same on both sides, and are left alone.
     *
     * @param p the ICMP error, parsed and translated
     * @param entry the connection of the quoted segment
     * @param direction the direction the error travels
     */
    public void translateIcmpError(ParsedPacket p, int entry, int direction) {
        long quoted = p.embeddedL4Offset();
        if (direction != FlowDirection.INPUT || (info[entry] & CONNECTING) != 0 || quoted < 0
                || quoted + TcpHeader.SEQUENCE_NUMBER_OFFSET + 4 > p.ipEndOffset()
                || p.embeddedProtocol() != IpProtocol.TCP) {
            return;
        }
        int delta = (int) (deltas[entry] >> 32);
        MemorySegment m = p.segment();
        long at = quoted + TcpHeader.SEQUENCE_NUMBER_OFFSET;
        int old = BigEndian.getInt(m, at);
        BigEndian.putInt(m, at, old + delta);
        long checksumAt = p.l4Offset() + io.jvs.engine.packet.InternetChecksum.ICMP_CHECKSUM_OFFSET;
        int checksum = BigEndian.getUnsignedShort(m, checksumAt);
        if (((at - p.l4Offset()) & 1) == 0) {
            checksum = io.jvs.engine.packet.InternetChecksum.adjust32(checksum, old, old + delta);
        } else {
            // An odd offset from the ICMP header: the field's bytes land in the other half of each word.
            checksum = io.jvs.engine.packet.InternetChecksum.adjust32(checksum, Integer.rotateLeft(old, 8),
                    Integer.rotateLeft(old + delta, 8));
        }
        BigEndian.putShort(m, checksumAt, checksum);
    }

    // ------------------------------------------------------------------ timers

    /**
     * Runs due timers: a collecting session whose time is up is scheduled with what it has; a
     * connecting one sends its SYN again (waits doubling) or, after the last retry, resets the client
     * and removes its connection. Cheap when nothing is due.
     *
     * @param nowNanos the current time
     * @return the number of sessions acted on (0 when nothing was due)
     */
    public int poll(long nowNanos) {
        if (nowNanos < nextDeadline) {
            return 0;
        }
        long next = Long.MAX_VALUE;
        int work = 0;
        for (int s = 0; s < sessions.capacity; s++) {
            byte phase = sessions.phase[s];
            if (phase == BindingSessions.FREE) {
                continue;
            }
            if (sessions.deadline[s] <= nowNanos) {
                work++;
                if (phase == BindingSessions.COLLECTING) {
                    counters.increment(WorkerCounters.SYNPROXY_COLLECT_TIMEOUTS);
                    bind(s, nowNanos);
                } else {
                    serverTimeout(s, nowNanos);
                }
            }
            if (sessions.phase[s] != BindingSessions.FREE) {
                next = Math.min(next, sessions.deadline[s]);
            }
        }
        nextDeadline = next;
        return work;
    }

    private void serverTimeout(int s, long now) {
        int entry = sessions.entry[s];
        if (entry < 0 || !table.isLive(entry) || !table.isSynProxy(entry) || info[entry] != (CONNECTING | s)) {
            sessions.free(s);
            return;
        }
        if (sessions.retries[s] < settings.serverSynRetries()) {
            sessions.retries[s]++;
            sessions.deadline[s] = now + (settings.serverSynTimeoutNanos() << sessions.retries[s]);
            counters.increment(WorkerCounters.SYNPROXY_SERVER_SYN_RETRIES);
            sendSyn(s, entry);
            return;
        }
        counters.increment(WorkerCounters.SYNPROXY_SERVER_TIMEOUTS);
        resetClient(s);
        sessions.free(s);
        info[entry] = 0;
        table.remove(entry, EvictionReason.EXPIRED, now);
    }
}
