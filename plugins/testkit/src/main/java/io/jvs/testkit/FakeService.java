package io.jvs.testkit;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.ServiceView;
import java.util.ArrayList;
import java.util.List;

/**
 * A virtual service for scheduler tests. Adding or removing a destination publishes a new immutable
 * {@link DestinationList}, as the engine does; the test then calls the matching scheduler hook
 * itself, which keeps the order of events explicit in the test.
 *
 * <pre>{@code
 * FakeService service = FakeService.tcp("203.0.113.1", 80);
 * FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80));
 * Scheduler scheduler = factory.create(FakeSchedulerContext.of(service));
 * }</pre>
 *
 * <p><b>Not thread-safe:</b> meant for single-threaded unit tests.
 */
public final class FakeService implements ServiceView {

    private final String name;
    private final int virtualAddress;
    private final int protocol;
    private final int virtualPort;
    private final int firewallMark;
    private boolean persistent;
    private volatile Snapshot destinations = new Snapshot(List.of());

    private FakeService(String name, String virtualAddress, int protocol, int virtualPort, int firewallMark) {
        this.name = name;
        this.virtualAddress = FakePacket.ipv4Word(virtualAddress);
        this.protocol = protocol;
        this.virtualPort = virtualPort;
        this.firewallMark = firewallMark;
    }

    /**
     * Creates a TCP service on an IPv4 virtual address.
     *
     * @param virtualAddress an IPv4 literal
     * @param port the virtual port
     * @return a service without destinations
     */
    public static FakeService tcp(String virtualAddress, int port) {
        return new FakeService("TCP " + virtualAddress + ":" + port, virtualAddress, IpProtocol.TCP, port, 0);
    }

    /**
     * Creates a UDP service on an IPv4 virtual address.
     *
     * @param virtualAddress an IPv4 literal
     * @param port the virtual port
     * @return a service without destinations
     */
    public static FakeService udp(String virtualAddress, int port) {
        return new FakeService("UDP " + virtualAddress + ":" + port, virtualAddress, IpProtocol.UDP, port, 0);
    }

    /**
     * Adds destinations at the end of the list and publishes a new snapshot.
     *
     * @param added the destinations
     * @return the first one, for {@code var a = service.add(...)}
     */
    public FakeDestination add(FakeDestination... added) {
        List<DestinationView> next = new ArrayList<>(destinations.items);
        next.addAll(List.of(added));
        destinations = new Snapshot(List.copyOf(next));
        return added[0];
    }

    /**
     * Removes a destination, marks it unavailable (as the engine does) and publishes a new snapshot.
     *
     * @param removed the destination
     * @throws IllegalArgumentException when it is not a member
     */
    public void remove(FakeDestination removed) {
        List<DestinationView> next = new ArrayList<>(destinations.items);
        if (!next.remove(removed)) {
            throw new IllegalArgumentException("not a destination of " + name + ": " + removed);
        }
        removed.available(false);
        destinations = new Snapshot(List.copyOf(next));
    }

    /**
     * Turns persistence on or off.
     *
     * @param isPersistent the new setting
     * @return this
     */
    public FakeService persistent(boolean isPersistent) {
        this.persistent = isPersistent;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int family() {
        return AddressFamily.IPV4;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public int virtualAddressWord(int index) {
        FakePacket.checkWord(index);
        return virtualAddress;
    }

    @Override
    public int virtualPort() {
        return virtualPort;
    }

    @Override
    public int firewallMark() {
        return firewallMark;
    }

    @Override
    public boolean isPersistent() {
        return persistent;
    }

    @Override
    public DestinationList destinations() {
        return destinations;
    }

    @Override
    public String toString() {
        return name;
    }

    private record Snapshot(List<DestinationView> items) implements DestinationList {
        @Override
        public int size() {
            return items.size();
        }

        @Override
        public DestinationView get(int index) {
            return items.get(index);
        }
    }
}
