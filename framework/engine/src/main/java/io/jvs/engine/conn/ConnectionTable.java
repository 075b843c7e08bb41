package io.jvs.engine.conn;

import static io.jvs.engine.conn.EntryLayout.ACTIVE;
import static io.jvs.engine.conn.EntryLayout.ADDRESSES;
import static io.jvs.engine.conn.EntryLayout.CONTROL;
import static io.jvs.engine.conn.EntryLayout.FORWARDING_MASK;
import static io.jvs.engine.conn.EntryLayout.FORWARDING_SHIFT;
import static io.jvs.engine.conn.EntryLayout.IPV6;
import static io.jvs.engine.conn.EntryLayout.IPV6_CLIENT;
import static io.jvs.engine.conn.EntryLayout.IPV6_DESTINATION;
import static io.jvs.engine.conn.EntryLayout.IPV6_LOCAL;
import static io.jvs.engine.conn.EntryLayout.IPV6_VIRTUAL;
import static io.jvs.engine.conn.EntryLayout.IPV6_WORDS;
import static io.jvs.engine.conn.EntryLayout.LIVE;
import static io.jvs.engine.conn.EntryLayout.META;
import static io.jvs.engine.conn.EntryLayout.NIL;
import static io.jvs.engine.conn.EntryLayout.NO_OUTPUT;
import static io.jvs.engine.conn.EntryLayout.PORTS;
import static io.jvs.engine.conn.EntryLayout.PROFILE_MASK;
import static io.jvs.engine.conn.EntryLayout.PROFILE_SHIFT;
import static io.jvs.engine.conn.EntryLayout.PROTOCOL_MASK;
import static io.jvs.engine.conn.EntryLayout.REPLY_ADDRESSES;
import static io.jvs.engine.conn.EntryLayout.SESSION;
import static io.jvs.engine.conn.EntryLayout.SESSION_INDEXED;
import static io.jvs.engine.conn.EntryLayout.STATE_MASK;
import static io.jvs.engine.conn.EntryLayout.STATE_SHIFT;
import static io.jvs.engine.conn.EntryLayout.SYNPROXY;
import static io.jvs.engine.conn.EntryLayout.TEMPLATE;
import static io.jvs.engine.conn.EntryLayout.TIME;
import static io.jvs.engine.conn.EntryLayout.WHEEL;
import static io.jvs.engine.conn.EntryLayout.WORDS;
import static io.jvs.engine.conn.EntryLayout.ZOMBIE;
import static io.jvs.engine.conn.EntryLayout.base;
import static io.jvs.engine.conn.EntryLayout.high;
import static io.jvs.engine.conn.EntryLayout.low;
import static io.jvs.engine.conn.EntryLayout.pack;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.ServiceView;
import java.util.List;

/**
 * One worker's connection cache, modelled on Linux IPVS ({@code net/netfilter/ipvs/ip_vs_conn.c}):
 * bounded, primitive, open-addressed, with the IPVS TCP state machine, per-state timeouts, persistence
 * templates, a timing wheel for expiry and exactly one {@link EvictionSink} notification per removed
 * entry.
 *
 * <p><b>Threads:</b> single-threaded. The worker that owns the table is the only thread that may call
 * it; it takes no locks and uses no atomics. Time is always passed in ({@code nowNanos}, on the
 * engine's monotonic clock, never going backwards) and never read inside. No method allocates except
 * the constructor.
 *
 * <h2>Entry record</h2>
 * Entries are identified by an int id, {@code 0 <= id < capacity}. Each entry is a record of eight
 * longs (64 bytes) at {@code id * 8} in one {@code long[]}:
 * <pre>
 *  word  63                          32 31                           0
 *       +-------------------------------+-------------------------------+
 *   0   | client address (v4)           | virtual address (v4)          |  v6: low half = side record index
 *   1   | destination address (v4)      | local address (v4)            |  local = client for NAT
 *   2   | client port   | virtual port  | dest port     | local port    |
 *   3   | destination id                | flags: profile 31..24,        |
 *       |                               |  synproxy 21, session 20,     |
 *       |                               |  no-output 19,                |
 *       |                               |  active 18, zombie 17, live 16,|
 *       |                               |  template 15, ipv6 14,        |
 *       |                               |  forwarding 13..12,           |
 *       |                               |  state 11..8, protocol 7..0   |
 *   4   | session key (connections) / persistence timeout in ns (templates)|
 *   5   | deadline tick                 | created tick                  |
 *   6   | wheel next                    | wheel previous                |
 *   7   | controlling template          | embryonic-queue position      |  templates: control count
 *       +-------------------------------+-------------------------------+
 * </pre>
 * IPv6 entries keep their four 128-bit addresses (client, virtual, destination, local) in a side
 * record of 16 ints (64 bytes) taken from a pool of {@link ConnectionTableConfig#ipv6Capacity} records.
 *
 * <h2>Memory</h2>
 * Per entry of capacity: 64 bytes of record, 8 bytes of embryonic ring, 4 bytes of free-id stack and
 * the tuple index, {@code 8 × nextPowerOfTwo(⌈8 × capacity / 3⌉)} bytes in all (21 to 43 bytes per
 * entry): about 97 to 119 bytes per entry, of which 64 are the entry itself. Plus 68 bytes per IPv6
 * pool record, {@code 16 × nextPowerOfTwo(2 × sessionCapacity)} bytes of session index and 4 bytes
 * per wheel slot.
 *
 * <h2>Tuple index</h2>
 * One open-addressed, linear-probing index with backward-shift deletion holds up to two keys per
 * connection, both as seen on the wire: the IN key {@code (protocol, client:cport -> virtual:vport)}
 * and, when replies pass through the balancer (NAT, FULLNAT), the OUT key
 * {@code (protocol, destination:dport -> local:lport)}, where local is the client for NAT and the
 * FULLNAT local address otherwise. DR and TUNNEL connections have no OUT key. Templates are indexed by
 * their IN key under a separate kind. So {@link #lookup(FlowKey)} finds a packet's entry and its
 * direction from the packet's own tuple with one probe sequence. Keys are unique: inserting a key that
 * is already present evicts its holder with {@link EvictionReason#REPLACED}. The hash is
 * {@link FlowHash}: SplitMix64 mixing of the key's words from a per-table seed.
 *
 * <h2>Session keys</h2>
 * A connection inserted with a non-zero session key is also indexed by (scope, key); at most one live
 * entry holds a given (scope, key): inserting it again evicts the holder with
 * {@link EvictionReason#REPLACED} (the SPI's "same session from a new tuple").
 *
 * <h2>Overflow policy</h2>
 * When all {@code capacity} ids are in use, an insert evicts the oldest embryonic connection with
 * {@link EvictionReason#CAPACITY}, as IPVS {@code ip_vs_random_dropentry} prefers half-open entries.
 * Embryonic: TCP in NONE, SYN_SENT, SYN_RECV or SYNACK; other protocols until their entry has seen its
 * second packet. "Oldest" orders entries by the latest time they entered an embryonic state (their
 * insert, or a later return such as a SYN on a closed entry). An entry that is not embryonic
 * (ESTABLISHED, closing, UDP that saw two packets) and a template are never evicted to make room; when
 * no embryonic entry exists, the insert is refused and counted ({@link #refusedFullCount()}). Victims
 * come from a FIFO ring with lazily skipped stale elements, O(1) amortised, without scanning the
 * table. IPv6 inserts are also refused when the IPv6 pool is empty, keyed inserts when the session
 * index is full (counted separately).
 *
 * <h2>Timeouts and expiry</h2>
 * Each packet resets the entry's deadline to {@code now + timeout(state)} from the entry's
 * {@link TimeoutProfile}. Deadlines are kept in ticks of {@code 2^tickShift} ns, rounded up, so an
 * entry never expires early. A hashed timing wheel (one slot per tick, lists linked through the
 * records) files each entry at its deadline; a packet only writes the new deadline, and
 * {@link #expire(long, int)} re-files entries whose deadline moved later when it meets them. A state
 * change to a shorter timeout re-files at once. Entries that expire in TCP CLOSE or TIME_WAIT, or a
 * datagram entry closed by {@link #close}, are removed with {@link EvictionReason#CLOSED}, all others
 * with {@link EvictionReason#EXPIRED}.
 *
 * <h2>Persistence templates</h2>
 * {@link #insertTemplate} adds an IPVS persistence template: client network (masked by the caller),
 * client port 0, virtual address and port (0 for "all ports"), destination; its timeout is the
 * service's persistence timeout. A connection inserted with {@link ConnectionSpec#controlledBy} raises
 * the template's control count until it is removed. As IPVS {@code ip_vs_conn_expire}, a template
 * whose deadline passes while its count is above 0 is re-armed with its full timeout instead of
 * expiring. A template removed explicitly while it still controls connections is notified and
 * unindexed at once but keeps its id (a "lingering" template, {@link #lingeringTemplateCount()}) until
 * its last connection is gone.
 *
 * <h2>Notifications</h2>
 * Every removal (expiry, capacity, {@link #remove}, the flushes, replacement by an insert) calls the
 * {@link EvictionSink} exactly once, while the entry is still intact, with a flyweight that reads it;
 * the entry is released after the call returns or throws (notify first, release in {@code finally}).
 * If the sink throws, the exception propagates after the release, the calling operation stops there
 * and the table is consistent; work not done (further due entries, the insert itself) is left for a
 * later call. The sink must not modify the table: modifying calls during a notification throw
 * {@link IllegalStateException}. {@link ConnectionAccounting} hears of every change of the
 * active/inactive/template counts (see there).
 *
 * <h2>Bad input</h2>
 * Calls with a dead entry id, an invalid spec or direction are counted ({@link #invalidRequestCount()})
 * and answered with {@link #MISSING} or {@code false}; they never throw. Accessors that read an entry
 * by id expect a live id and do not check it.
 */
public final class ConnectionTable {

    /** Returned when there is no entry. */
    public static final int MISSING = -1;

    /** The largest capacity: 2^27 entries (8 GiB of records). */
    public static final int MAX_CAPACITY = 1 << 27;

    static final int MAX_TIMEOUT_TICKS = 1 << 30;

    /** Number of timeout profile ids an entry can name (8 bits in the record). */
    public static final int MAX_PROFILES = 256;

    /** State of a non-TCP entry: inserted, no packet seen yet (embryonic). */
    public static final int DATAGRAM_NEW = 0;
    /** State of a non-TCP entry: one packet seen (embryonic). */
    public static final int DATAGRAM_ONE_PACKET = 1;
    /** State of a non-TCP entry: two or more packets seen. */
    public static final int DATAGRAM_FLOWING = 2;
    /** State of a non-TCP entry: closed by {@link #close}; expires with {@link EvictionReason#CLOSED}. */
    public static final int DATAGRAM_CLOSED = 3;

    private static final int TCP_NONE = TcpState.NONE.code();
    private static final int TCP_ESTABLISHED = TcpState.ESTABLISHED.code();
    private static final int TCP_FIN_WAIT = TcpState.FIN_WAIT.code();
    private static final int TCP_TIME_WAIT = TcpState.TIME_WAIT.code();
    private static final int TCP_CLOSE = TcpState.CLOSE.code();

    private static final ForwardingMethod[] FORWARDING = ForwardingMethod.values();
    private static final int NAT = ForwardingMethod.NAT.ordinal();
    private static final int FULLNAT = ForwardingMethod.FULLNAT.ordinal();
    private static final int DR = ForwardingMethod.DR.ordinal();
    private static final int TUNNEL = ForwardingMethod.TUNNEL.ordinal();

    private final int capacity;
    private final long[] words;
    private final int[] freeIds;
    private int freeCount;
    private final int[] ipv6Words;
    private final int[] ipv6Free;
    private int ipv6FreeCount;

    private final FlowIndex index;
    private final SessionIndex sessions;
    private final TimingWheel wheel;
    private final EmbryonicQueue embryonic;

    private final int tickShift;
    private final long tickNanos;
    private final TimeoutProfile[] profiles;
    private final TcpStateMachine stateMachine;
    private final DestinationResolver resolver;
    private final ConnectionAccounting accounting;
    private final EvictionSink sink;
    private final ConnectionEntryView evictionView;
    private final FlowKey inKey = new FlowKey();
    private final FlowKey outKey = new FlowKey();

    private boolean clockStarted;
    private long observedTick;
    private long cursorTick;
    private boolean notifying;
    /** Sink of {@link #prefetch} loads, so that the compiler keeps them. */
    private long prefetched;

    private int size;
    private int lingeringTemplates;
    private long insertedCount;
    private long refusedFullCount;
    private long refusedIpv6Count;
    private long refusedSessionCount;
    private long invalidRequestCount;
    private final long[] evictionCounts = new long[EvictionReason.values().length];

    /**
     * Creates a table and allocates all its memory.
     *
     * @param config the settings, validated here
     * @param resolver maps destination ids to views for the eviction flyweight
     * @param accounting receives counter changes
     * @param sink receives every removal
     * @throws IllegalArgumentException when the config is invalid
     */
    public ConnectionTable(ConnectionTableConfig config, DestinationResolver resolver,
            ConnectionAccounting accounting, EvictionSink sink) {
        config.validate();
        if (resolver == null || accounting == null || sink == null) {
            throw new IllegalArgumentException("resolver, accounting and sink must not be null");
        }
        this.capacity = config.capacity();
        this.words = new long[capacity * WORDS];
        this.freeIds = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeIds[i] = capacity - 1 - i;
            words[base(i) + WHEEL] = pack(NIL, NIL);
            words[base(i) + CONTROL] = pack(NIL, NIL);
        }
        this.freeCount = capacity;
        int ipv6Capacity = config.ipv6Capacity();
        this.ipv6Words = new int[ipv6Capacity * IPV6_WORDS];
        this.ipv6Free = new int[ipv6Capacity];
        for (int i = 0; i < ipv6Capacity; i++) {
            ipv6Free[i] = ipv6Capacity - 1 - i;
        }
        this.ipv6FreeCount = ipv6Capacity;

        long keys = 2L * capacity;
        long wanted = Math.max(16, (keys * 4 + 2) / 3);
        int slots = (int) Long.highestOneBit(wanted - 1) << 1;
        this.index = new FlowIndex(slots, words, ipv6Words, config.seed());
        this.sessions = new SessionIndex(config.sessionCapacity(), FlowHash.mix(config.seed() ^ 0x5e55101L));
        this.wheel = new TimingWheel(words, config.wheelSlots());
        this.embryonic = new EmbryonicQueue(words, capacity);

        this.tickShift = config.tickShift();
        this.tickNanos = 1L << tickShift;
        this.profiles = new TimeoutProfile[MAX_PROFILES];
        List<TimeoutProfile> configured = config.profiles();
        for (int i = 0; i < MAX_PROFILES; i++) {
            profiles[i] = i < configured.size() ? configured.get(i) : configured.get(0);
        }
        this.stateMachine = config.stateMachine();
        this.resolver = resolver;
        this.accounting = accounting;
        this.sink = sink;
        this.evictionView = new ConnectionEntryView(this);
    }

    // ------------------------------------------------------------------------------------------ lookups

    /**
     * Finds the connection whose IN key is the tuple: a packet from the client to the virtual service.
     *
     * @param key source = client, destination = virtual
     * @return the entry id, or {@link #MISSING}
     */
    public int lookupIn(FlowKey key) {
        int hit = index.find(key, index.hash(key, FlowIndex.KIND_IN), FlowIndex.MASK_IN);
        return hit < 0 ? MISSING : hit >>> 2;
    }

    /**
     * Finds the connection whose OUT key is the tuple: a reply from the destination (to the client for
     * NAT, to the local address for FULLNAT).
     *
     * @param key source = destination, destination = local
     * @return the entry id, or {@link #MISSING}
     */
    public int lookupOut(FlowKey key) {
        int hit = index.find(key, index.hash(key, FlowIndex.KIND_OUT), FlowIndex.MASK_OUT);
        return hit < 0 ? MISSING : hit >>> 2;
    }

    /**
     * Finds the connection a packet belongs to, in either direction, with one probe sequence.
     *
     * @param key the packet's own tuple
     * @return a hit to decode with {@link #entryOf(int)} and {@link #directionOf(int)}, or
     *     {@link #MISSING}
     */
    public int lookup(FlowKey key) {
        int hit = index.find(key, index.hash(key, FlowIndex.KIND_IN), FlowIndex.MASK_CONNECTION);
        return hit < 0 ? MISSING : ((hit >>> 2) << 1) | (hit & 1);
    }

    /**
     * Returns the hash of a packet's tuple, for {@link #prefetch(long)} and {@link #lookup(FlowKey, long)}.
     *
     * @param key the packet's own tuple
     * @return the table's seeded hash of the tuple
     */
    public long hash(FlowKey key) {
        return index.hash(key, FlowIndex.KIND_IN);
    }

    /**
     * Returns {@link #hash(FlowKey)} of the IPv4 key {@code FlowKey.ipv4(protocol, sourceAddress,
     * sourcePort, destinationAddress, destinationPort)}, computed from the fields without a key.
     *
     * @param protocol the IANA protocol (masked to 8 bits, as the key does)
     * @param sourceAddress the source address
     * @param sourcePort the source port (masked to 16 bits)
     * @param destinationAddress the destination address
     * @param destinationPort the destination port (masked to 16 bits)
     * @return the table's seeded hash of the tuple
     */
    public long hashIpv4(int protocol, int sourceAddress, int sourcePort, int destinationAddress,
            int destinationPort) {
        return index.hashIpv4(protocol, sourceAddress, sourcePort, destinationAddress, destinationPort);
    }

    /**
     * Loads the index slot of a hash and the entry of the first slot that carries its tag (the home
     * slot's neighbours are in the same cache line), so that a later {@link #lookup(FlowKey, long)} of
     * the same tuple finds both in the cache. A worker that hashes
     * and prefetches a whole burst first, then looks it up, overlaps the cache misses of the burst
     * instead of waiting for them one packet at a time. Changes nothing observable.
     *
     * @param hash a value of {@link #hash(FlowKey)}
     */
    public void prefetch(long hash) {
        prefetched ^= index.touch(hash);
    }

    /**
     * The first step of {@link #prefetch(long)} alone: loads the index slot of a hash. A worker that
     * calls it as soon as it has a packet's hash, and {@link #prefetch(long)} for the same hash a
     * while later, gets the slot's cache miss overlapped with its other work, and the entry's miss
     * issued at once by the second call. Changes nothing observable.
     *
     * @param hash a value of {@link #hash(FlowKey)}
     */
    public void prefetchSlot(long hash) {
        prefetched ^= index.touchSlot(hash);
    }

    /**
     * Same as {@link #lookup(FlowKey)} with the hash already computed.
     *
     * @param key the packet's own tuple
     * @param hash {@link #hash(FlowKey)} of {@code key}
     * @return a hit to decode with {@link #entryOf(int)} and {@link #directionOf(int)}, or
     *     {@link #MISSING}
     */
    public int lookup(FlowKey key, long hash) {
        int hit = index.find(key, hash, FlowIndex.MASK_CONNECTION);
        return hit < 0 ? MISSING : ((hit >>> 2) << 1) | (hit & 1);
    }

    /**
     * Returns the entry id of a {@link #lookup(FlowKey)} hit.
     *
     * @param hit a hit or {@link #MISSING}
     * @return the entry id, or {@link #MISSING}
     */
    public static int entryOf(int hit) {
        return hit >> 1;
    }

    /**
     * Returns the packet direction of a {@link #lookup(FlowKey)} hit.
     *
     * @param hit a hit (not {@link #MISSING})
     * @return {@link FlowDirection#INPUT} or {@link FlowDirection#OUTPUT}
     */
    public static int directionOf(int hit) {
        return hit & 1;
    }

    /**
     * Finds a persistence template (IPVS {@code ip_vs_ct_in_get}).
     *
     * @param key source = masked client network with port 0, destination = virtual address and port
     *     (0 for a service persistent on all ports)
     * @return the template's entry id, or {@link #MISSING}
     */
    public int lookupTemplate(FlowKey key) {
        int hit = index.find(key, index.hash(key, FlowIndex.KIND_TEMPLATE), FlowIndex.MASK_TEMPLATE);
        return hit < 0 ? MISSING : hit >>> 2;
    }

    /**
     * Finds the connection that holds a session key.
     *
     * @param scope the scope the key was inserted in (normally the service id)
     * @param key the session key
     * @return the entry id, or {@link #MISSING} (always for key 0)
     */
    public int lookupSession(int scope, long key) {
        return key == 0 ? MISSING : sessions.find(scope, key);
    }

    // ------------------------------------------------------------------------------------------ inserts

    /**
     * Inserts a connection in its initial state (TCP NONE; other protocols "no packet yet"), counted as
     * inactive. The caller then reports the packet that created it with {@link #packet}, as IPVS calls
     * {@code ip_vs_set_state} after {@code ip_vs_conn_new}.
     *
     * <p>Before taking an id, the insert evicts with {@link EvictionReason#REPLACED} the entry that
     * holds the same IN key, the same OUT key, or the same (scope, session key). Then, when the table is
     * full, it evicts the oldest embryonic connection with {@link EvictionReason#CAPACITY}.
     *
     * @param spec the new connection
     * @param nowNanos the current time
     * @return the new entry id, or {@link #MISSING} when refused (full with nothing to evict, IPv6 pool
     *     or session index full, or an invalid spec; each counted)
     * @throws IllegalStateException when called from an eviction notification
     */
    public int insert(ConnectionSpec spec, long nowNanos) {
        checkNotNotifying();
        if (!isValid(spec) || !isControlTarget(spec.controllingTemplate)) {
            invalidRequestCount++;
            return MISSING;
        }
        observe(nowNanos);
        int forwarding = spec.forwarding.ordinal();
        boolean hasReply = hasReplyKey(forwarding);
        fillKeys(spec, forwarding);
        long inHash = index.hash(inKey, FlowIndex.KIND_IN);
        replaceHolder(index.find(inKey, inHash, FlowIndex.MASK_IN), nowNanos);
        long outHash = 0;
        if (hasReply) {
            outHash = index.hash(outKey, FlowIndex.KIND_OUT);
            replaceHolder(index.find(outKey, outHash, FlowIndex.MASK_OUT), nowNanos);
        }
        boolean keyed = spec.sessionKey != 0;
        if (keyed) {
            int holder = sessions.find(spec.sessionScope, spec.sessionKey);
            if (holder != MISSING) {
                evict(holder, EvictionReason.REPLACED, nowNanos);
            }
            if (sessions.isFull()) {
                refusedSessionCount++;
                return MISSING;
            }
        }
        boolean ipv6 = spec.family == AddressFamily.IPV6;
        if (ipv6 && ipv6FreeCount == 0) {
            refusedIpv6Count++;
            return MISSING;
        }
        int id = allocate(nowNanos);
        if (id == MISSING) {
            refusedFullCount++;
            return MISSING;
        }
        int protocol = spec.protocol;
        int state = protocol == IpProtocol.TCP ? TCP_NONE : DATAGRAM_NEW;
        int flags = protocol | (state << STATE_SHIFT) | (forwarding << FORWARDING_SHIFT) | LIVE
                | (spec.profileId << PROFILE_SHIFT);
        if (forwarding == DR || forwarding == TUNNEL) {
            flags |= NO_OUTPUT;
        }
        if (keyed) {
            flags |= SESSION_INDEXED;
        }
        if (spec.synProxy) {
            flags |= SYNPROXY;
        }
        int b = base(id);
        flags |= writeAddresses(b, spec, ipv6, false);
        words[b + META] = pack(spec.destId, flags);
        words[b + SESSION] = spec.sessionKey;
        int deadline = deadlineTick(nowNanos, profiles[spec.profileId].timeoutNanos(protocol, state));
        words[b + TIME] = pack(deadline, (int) tickOf(nowNanos));
        words[b + CONTROL] = pack(spec.controllingTemplate, NIL);
        index.add(inHash, id, FlowIndex.KIND_IN);
        if (hasReply) {
            index.add(outHash, id, FlowIndex.KIND_OUT);
        }
        if (keyed) {
            sessions.add(spec.sessionScope, spec.sessionKey, id);
        }
        if (spec.controllingTemplate != MISSING) {
            addControl(spec.controllingTemplate, 1);
        }
        embryonic.push(id);
        file(id, deadline);
        size++;
        insertedCount++;
        accounting.adjust(spec.destId, 0, 1, 0);
        return id;
    }

    /**
     * Inserts a persistence template (IPVS {@code ip_vs_sched_persist} creating {@code ct}). Uses the
     * spec's family, protocol, client (the masked network) and client port (normally 0), virtual
     * address and port (0 for all ports), destination, forwarding method and destination id; ignores
     * the local side, session key, profile and controlling template. A template with the same key is
     * evicted first with {@link EvictionReason#REPLACED}.
     *
     * @param spec the template
     * @param timeoutNanos the persistence timeout, re-armed by {@link #touch} and at expiry while the
     *     template controls connections
     * @param nowNanos the current time
     * @return the template's entry id, or {@link #MISSING} when refused (counted)
     * @throws IllegalStateException when called from an eviction notification
     */
    public int insertTemplate(ConnectionSpec spec, long timeoutNanos, long nowNanos) {
        checkNotNotifying();
        if (!isValidAddressing(spec) || timeoutNanos < 0 || (timeoutNanos >> tickShift) >= MAX_TIMEOUT_TICKS) {
            invalidRequestCount++;
            return MISSING;
        }
        observe(nowNanos);
        fillKeys(spec, DR);
        long hash = index.hash(inKey, FlowIndex.KIND_TEMPLATE);
        replaceHolder(index.find(inKey, hash, FlowIndex.MASK_TEMPLATE), nowNanos);
        boolean ipv6 = spec.family == AddressFamily.IPV6;
        if (ipv6 && ipv6FreeCount == 0) {
            refusedIpv6Count++;
            return MISSING;
        }
        int id = allocate(nowNanos);
        if (id == MISSING) {
            refusedFullCount++;
            return MISSING;
        }
        int b = base(id);
        int flags = spec.protocol | (spec.forwarding.ordinal() << FORWARDING_SHIFT) | LIVE | TEMPLATE;
        flags |= writeAddresses(b, spec, ipv6, true);
        words[b + META] = pack(spec.destId, flags);
        words[b + SESSION] = timeoutNanos;
        int deadline = deadlineTick(nowNanos, timeoutNanos);
        words[b + TIME] = pack(deadline, (int) tickOf(nowNanos));
        words[b + CONTROL] = pack(NIL, 0);
        index.add(hash, id, FlowIndex.KIND_TEMPLATE);
        file(id, deadline);
        size++;
        insertedCount++;
        accounting.adjust(spec.destId, 0, 0, 1);
        return id;
    }

    private void replaceHolder(int hit, long nowNanos) {
        if (hit >= 0) {
            evict(hit >>> 2, EvictionReason.REPLACED, nowNanos);
        }
    }

    private int allocate(long nowNanos) {
        if (freeCount == 0) {
            int victim = embryonic.pollOldest();
            if (victim == MISSING) {
                return MISSING;
            }
            evict(victim, EvictionReason.CAPACITY, nowNanos);
        }
        return freeIds[--freeCount];
    }

    private void fillKeys(ConnectionSpec spec, int forwarding) {
        FlowKey in = inKey;
        in.family = spec.family;
        in.protocol = spec.protocol;
        System.arraycopy(spec.client, 0, in.source, 0, 4);
        System.arraycopy(spec.virtual, 0, in.destination, 0, 4);
        in.sourcePort = spec.clientPort;
        in.destinationPort = spec.virtualPort;
        if (hasReplyKey(forwarding)) {
            FlowKey out = outKey;
            out.family = spec.family;
            out.protocol = spec.protocol;
            System.arraycopy(spec.destination, 0, out.source, 0, 4);
            out.sourcePort = spec.destinationPort;
            if (forwarding == NAT) {
                System.arraycopy(spec.client, 0, out.destination, 0, 4);
                out.destinationPort = spec.clientPort;
            } else {
                System.arraycopy(spec.local, 0, out.destination, 0, 4);
                out.destinationPort = spec.localPort;
            }
        }
    }

    /**
     * Writes words 0..2 (and the IPv6 side record) from the spec; the local side is the client for NAT,
     * the spec's local side for FULLNAT and 0 otherwise and for templates. Returns the IPV6 flag or 0.
     */
    private int writeAddresses(int b, ConnectionSpec spec, boolean ipv6, boolean template) {
        int forwarding = template ? DR : spec.forwarding.ordinal();
        int localPort = forwarding == NAT ? spec.clientPort : forwarding == FULLNAT ? spec.localPort : 0;
        words[b + PORTS] = ((long) spec.clientPort << 48) | ((long) spec.virtualPort << 32)
                | ((long) spec.destinationPort << 16) | localPort;
        int[] local = forwarding == NAT ? spec.client : forwarding == FULLNAT ? spec.local : null;
        if (!ipv6) {
            words[b + ADDRESSES] = pack(spec.client[0], spec.virtual[0]);
            words[b + REPLY_ADDRESSES] = pack(spec.destination[0], local == null ? 0 : local[0]);
            return 0;
        }
        int record = ipv6Free[--ipv6FreeCount];
        int v = record * IPV6_WORDS;
        System.arraycopy(spec.client, 0, ipv6Words, v + IPV6_CLIENT, 4);
        System.arraycopy(spec.virtual, 0, ipv6Words, v + IPV6_VIRTUAL, 4);
        System.arraycopy(spec.destination, 0, ipv6Words, v + IPV6_DESTINATION, 4);
        if (local == null) {
            java.util.Arrays.fill(ipv6Words, v + IPV6_LOCAL, v + IPV6_LOCAL + 4, 0);
        } else {
            System.arraycopy(local, 0, ipv6Words, v + IPV6_LOCAL, 4);
        }
        words[b + ADDRESSES] = pack(0, record);
        words[b + REPLY_ADDRESSES] = 0;
        return IPV6;
    }

    private boolean isValidAddressing(ConnectionSpec spec) {
        return (spec.family == AddressFamily.IPV4 || spec.family == AddressFamily.IPV6) && spec.forwarding != null;
    }

    private boolean isValid(ConnectionSpec spec) {
        return isValidAddressing(spec) && spec.profileId >= 0 && spec.profileId < MAX_PROFILES;
    }

    private boolean isControlTarget(int templateId) {
        if (templateId == MISSING) {
            return true;
        }
        return templateId >= 0 && templateId < capacity
                && ((int) words[base(templateId) + META] & (LIVE | TEMPLATE)) == (LIVE | TEMPLATE);
    }

    private static boolean hasReplyKey(int forwarding) {
        return forwarding == NAT || forwarding == FULLNAT;
    }

    // ------------------------------------------------------------------------------------------ packets

    /**
     * Accounts one packet of a connection: runs the TCP state machine (or counts a datagram), updates the
     * active/inactive accounting and sets the deadline to {@code now + timeout(new state)}. DR and
     * TUNNEL entries use the INPUT-ONLY table until a packet in the OUTPUT direction is seen (IPVS
     * {@code IP_VS_CONN_F_NOOUTPUT}). Cheap: the wheel links move only when the new deadline is earlier
     * than the old one.
     *
     * @param entryId a live connection
     * @param direction {@link FlowDirection#INPUT} or {@link FlowDirection#OUTPUT}
     * @param tcpFlags the TCP flag byte ({@link TcpFlags}); ignored for other protocols
     * @param nowNanos the current time
     * @return the new state code ({@link TcpState#code()} for TCP), or {@link #MISSING} for a dead id,
     *     a template or an invalid direction (counted)
     * @throws IllegalStateException when called from an eviction notification
     */
    public int packet(int entryId, int direction, int tcpFlags, long nowNanos) {
        checkNotNotifying();
        if (!isLiveConnection(entryId) || (direction != FlowDirection.INPUT && direction != FlowDirection.OUTPUT)) {
            invalidRequestCount++;
            return MISSING;
        }
        observe(nowNanos);
        int b = base(entryId);
        int meta = (int) words[b + META];
        int protocol = meta & PROTOCOL_MASK;
        int state = (meta >>> STATE_SHIFT) & STATE_MASK;
        int next;
        if (protocol == IpProtocol.TCP) {
            int tableDirection = direction;
            if ((meta & NO_OUTPUT) != 0) {
                if (direction == FlowDirection.OUTPUT) {
                    meta &= ~NO_OUTPUT;
                } else {
                    tableDirection = FlowDirection.INPUT_ONLY;
                }
            }
            next = stateMachine.next(state, tableDirection, tcpFlags);
        } else {
            next = state >= DATAGRAM_FLOWING ? state : state + 1;
        }
        moveTo(entryId, meta, next, nowNanos);
        return next;
    }

    /**
     * Forces a TCP connection into a state, with accounting and the state's timeout, as IPVS
     * {@code ip_vs_tcp_conn_listen} does for LISTEN; the proxy data plane uses it to mirror its sockets.
     *
     * @param entryId a live TCP connection
     * @param state the new state
     * @param nowNanos the current time
     * @return {@code false} when the id is not a live TCP connection (counted)
     * @throws IllegalStateException when called from an eviction notification
     */
    public boolean setTcpState(int entryId, TcpState state, long nowNanos) {
        checkNotNotifying();
        if (!isLiveConnection(entryId) || protocol(entryId) != IpProtocol.TCP) {
            invalidRequestCount++;
            return false;
        }
        observe(nowNanos);
        moveTo(entryId, (int) words[base(entryId) + META], state.code(), nowNanos);
        return true;
    }

    /**
     * Marks a connection closed by the proxy data plane: TCP moves to CLOSE, other protocols to their
     * closed state; both get the TCP CLOSE timeout and expire with {@link EvictionReason#CLOSED}.
     *
     * @param entryId a live connection
     * @param nowNanos the current time
     * @return {@code false} when the id is not a live connection (counted)
     * @throws IllegalStateException when called from an eviction notification
     */
    public boolean close(int entryId, long nowNanos) {
        checkNotNotifying();
        if (!isLiveConnection(entryId)) {
            invalidRequestCount++;
            return false;
        }
        observe(nowNanos);
        int meta = (int) words[base(entryId) + META];
        moveTo(entryId, meta, (meta & PROTOCOL_MASK) == IpProtocol.TCP ? TCP_CLOSE : DATAGRAM_CLOSED, nowNanos);
        return true;
    }

    /**
     * Restarts an entry's timeout without a state change: a connection gets its state's timeout, a
     * template its persistence timeout (IPVS re-arms a template each time it schedules a connection).
     *
     * @param entryId a live entry
     * @param nowNanos the current time
     * @return {@code false} when the id is not live (counted)
     * @throws IllegalStateException when called from an eviction notification
     */
    public boolean touch(int entryId, long nowNanos) {
        checkNotNotifying();
        if (!isLive(entryId)) {
            invalidRequestCount++;
            return false;
        }
        observe(nowNanos);
        rearm(entryId, deadlineTick(nowNanos, timeoutNanos(entryId)));
        return true;
    }

    private void moveTo(int entryId, int meta, int next, long nowNanos) {
        int b = base(entryId);
        int destId = high(words[b + META]);
        int protocol = meta & PROTOCOL_MASK;
        int state = (meta >>> STATE_SHIFT) & STATE_MASK;
        if (next != state) {
            boolean active = protocol == IpProtocol.TCP && next == TCP_ESTABLISHED;
            if (active != ((meta & ACTIVE) != 0)) {
                meta ^= ACTIVE;
                accounting.adjust(destId, active ? 1 : -1, active ? -1 : 1, 0);
            }
            meta = (meta & ~(STATE_MASK << STATE_SHIFT)) | (next << STATE_SHIFT);
            words[b + META] = pack(destId, meta);
            boolean wasEmbryonic = isEmbryonicState(protocol, state);
            boolean nowEmbryonic = isEmbryonicState(protocol, next);
            if (wasEmbryonic && !nowEmbryonic) {
                words[b + CONTROL] = pack(high(words[b + CONTROL]), NIL);
            } else if (!wasEmbryonic && nowEmbryonic) {
                embryonic.push(entryId);
            }
        } else {
            words[b + META] = pack(destId, meta);
        }
        long timeout = profiles[(meta >>> PROFILE_SHIFT) & PROFILE_MASK].timeoutNanos(protocol, next);
        rearm(entryId, deadlineTick(nowNanos, timeout));
    }

    private static boolean isEmbryonicState(int protocol, int state) {
        if (protocol == IpProtocol.TCP) {
            return TcpState.isEmbryonicCode(state);
        }
        return state <= DATAGRAM_ONE_PACKET;
    }

    /** Writes a new deadline; re-files the entry only when the deadline moved earlier. */
    private void rearm(int entryId, int deadline) {
        int at = base(entryId) + TIME;
        long time = words[at];
        int old = high(time);
        words[at] = pack(deadline, low(time));
        if (deadline - old < 0) {
            wheel.unlink(entryId);
            file(entryId, deadline);
        }
    }

    /** Files an entry in the wheel slot of its deadline, or of the next unprocessed tick if that is later. */
    private void file(int entryId, int deadline) {
        long fileTick = cursorTick + Math.max(0, deadline - (int) cursorTick);
        wheel.link(entryId, wheel.slotOf(fileTick));
    }

    /**
     * Tells whether a packet that opens a new TCP connection may replace this entry (IPVS
     * {@code conn_reuse_mode} with {@code is_new_conn} and {@code is_new_conn_expected}): the packet
     * carries SYN, the entry is a TCP connection not controlled by a template, and it is in TIME_WAIT or
     * CLOSE, or (when {@code finWaitReusable}, IPVS {@code conn_reuse_mode & 2}) in FIN_WAIT on a DR or
     * TUNNEL entry that never saw a reply. The engine then removes the entry with
     * {@link EvictionReason#RESCHEDULED} and schedules the packet afresh.
     *
     * @param entryId the entry the packet matched
     * @param tcpFlags the packet's TCP flag byte
     * @param finWaitReusable whether FIN_WAIT entries without replies may be reused
     * @return {@code true} when the entry may be replaced
     */
    public boolean isReusableForNewConnection(int entryId, int tcpFlags, boolean finWaitReusable) {
        if (!isLiveConnection(entryId) || (tcpFlags & TcpFlags.SYN) == 0) {
            return false;
        }
        int b = base(entryId);
        int meta = (int) words[b + META];
        if ((meta & PROTOCOL_MASK) != IpProtocol.TCP || high(words[b + CONTROL]) != NIL) {
            return false;
        }
        int state = (meta >>> STATE_SHIFT) & STATE_MASK;
        return state == TCP_TIME_WAIT || state == TCP_CLOSE
                || (finWaitReusable && state == TCP_FIN_WAIT && (meta & NO_OUTPUT) != 0);
    }

    // ------------------------------------------------------------------------------------------ expiry

    /**
     * Expires due entries: walks the timing-wheel slots of the ticks up to {@code nowNanos}, removes
     * entries whose deadline has passed ({@link EvictionReason#CLOSED} in TCP CLOSE or TIME_WAIT or a
     * closed datagram state, {@link EvictionReason#EXPIRED} otherwise), re-arms templates that still
     * control connections, and re-files entries whose deadline moved later. Call it from the worker
     * loop; work left by the limit is continued by the next call.
     *
     * @param nowNanos the current time
     * @param limit the most entries to look at in this call (removed, re-armed or re-filed); &lt;= 0
     *     does nothing
     * @return the number of entries removed
     * @throws IllegalStateException when called from an eviction notification
     */
    public int expire(long nowNanos, int limit) {
        checkNotNotifying();
        if (limit <= 0) {
            return 0;
        }
        observe(nowNanos);
        long nowTick = tickOf(nowNanos);
        int nowTick32 = (int) nowTick;
        if (nowTick - cursorTick >= wheel.slots()) {
            cursorTick = nowTick - wheel.slots() + 1;
        }
        int examined = 0;
        int removed = 0;
        while (true) {
            int entryId = wheel.pendingHead();
            if (entryId == NIL) {
                if (cursorTick > nowTick) {
                    return removed;
                }
                wheel.detachToPending(wheel.slotOf(cursorTick));
                cursorTick++;
                continue;
            }
            if (examined == limit) {
                return removed;
            }
            examined++;
            wheel.unlink(entryId);
            int b = base(entryId);
            int deadline = high(words[b + TIME]);
            if (deadline - nowTick32 > 0) {
                file(entryId, deadline);
                continue;
            }
            int meta = (int) words[b + META];
            if ((meta & TEMPLATE) != 0 && low(words[b + CONTROL]) > 0) {
                int rearmed = deadlineTick(nowNanos, words[b + SESSION]);
                words[b + TIME] = pack(rearmed, low(words[b + TIME]));
                file(entryId, rearmed);
                continue;
            }
            removed++;
            evict(entryId, expiryReason(meta), nowNanos);
        }
    }

    private static EvictionReason expiryReason(int meta) {
        if ((meta & TEMPLATE) != 0) {
            return EvictionReason.EXPIRED;
        }
        int state = (meta >>> STATE_SHIFT) & STATE_MASK;
        if ((meta & PROTOCOL_MASK) == IpProtocol.TCP) {
            return state == TCP_CLOSE || state == TCP_TIME_WAIT ? EvictionReason.CLOSED : EvictionReason.EXPIRED;
        }
        return state == DATAGRAM_CLOSED ? EvictionReason.CLOSED : EvictionReason.EXPIRED;
    }

    // ------------------------------------------------------------------------------------------ removal

    /**
     * Removes one entry with a reason chosen by the engine ({@link EvictionReason#REPLACED},
     * {@link EvictionReason#RESCHEDULED}, {@link EvictionReason#DEST_REMOVED},
     * {@link EvictionReason#DEST_QUIESCED}, ...), notifying the sink first.
     *
     * @param entryId a live entry
     * @param reason why
     * @param nowNanos the current time
     * @return {@code false} when the id is not live (nothing happens)
     * @throws IllegalStateException when called from an eviction notification
     */
    public boolean remove(int entryId, EvictionReason reason, long nowNanos) {
        checkNotNotifying();
        if (!isLive(entryId)) {
            return false;
        }
        observe(nowNanos);
        evict(entryId, reason, nowNanos);
        return true;
    }

    /**
     * Removes every entry ({@code ipvsadm --flush}-like). O(capacity).
     *
     * @param reason normally {@link EvictionReason#FLUSHED}
     * @param nowNanos the current time
     * @return the number of entries removed
     * @throws IllegalStateException when called from an eviction notification
     */
    public int flushAll(EvictionReason reason, long nowNanos) {
        checkNotNotifying();
        observe(nowNanos);
        int removed = 0;
        for (int id = 0; id < capacity; id++) {
            if (isLive(id)) {
                evict(id, reason, nowNanos);
                removed++;
            }
        }
        return removed;
    }

    /**
     * Removes every entry (connections and templates) of one destination. O(capacity).
     *
     * @param destId the destination id
     * @param reason normally {@link EvictionReason#DEST_REMOVED} or {@link EvictionReason#DEST_QUIESCED}
     * @param nowNanos the current time
     * @return the number of entries removed
     * @throws IllegalStateException when called from an eviction notification
     */
    public int flushDestination(int destId, EvictionReason reason, long nowNanos) {
        checkNotNotifying();
        observe(nowNanos);
        int removed = 0;
        for (int id = 0; id < capacity; id++) {
            if (isLive(id) && high(words[base(id) + META]) == destId) {
                evict(id, reason, nowNanos);
                removed++;
            }
        }
        return removed;
    }

    /**
     * Removes every entry whose destination the {@link DestinationResolver} maps to a service
     * (compared by identity). O(capacity).
     *
     * @param service the service
     * @param reason normally {@link EvictionReason#FLUSHED}
     * @param nowNanos the current time
     * @return the number of entries removed
     * @throws IllegalStateException when called from an eviction notification
     */
    public int flushService(ServiceView service, EvictionReason reason, long nowNanos) {
        checkNotNotifying();
        observe(nowNanos);
        int removed = 0;
        for (int id = 0; id < capacity; id++) {
            if (isLive(id) && resolver.service(high(words[base(id) + META])) == service) {
                evict(id, reason, nowNanos);
                removed++;
            }
        }
        return removed;
    }

    /** Notifies the sink, then releases the entry even if the sink throws. */
    private void evict(int entryId, EvictionReason reason, long nowNanos) {
        notifying = true;
        try {
            evictionView.wrap(entryId);
            sink.evicted(evictionView, reason, nowNanos);
        } finally {
            notifying = false;
            evictionCounts[reason.ordinal()]++;
            release(entryId);
        }
    }

    private void release(int entryId) {
        int b = base(entryId);
        long metaWord = words[b + META];
        int meta = (int) metaWord;
        int destId = high(metaWord);
        boolean template = (meta & TEMPLATE) != 0;
        if (template) {
            index.remove(index.hashOfEntry(entryId, FlowIndex.KIND_TEMPLATE), entryId, FlowIndex.KIND_TEMPLATE);
        } else {
            index.remove(index.hashOfEntry(entryId, FlowIndex.KIND_IN), entryId, FlowIndex.KIND_IN);
            if (hasReplyKey((meta >>> FORWARDING_SHIFT) & FORWARDING_MASK)) {
                index.remove(index.hashOfEntry(entryId, FlowIndex.KIND_OUT), entryId, FlowIndex.KIND_OUT);
            }
            if ((meta & SESSION_INDEXED) != 0) {
                sessions.remove(words[b + SESSION], entryId);
            }
        }
        wheel.unlink(entryId);
        size--;
        if (template) {
            accounting.adjust(destId, 0, 0, -1);
            if (low(words[b + CONTROL]) > 0) {
                releaseIpv6(b, meta);
                words[b + META] = pack(destId, (meta & ~(LIVE | IPV6)) | ZOMBIE);
                lingeringTemplates++;
                return;
            }
        } else {
            if ((meta & ACTIVE) != 0) {
                accounting.adjust(destId, -1, 0, 0);
            } else {
                accounting.adjust(destId, 0, -1, 0);
            }
            int controller = high(words[b + CONTROL]);
            if (controller != NIL) {
                addControl(controller, -1);
            }
        }
        free(entryId);
    }

    private void addControl(int templateId, int delta) {
        int at = base(templateId) + CONTROL;
        int count = low(words[at]) + delta;
        words[at] = pack(high(words[at]), count);
        if (count == 0 && ((int) words[base(templateId) + META] & ZOMBIE) != 0) {
            lingeringTemplates--;
            free(templateId);
        }
    }

    private void releaseIpv6(int b, int meta) {
        if ((meta & IPV6) != 0) {
            ipv6Free[ipv6FreeCount++] = low(words[b + ADDRESSES]);
        }
    }

    private void free(int entryId) {
        int b = base(entryId);
        releaseIpv6(b, (int) words[b + META]);
        for (int w = 0; w < WORDS; w++) {
            words[b + w] = 0;
        }
        words[b + WHEEL] = pack(NIL, NIL);
        words[b + CONTROL] = pack(NIL, NIL);
        freeIds[freeCount++] = entryId;
    }

    // ------------------------------------------------------------------------------------------ time

    private void observe(long nowNanos) {
        long tick = tickOf(nowNanos);
        if (!clockStarted) {
            clockStarted = true;
            cursorTick = tick;
            observedTick = tick;
        } else if (tick > observedTick) {
            observedTick = tick;
        }
    }

    private long tickOf(long nanos) {
        return nanos >> tickShift;
    }

    /**
     * Defines or replaces a timeout profile (per-service timeouts, or {@code ipvsadm --set} for id 0).
     * Entries that name the id take the new timeouts from their next packet on; deadlines already
     * set are kept. Ids never defined behave as profile 0 as configured at construction.
     *
     * @param id 0..{@value #MAX_PROFILES}-1
     * @param profile the timeouts
     * @throws IllegalArgumentException when the id is out of range or a timeout exceeds what the
     *     timing wheel can hold
     */
    public void setProfile(int id, TimeoutProfile profile) {
        if (id < 0 || id >= MAX_PROFILES) {
            throw new IllegalArgumentException("profile id " + id + " is out of 0.." + (MAX_PROFILES - 1));
        }
        if ((profile.maxNanos() >> tickShift) >= MAX_TIMEOUT_TICKS) {
            throw new IllegalArgumentException("timeout profile " + profile.name() + " exceeds the timing wheel's range");
        }
        profiles[id] = profile;
    }

    /**
     * Returns a timeout profile.
     *
     * @param id 0..{@value #MAX_PROFILES}-1
     * @return the profile
     */
    public TimeoutProfile profile(int id) {
        return profiles[id];
    }

    private int deadlineTick(long nowNanos, long timeoutNanos) {
        return (int) ((nowNanos + timeoutNanos + tickNanos - 1) >> tickShift);
    }

    private long timeoutNanos(int entryId) {
        int b = base(entryId);
        int meta = (int) words[b + META];
        if ((meta & TEMPLATE) != 0) {
            return words[b + SESSION];
        }
        return profiles[(meta >>> PROFILE_SHIFT) & PROFILE_MASK]
                .timeoutNanos(meta & PROTOCOL_MASK, (meta >>> STATE_SHIFT) & STATE_MASK);
    }

    private void checkNotNotifying() {
        if (notifying) {
            throw new IllegalStateException("an EvictionSink must not modify the connection table");
        }
    }

    // ------------------------------------------------------------------------------------------ accessors

    /**
     * Returns the capacity.
     *
     * @return the maximum number of live entries
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Returns the number of live entries (connections and templates, not lingering templates).
     *
     * @return 0..capacity
     */
    public int size() {
        return size;
    }

    /**
     * Returns the number of templates that were removed while they still controlled connections and
     * keep their id until the last of them is gone.
     *
     * @return a non-negative count
     */
    public int lingeringTemplateCount() {
        return lingeringTemplates;
    }

    /**
     * Returns the first live entry id at or after {@code fromId}, to iterate over the table (for
     * listings such as {@code /proc/net/ip_vs_conn}).
     *
     * @param fromId where to start, &gt;= 0
     * @return a live entry id, or {@link #MISSING} when there is none
     */
    public int nextLive(int fromId) {
        for (int id = Math.max(0, fromId); id < capacity; id++) {
            if (isLive(id)) {
                return id;
            }
        }
        return MISSING;
    }

    /**
     * Tells whether an id denotes a live entry.
     *
     * @param entryId any int
     * @return {@code true} for a live connection or template
     */
    public boolean isLive(int entryId) {
        return entryId >= 0 && entryId < capacity && ((int) words[base(entryId) + META] & LIVE) != 0;
    }

    private boolean isLiveConnection(int entryId) {
        return entryId >= 0 && entryId < capacity
                && ((int) words[base(entryId) + META] & (LIVE | TEMPLATE)) == LIVE;
    }

    private int meta(int entryId) {
        return (int) words[base(entryId) + META];
    }

    /**
     * Tells whether an entry is a persistence template.
     *
     * @param entryId a live entry
     * @return {@code true} for a template
     */
    public boolean isTemplate(int entryId) {
        return (meta(entryId) & TEMPLATE) != 0;
    }

    /**
     * Returns the address family.
     *
     * @param entryId a live entry
     * @return {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     */
    public int family(int entryId) {
        return (meta(entryId) & IPV6) != 0 ? AddressFamily.IPV6 : AddressFamily.IPV4;
    }

    /**
     * Returns the protocol.
     *
     * @param entryId a live entry
     * @return the IANA protocol number
     */
    public int protocol(int entryId) {
        return meta(entryId) & PROTOCOL_MASK;
    }

    /**
     * Returns the raw state: a {@link TcpState} code for TCP; for other protocols
     * {@link #DATAGRAM_NEW}, {@link #DATAGRAM_ONE_PACKET}, {@link #DATAGRAM_FLOWING} or
     * {@link #DATAGRAM_CLOSED}.
     *
     * @param entryId a live entry
     * @return the state code
     */
    public int state(int entryId) {
        return (meta(entryId) >>> STATE_SHIFT) & STATE_MASK;
    }

    /**
     * Returns the TCP state of a TCP entry.
     *
     * @param entryId a live TCP entry
     * @return the state; {@code null} for other protocols
     */
    public TcpState tcpState(int entryId) {
        return protocol(entryId) == IpProtocol.TCP ? TcpState.ofCode(state(entryId)) : null;
    }

    /**
     * Returns the state name IPVS prints: the TCP state, or {@code "UDP"}, {@code "ICMP"},
     * {@code "SCTP"} ({@code "IP"} for other protocols).
     *
     * @param entryId a live entry
     * @return the name, a constant
     */
    public String stateName(int entryId) {
        int protocol = protocol(entryId);
        return switch (protocol) {
            case IpProtocol.TCP -> TcpState.ofCode(state(entryId)).printName();
            case IpProtocol.UDP -> "UDP";
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> "ICMP";
            case IpProtocol.SCTP -> "SCTP";
            default -> "IP";
        };
    }

    /**
     * Tells whether a connection counts as active (TCP ESTABLISHED).
     *
     * @param entryId a live entry
     * @return {@code true} when active
     */
    public boolean isActive(int entryId) {
        return (meta(entryId) & ACTIVE) != 0;
    }

    /**
     * Tells whether a connection is embryonic, so that it may be evicted to make room.
     *
     * @param entryId a live entry
     * @return {@code true} for an embryonic connection; {@code false} for templates
     */
    public boolean isEmbryonic(int entryId) {
        int meta = meta(entryId);
        return (meta & TEMPLATE) == 0 && isEmbryonicState(meta & PROTOCOL_MASK, (meta >>> STATE_SHIFT) & STATE_MASK);
    }

    /**
     * Tells whether a connection was opened by the SYN proxy ({@link ConnectionSpec#synProxy}), so
     * that its sequence numbers are translated. Reads the word the destination id is in.
     *
     * @param entryId a live entry
     * @return true for a SYN-proxied connection
     */
    public boolean isSynProxy(int entryId) {
        return ((int) words[base(entryId) + META] & SYNPROXY) != 0;
    }

    /**
     * Returns the forwarding method.
     *
     * @param entryId a live entry
     * @return the method
     */
    public ForwardingMethod forwardingMethod(int entryId) {
        return FORWARDING[(meta(entryId) >>> FORWARDING_SHIFT) & FORWARDING_MASK];
    }

    /**
     * Returns the destination id.
     *
     * @param entryId a live entry
     * @return the id the entry was inserted with
     */
    public int destinationId(int entryId) {
        return high(words[base(entryId) + META]);
    }

    /**
     * Returns the session key of a connection.
     *
     * @param entryId a live entry
     * @return the key; {@link io.jvs.spi.Scheduler#NO_SESSION_KEY} for none and for templates
     */
    public long sessionKey(int entryId) {
        return isTemplate(entryId) ? 0 : words[base(entryId) + SESSION];
    }

    /**
     * Returns the timeout profile index of a connection.
     *
     * @param entryId a live connection
     * @return the index into {@link ConnectionTableConfig#profiles}
     */
    public int profileId(int entryId) {
        return (meta(entryId) >>> PROFILE_SHIFT) & PROFILE_MASK;
    }

    /**
     * Returns the template that controls a connection.
     *
     * @param entryId a live connection
     * @return the template's entry id, or {@link #MISSING}
     */
    public int controllingTemplate(int entryId) {
        return isTemplate(entryId) ? MISSING : high(words[base(entryId) + CONTROL]);
    }

    /**
     * Returns how many connections a template controls.
     *
     * @param entryId a live template
     * @return the count; 0 for connections
     */
    public int controlCount(int entryId) {
        return isTemplate(entryId) ? low(words[base(entryId) + CONTROL]) : 0;
    }

    /**
     * Returns the persistence timeout of a template.
     *
     * @param entryId a live template
     * @return nanoseconds; 0 for connections
     */
    public long templateTimeoutNanos(int entryId) {
        return isTemplate(entryId) ? words[base(entryId) + SESSION] : 0;
    }

    /**
     * Returns the entry's deadline, rounded up to the table's tick.
     *
     * @param entryId a live entry
     * @return nanoseconds on the engine's clock
     */
    public long deadlineNanos(int entryId) {
        int deadline = high(words[base(entryId) + TIME]);
        return (observedTick + (deadline - (int) observedTick)) << tickShift;
    }

    /**
     * Returns when the entry was inserted, rounded down to the table's tick (exact for entries younger
     * than 2^32 ticks).
     *
     * @param entryId a live entry
     * @return nanoseconds on the engine's clock
     */
    public long createdNanos(int entryId) {
        int created = low(words[base(entryId) + TIME]);
        long age = ((int) observedTick - created) & 0xffffffffL;
        return (observedTick - age) << tickShift;
    }

    /**
     * Returns one word of the client address (for a template: the masked client network).
     *
     * @param entryId a live entry
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word, network byte order (0 for index &gt; 0 of an IPv4 entry)
     */
    public int clientAddressWord(int entryId, int index) {
        return addressWord(entryId, index, ADDRESSES, true, IPV6_CLIENT);
    }

    /**
     * Returns one word of the virtual address.
     *
     * @param entryId a live entry
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word, network byte order
     */
    public int virtualAddressWord(int entryId, int index) {
        return addressWord(entryId, index, ADDRESSES, false, IPV6_VIRTUAL);
    }

    /**
     * Returns one word of the destination (real server) address.
     *
     * @param entryId a live entry
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word, network byte order
     */
    public int destinationAddressWord(int entryId, int index) {
        return addressWord(entryId, index, REPLY_ADDRESSES, true, IPV6_DESTINATION);
    }

    /**
     * Returns one word of the local address: the client for NAT, the FULLNAT local address, 0 for DR,
     * TUNNEL and templates.
     *
     * @param entryId a live entry
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word, network byte order
     */
    public int localAddressWord(int entryId, int index) {
        return addressWord(entryId, index, REPLY_ADDRESSES, false, IPV6_LOCAL);
    }

    private int addressWord(int entryId, int index, int word, boolean highHalf, int ipv6Offset) {
        int b = base(entryId);
        if ((meta(entryId) & IPV6) != 0) {
            return ipv6Words[low(words[b + ADDRESSES]) * IPV6_WORDS + ipv6Offset + index];
        }
        if (index != 0) {
            return 0;
        }
        long pair = words[b + word];
        return highHalf ? high(pair) : low(pair);
    }

    /**
     * Returns the client port.
     *
     * @param entryId a live entry
     * @return 0..65535
     */
    public int clientPort(int entryId) {
        return (int) (words[base(entryId) + PORTS] >>> 48);
    }

    /**
     * Returns the virtual port.
     *
     * @param entryId a live entry
     * @return 0..65535
     */
    public int virtualPort(int entryId) {
        return (int) (words[base(entryId) + PORTS] >>> 32) & 0xffff;
    }

    /**
     * Returns the destination port.
     *
     * @param entryId a live entry
     * @return 0..65535
     */
    public int destinationPort(int entryId) {
        return (int) (words[base(entryId) + PORTS] >>> 16) & 0xffff;
    }

    /**
     * Returns the local port: the client port for NAT, the FULLNAT local port, 0 otherwise.
     *
     * @param entryId a live entry
     * @return 0..65535
     */
    public int localPort(int entryId) {
        return (int) words[base(entryId) + PORTS] & 0xffff;
    }

    DestinationResolver resolver() {
        return resolver;
    }

    int embryonicQueued() {
        return embryonic.queued();
    }

    int indexedKeys() {
        return index.size();
    }

    int indexSlots() {
        return index.slotCount();
    }

    int sessionKeys() {
        return sessions.size();
    }

    // ------------------------------------------------------------------------------------------ counters

    /**
     * Returns how many entries were inserted (connections and templates).
     *
     * @return a count since construction
     */
    public long insertedCount() {
        return insertedCount;
    }

    /**
     * Returns how many inserts were refused because the table was full and no embryonic entry could be
     * evicted.
     *
     * @return a count since construction
     */
    public long refusedFullCount() {
        return refusedFullCount;
    }

    /**
     * Returns how many IPv6 inserts were refused because the IPv6 pool was empty.
     *
     * @return a count since construction
     */
    public long refusedIpv6Count() {
        return refusedIpv6Count;
    }

    /**
     * Returns how many keyed inserts were refused because the session index was full.
     *
     * @return a count since construction
     */
    public long refusedSessionCount() {
        return refusedSessionCount;
    }

    /**
     * Returns how many calls were ignored for bad input (dead id, invalid spec or direction).
     *
     * @return a count since construction
     */
    public long invalidRequestCount() {
        return invalidRequestCount;
    }

    /**
     * Returns how many entries were removed with a reason.
     *
     * @param reason the reason
     * @return a count since construction
     */
    public long evictionCount(EvictionReason reason) {
        return evictionCounts[reason.ordinal()];
    }
}
