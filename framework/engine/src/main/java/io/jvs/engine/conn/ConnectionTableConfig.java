package io.jvs.engine.conn;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The settings of one {@link ConnectionTable}, validated once by the table's constructor. Every
 * setting has a named default whose Javadoc gives the trade-off.
 *
 * <p><b>Not thread-safe:</b> build it on one thread, then hand it to the table.
 */
public final class ConnectionTableConfig {

    /**
     * Default IPv6 side-record pool, as a fraction of the capacity: one quarter. Each IPv6 entry
     * needs a 64-byte side record for its four 128-bit addresses; a larger pool costs 64 bytes per
     * slot up front, a smaller one refuses IPv6 inserts earlier.
     */
    public static final int IPV6_SHARE_DIVISOR_DEFAULT = 4;

    /**
     * Default session-key capacity, as a fraction of the capacity: one quarter. The session index
     * costs 16 bytes per slot at a load of at most one half; only payload-hashing schedulers set keys.
     */
    public static final int SESSION_SHARE_DIVISOR_DEFAULT = 4;

    /**
     * Default tick: 2^23 ns (8.39 ms), the resolution of deadlines and of the timing wheel. A shorter
     * tick expires entries more precisely but visits more wheel slots; 32-bit deadlines hold timeouts
     * up to 2^30 ticks (104 days at this tick) and creation times up to 2^32 ticks back (417 days).
     */
    public static final int TICK_SHIFT_DEFAULT = 23;

    /**
     * Default number of timing-wheel slots: 65536 (one lap = 550 s at the default tick). An entry whose
     * deadline lies more than one lap ahead is looked at once per lap and put back.
     */
    public static final int WHEEL_SLOTS_DEFAULT = 1 << 16;

    private final int capacity;
    private int ipv6Capacity;
    private int sessionCapacity;
    private int tickShift = TICK_SHIFT_DEFAULT;
    private int wheelSlots = WHEEL_SLOTS_DEFAULT;
    private long seed = new SplittableRandom().nextLong();
    private TcpStateMachine stateMachine = TcpStateMachine.STANDARD;
    private List<TimeoutProfile> profiles = List.of(TimeoutProfile.ipvs());

    /**
     * Starts a config.
     *
     * @param capacity the maximum number of live entries, 1..{@link ConnectionTable#MAX_CAPACITY}
     */
    public ConnectionTableConfig(int capacity) {
        this.capacity = capacity;
        this.ipv6Capacity = Math.max(1, capacity / IPV6_SHARE_DIVISOR_DEFAULT);
        this.sessionCapacity = Math.max(1, capacity / SESSION_SHARE_DIVISOR_DEFAULT);
    }

    /**
     * Sets how many IPv6 entries may be live at once; further IPv6 inserts are refused and counted.
     *
     * @param value 0..capacity, below 2^27
     * @return this config
     */
    public ConnectionTableConfig ipv6Capacity(int value) {
        this.ipv6Capacity = value;
        return this;
    }

    /**
     * Sets how many session-keyed entries may be live at once; further keyed inserts are refused and
     * counted.
     *
     * @param value 0..capacity
     * @return this config
     */
    public ConnectionTableConfig sessionCapacity(int value) {
        this.sessionCapacity = value;
        return this;
    }

    /**
     * Sets the tick as a power of two of nanoseconds.
     *
     * @param shift 10 (1 µs) .. 30 (1.07 s)
     * @return this config
     */
    public ConnectionTableConfig tickShift(int shift) {
        this.tickShift = shift;
        return this;
    }

    /**
     * Sets the number of timing-wheel slots.
     *
     * @param slots a power of two, 16 .. 2^24
     * @return this config
     */
    public ConnectionTableConfig wheelSlots(int slots) {
        this.wheelSlots = slots;
        return this;
    }

    /**
     * Sets the hash seed. The default is random per table, which keeps probe chains unpredictable to
     * clients; tests set it to be reproducible.
     *
     * @param value any value
     * @return this config
     */
    public ConnectionTableConfig seed(long value) {
        this.seed = value;
        return this;
    }

    /**
     * Selects the TCP state table: {@link TcpStateMachine#STANDARD} (default) or
     * {@link TcpStateMachine#SECURE} (IPVS {@code secure_tcp}).
     *
     * @param machine the table
     * @return this config
     */
    public ConnectionTableConfig stateMachine(TcpStateMachine machine) {
        this.stateMachine = machine;
        return this;
    }

    /**
     * Sets the timeout profiles; an entry names one by its index ({@link ConnectionSpec#profile}).
     * Default: one profile, {@link TimeoutProfile#ipvs()}.
     *
     * @param list 1..256 profiles
     * @return this config
     */
    public ConnectionTableConfig profiles(List<TimeoutProfile> list) {
        this.profiles = List.copyOf(list);
        return this;
    }

    /**
     * Returns the capacity.
     *
     * @return the maximum number of live entries
     */
    public int capacity() {
        return capacity;
    }

    int ipv6Capacity() {
        return ipv6Capacity;
    }

    int sessionCapacity() {
        return sessionCapacity;
    }

    int tickShift() {
        return tickShift;
    }

    int wheelSlots() {
        return wheelSlots;
    }

    long seed() {
        return seed;
    }

    TcpStateMachine stateMachine() {
        return stateMachine;
    }

    List<TimeoutProfile> profiles() {
        return profiles;
    }

    void validate() {
        require(capacity >= 1 && capacity <= ConnectionTable.MAX_CAPACITY,
                "capacity must be 1.." + ConnectionTable.MAX_CAPACITY + ", got " + capacity);
        require(ipv6Capacity >= 0 && ipv6Capacity <= capacity && ipv6Capacity < ConnectionTable.MAX_CAPACITY,
                "ipv6Capacity must be 0..min(capacity, 2^27 - 1), got " + ipv6Capacity);
        require(sessionCapacity >= 0 && sessionCapacity <= capacity,
                "sessionCapacity must be 0..capacity, got " + sessionCapacity);
        require(tickShift >= 10 && tickShift <= 30, "tickShift must be 10..30, got " + tickShift);
        require(wheelSlots >= 16 && wheelSlots <= (1 << 24) && Integer.bitCount(wheelSlots) == 1,
                "wheelSlots must be a power of two in 16..2^24, got " + wheelSlots);
        require(stateMachine != null, "stateMachine must not be null");
        require(!profiles.isEmpty() && profiles.size() <= 256,
                "profiles must hold 1..256 entries, got " + profiles.size());
        for (TimeoutProfile profile : profiles) {
            require((profile.maxNanos() >> tickShift) < ConnectionTable.MAX_TIMEOUT_TICKS,
                    "profile " + profile.name() + " has a timeout beyond 2^30 ticks");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
