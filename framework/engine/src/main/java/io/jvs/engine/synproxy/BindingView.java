package io.jvs.engine.synproxy;

import io.jvs.spi.IpProtocol;
import io.jvs.spi.PacketView;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@link PacketView} a scheduler sees for a delayed-bound connection: the client's tuple and the
 * payload bytes buffered so far. Flyweight over a {@link BindingSessions} slot; valid only during
 * the call that receives it.
 */
final class BindingView implements PacketView {

    private final BindingSessions sessions;
    private int slot;

    BindingView(BindingSessions sessions) {
        this.sessions = sessions;
    }

    BindingView wrap(int session) {
        this.slot = session;
        return this;
    }

    @Override
    public int family() {
        return sessions.family[slot];
    }

    @Override
    public int protocol() {
        return IpProtocol.TCP;
    }

    @Override
    public int sourceAddressWord(int index) {
        return sessions.client[slot * 4 + index];
    }

    @Override
    public int destinationAddressWord(int index) {
        return sessions.virtual[slot * 4 + index];
    }

    @Override
    public int sourcePort() {
        return sessions.clientPort[slot];
    }

    @Override
    public int destinationPort() {
        return sessions.virtualPort[slot];
    }

    @Override
    public int firewallMark() {
        return sessions.mark[slot];
    }

    @Override
    public int payloadLength() {
        return sessions.buffered[slot];
    }

    @Override
    public byte payloadByte(int index) {
        if (index < 0 || index >= sessions.buffered[slot]) {
            throw new IndexOutOfBoundsException(index);
        }
        return sessions.buffers.get(ValueLayout.JAVA_BYTE, sessions.bufferOffset(slot) + index);
    }

    @Override
    public MemorySegment payloadSegment() {
        return sessions.buffers;
    }

    @Override
    public long payloadOffset() {
        return sessions.bufferOffset(slot);
    }
}
