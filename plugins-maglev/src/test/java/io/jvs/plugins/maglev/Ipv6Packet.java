package io.jvs.plugins.maglev;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.PacketView;
import java.lang.foreign.MemorySegment;

/** An IPv6 TCP packet without payload, which the test kit's IPv4-only {@code FakePacket} cannot express. */
record Ipv6Packet(int[] source, int sourcePort, int[] destination, int destinationPort) implements PacketView {

    @Override
    public int family() {
        return AddressFamily.IPV6;
    }

    @Override
    public int protocol() {
        return IpProtocol.TCP;
    }

    @Override
    public int sourceAddressWord(int index) {
        return source[index];
    }

    @Override
    public int destinationAddressWord(int index) {
        return destination[index];
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
