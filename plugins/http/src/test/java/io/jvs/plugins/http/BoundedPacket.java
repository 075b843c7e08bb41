package io.jvs.plugins.http;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.PacketView;
import java.lang.foreign.MemorySegment;

/**
 * A reusable test packet whose payload refuses to be read at or beyond a bound (an
 * {@link AssertionError}, which the classifier does not catch) and remembers the highest index read:
 * the proof that the classifier honours {@code max-bytes}. The segment accessors fail too, so every
 * read must go through {@link #payloadByte}.
 */
final class BoundedPacket implements PacketView {

    private byte[] payload = new byte[0];
    private int length;
    private int bound;
    int highestRead = -1;

    /** Sets the payload: {@code length} bytes of {@code bytes}, readable below {@code readBound}. */
    BoundedPacket set(byte[] bytes, int bytesLength, int readBound) {
        this.payload = bytes;
        this.length = bytesLength;
        this.bound = readBound;
        this.highestRead = -1;
        return this;
    }

    @Override
    public int family() {
        return AddressFamily.IPV4;
    }

    @Override
    public int protocol() {
        return IpProtocol.TCP;
    }

    @Override
    public int sourceAddressWord(int index) {
        return 0xC0000209;
    }

    @Override
    public int destinationAddressWord(int index) {
        return 0xCB007101;
    }

    @Override
    public int sourcePort() {
        return 40000;
    }

    @Override
    public int destinationPort() {
        return 80;
    }

    @Override
    public int firewallMark() {
        return 0;
    }

    @Override
    public int payloadLength() {
        return length;
    }

    @Override
    public byte payloadByte(int index) {
        if (index < 0 || index >= length || index >= bound) {
            throw new AssertionError("read of payload byte " + index + "; length " + length + ", bound " + bound);
        }
        highestRead = Math.max(highestRead, index);
        return payload[index];
    }

    @Override
    public MemorySegment payloadSegment() {
        throw new AssertionError("the classifier reads through payloadByte only");
    }

    @Override
    public long payloadOffset() {
        throw new AssertionError("the classifier reads through payloadByte only");
    }
}
