package io.jvs.bench.maglev;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.PacketView;
import java.lang.foreign.MemorySegment;

/**
 * A reusable IPv4 packet view without payload whose 5-tuple is set before each decision, as the
 * engine reuses one flyweight per worker: the fields a scheduler reads are in the L1 cache, as they
 * are right after parsing.
 */
final class FlowPacket implements PacketView {

    private int protocol;
    private int sourceAddress;
    private int sourcePort;
    private int destinationAddress;
    private int destinationPort;

    /** Creates a view of no flow yet; call {@link #set} first. */
    FlowPacket() {
    }

    /**
     * Points the view at another flow.
     *
     * @param newProtocol IANA protocol number
     * @param newSourceAddress source IPv4 address, big-endian word
     * @param newSourcePort source port
     * @param newDestinationAddress destination IPv4 address, big-endian word
     * @param newDestinationPort destination port
     */
    void set(int newProtocol, int newSourceAddress, int newSourcePort, int newDestinationAddress,
            int newDestinationPort) {
        this.protocol = newProtocol;
        this.sourceAddress = newSourceAddress;
        this.sourcePort = newSourcePort;
        this.destinationAddress = newDestinationAddress;
        this.destinationPort = newDestinationPort;
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
    public int sourceAddressWord(int index) {
        return sourceAddress;
    }

    @Override
    public int destinationAddressWord(int index) {
        return destinationAddress;
    }

    @Override
    public int sourcePort() {
        return sourcePort;
    }

    @Override
    public int destinationPort() {
        return destinationPort;
    }

    @Override
    public int firewallMark() {
        return 0;
    }

    @Override
    public int payloadLength() {
        return 0;
    }

    @Override
    public byte payloadByte(int index) {
        throw new IndexOutOfBoundsException(index);
    }

    @Override
    public MemorySegment payloadSegment() {
        return MemorySegment.NULL;
    }

    @Override
    public long payloadOffset() {
        return 0;
    }
}
