package io.jvs.testkit;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.DestinationView;
import io.jvs.spi.ForwardingMethod;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * A destination for scheduler tests: its weight, thresholds, counters and flags are plain mutable
 * fields set by the test. Starts available, not overloaded, weight 1, no connections, NAT.
 *
 * <pre>{@code
 * FakeDestination a = FakeDestination.of("10.0.0.1", 80).weight(3);
 * a.overloaded(true);
 * }</pre>
 *
 * <p><b>Threads:</b> the mutable fields are {@code volatile}, as in the engine's destinations, so a
 * test may change them while worker threads schedule; the setters are not atomic with each other.
 */
public final class FakeDestination implements DestinationView {

    private final int family;
    private final int[] addressWords;
    private final int port;
    private final InetSocketAddress socketAddress;
    private final String key;
    private volatile int weight = 1;
    private volatile int upperThreshold;
    private volatile int lowerThreshold;
    private volatile int activeConnections;
    private volatile int inactiveConnections;
    private volatile int persistentConnections;
    private volatile boolean available = true;
    private volatile boolean overloaded;
    private volatile ForwardingMethod forwardingMethod = ForwardingMethod.NAT;

    private FakeDestination(InetAddress address, int port) {
        byte[] bytes = address.getAddress();
        this.family = bytes.length == 4 ? AddressFamily.IPV4 : AddressFamily.IPV6;
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        this.addressWords = new int[bytes.length / 4];
        for (int i = 0; i < addressWords.length; i++) {
            addressWords[i] = buffer.getInt();
        }
        this.port = port;
        this.socketAddress = new InetSocketAddress(address, port);
        this.key = family == AddressFamily.IPV4
                ? address.getHostAddress() + ":" + port
                : "[" + compressedIpv6(addressWords) + "]:" + port;
    }

    /** Formats an IPv6 address as RFC 5952 does: lower case, longest run of two or more zero groups as "::". */
    private static String compressedIpv6(int[] words) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (words[i / 2] >>> (i % 2 == 0 ? 16 : 0)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    /**
     * Creates a destination from a literal address.
     *
     * @param address an IPv4 or IPv6 literal, e.g. {@code "10.0.0.1"} or {@code "2001:db8::7"}
     * @param port 0..65535
     * @return the destination, weight 1, available
     * @throws IllegalArgumentException when the address is not a literal or the port out of range
     */
    public static FakeDestination of(String address, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (!address.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an address literal: " + address);
        }
        try {
            return new FakeDestination(InetAddress.getByName(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + address, e);
        }
    }

    /**
     * Sets the weight; 0 makes the destination quiescent.
     *
     * @param newWeight 0..65535
     * @return this
     */
    public FakeDestination weight(int newWeight) {
        this.weight = newWeight;
        return this;
    }

    /**
     * Sets the connection thresholds.
     *
     * @param upper the upper threshold, 0 for none
     * @param lower the lower threshold, 0 for the default
     * @return this
     */
    public FakeDestination thresholds(int upper, int lower) {
        this.upperThreshold = upper;
        this.lowerThreshold = lower;
        return this;
    }

    /**
     * Sets the connection counters.
     *
     * @param active active connections
     * @param inactive inactive connections
     * @return this
     */
    public FakeDestination connections(int active, int inactive) {
        this.activeConnections = active;
        this.inactiveConnections = inactive;
        return this;
    }

    /**
     * Sets the number of persistence templates pointing here.
     *
     * @param count a non-negative count
     * @return this
     */
    public FakeDestination persistentConnections(int count) {
        this.persistentConnections = count;
        return this;
    }

    /**
     * Marks the destination available (up and a member) or not.
     *
     * @param isAvailable the new state
     * @return this
     */
    public FakeDestination available(boolean isAvailable) {
        this.available = isAvailable;
        return this;
    }

    /**
     * Marks the destination overloaded or not.
     *
     * @param isOverloaded the new state
     * @return this
     */
    public FakeDestination overloaded(boolean isOverloaded) {
        this.overloaded = isOverloaded;
        return this;
    }

    /**
     * Sets the forwarding method.
     *
     * @param method the method
     * @return this
     */
    public FakeDestination forwardingMethod(ForwardingMethod method) {
        this.forwardingMethod = method;
        return this;
    }

    @Override
    public int family() {
        return family;
    }

    @Override
    public int addressWord(int index) {
        return addressWords[index];
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public InetSocketAddress socketAddress() {
        return socketAddress;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public int upperThreshold() {
        return upperThreshold;
    }

    @Override
    public int lowerThreshold() {
        return lowerThreshold;
    }

    @Override
    public int activeConnections() {
        return activeConnections;
    }

    @Override
    public int inactiveConnections() {
        return inactiveConnections;
    }

    @Override
    public int persistentConnections() {
        return persistentConnections;
    }

    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public boolean isOverloaded() {
        return overloaded;
    }

    @Override
    public ForwardingMethod forwardingMethod() {
        return forwardingMethod;
    }

    /**
     * Returns the key, for readable assertion messages.
     *
     * @return {@link #key()}
     */
    @Override
    public String toString() {
        return key;
    }
}
