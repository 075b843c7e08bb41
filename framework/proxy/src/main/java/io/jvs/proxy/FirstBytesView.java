package io.jvs.proxy;

import io.jvs.spi.PacketView;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@link PacketView} the proxy hands to schedulers for a new flow: the client's and the virtual
 * address and port, and the first bytes of the stream (TCP, as many as the scheduler asked for and the
 * client sent in time) or the first datagram (UDP). One instance per event loop, refilled for every
 * new flow; valid only during the scheduling call.
 */
final class FirstBytesView implements PacketView {

    private static final MemorySegment NO_PAYLOAD = MemorySegment.ofArray(new byte[0]);

    int family;
    int protocol;
    final int[] source = new int[4];
    final int[] destination = new int[4];
    int sourcePort;
    int destinationPort;
    private MemorySegment segment = NO_PAYLOAD;
    private long offset;
    private int length;

    /** Points the payload at {@code length} bytes of {@code memory} from {@code from}. */
    void payload(MemorySegment memory, long from, int bytes) {
        this.segment = memory;
        this.offset = from;
        this.length = bytes;
    }

    /** Sets an empty payload. */
    void noPayload() {
        payload(NO_PAYLOAD, 0, 0);
    }

    @Override
    public int family() {
        return family;
    }

    @Override
    public int protocol() {
        return protocol;
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
        return length;
    }

    @Override
    public byte payloadByte(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return segment.get(ValueLayout.JAVA_BYTE, offset + index);
    }

    @Override
    public MemorySegment payloadSegment() {
        return segment;
    }

    @Override
    public long payloadOffset() {
        return offset;
    }
}
