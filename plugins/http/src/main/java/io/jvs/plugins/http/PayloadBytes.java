package io.jvs.plugins.http;

import io.jvs.spi.PacketView;

/**
 * The first payload bytes of a connection as the classifier may read them: at most
 * {@code maxBytes}, however many the packet holds. The one place that enforces the byte bound:
 * every read of the classifier goes through {@link #byteAt}, and callers keep their indexes below
 * {@link #length()}.
 *
 * <p><b>Flyweight:</b> one per worker thread, pointed at the packet for the duration of one call and
 * cleared after it. Not thread-safe.
 */
final class PayloadBytes {

    private PacketView packet;
    private int length;

    /**
     * Points at a packet's payload.
     *
     * @param view the packet, valid during the current call
     * @param maxBytes the bound, bytes
     */
    void wrap(PacketView view, int maxBytes) {
        this.packet = view;
        this.length = Math.max(0, Math.min(view.payloadLength(), maxBytes));
    }

    /** Forgets the packet, which is valid only during the call. */
    void clear() {
        this.packet = null;
        this.length = 0;
    }

    /** {@return how many bytes may be read: the payload's length, at most the bound} */
    int length() {
        return length;
    }

    /**
     * Returns one byte.
     *
     * @param index 0 &lt;= index &lt; {@link #length()}
     * @return the byte
     */
    byte byteAt(int index) {
        return packet.payloadByte(index);
    }
}
