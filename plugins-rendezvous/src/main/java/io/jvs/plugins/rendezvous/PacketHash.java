package io.jvs.plugins.rendezvous;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.PacketView;
import java.util.List;

/**
 * The packet hash that picks a table row, as GLB Director's {@code glb_compute_hash}: SipHash-2-4
 * with the table's hash key over the selected fields, concatenated in network byte order and in
 * this order: source address (4 or 16 bytes), destination address, source port (2 bytes),
 * destination port (2 bytes), then (a jvs addition, not in GLB) the protocol number (1 byte). The
 * row is the hash's low bits ({@code hash & (rows - 1)}), as GLB's {@code hash & 0xffff}.
 *
 * <p>Fields are named {@code src-ip}, {@code dst-ip}, {@code src-port}, {@code dst-port} and
 * {@code protocol}, or {@code 5-tuple} for all five. GLB's default, and ours, is {@code src-ip}:
 * every connection of a client goes to the same proxy.
 *
 * <p><b>Thread safety:</b> immutable; {@link #hash} allocates nothing.
 */
final class PacketHash {

    /** All field names, in hashing order. */
    static final List<String> FIELD_NAMES = List.of("src-ip", "dst-ip", "src-port", "dst-port", "protocol");

    /** The alias for all five fields. */
    static final String FIVE_TUPLE = "5-tuple";

    private static final int SOURCE_ADDRESS = 1;
    private static final int DESTINATION_ADDRESS = 2;
    private static final int SOURCE_PORT = 4;
    private static final int DESTINATION_PORT = 8;
    private static final int PROTOCOL = 16;
    private static final int UNITS = 11;

    private final long k0;
    private final long k1;
    private final int fields;
    private final boolean sourceAddressOnly;

    /**
     * Creates the hash.
     *
     * @param key the 16-byte SipHash key
     * @param fields a bit set of the fields, see {@link #parseFields}
     */
    PacketHash(byte[] key, int fields) {
        this.k0 = SipHash24.keyWord(key, 0);
        this.k1 = SipHash24.keyWord(key, 1);
        this.fields = fields;
        this.sourceAddressOnly = fields == SOURCE_ADDRESS;
    }

    /**
     * Parses a comma-separated list of field names.
     *
     * @param parameter the parameter's name, for messages
     * @param text for example {@code src-ip} or {@code src-ip,src-port} or {@code 5-tuple}
     * @return the bit set
     * @throws InvalidParameterException for an unknown, repeated or missing field
     */
    static int parseFields(String parameter, String text) throws InvalidParameterException {
        if (text == null || text.isBlank()) {
            throw new InvalidParameterException(parameter, "name at least one field of " + FIELD_NAMES
                    + " or " + FIVE_TUPLE);
        }
        if (text.trim().equals(FIVE_TUPLE)) {
            return SOURCE_ADDRESS | DESTINATION_ADDRESS | SOURCE_PORT | DESTINATION_PORT | PROTOCOL;
        }
        int bits = 0;
        for (String name : text.trim().split("\\s*,\\s*")) {
            int index = FIELD_NAMES.indexOf(name);
            if (index < 0) {
                throw new InvalidParameterException(parameter, "unknown field '" + name + "'; fields: "
                        + String.join(", ", FIELD_NAMES) + ", or " + FIVE_TUPLE);
            }
            if ((bits & (1 << index)) != 0) {
                throw new InvalidParameterException(parameter, "field '" + name + "' is named twice");
            }
            bits |= 1 << index;
        }
        return bits;
    }

    /**
     * Formats a bit set of fields as their names.
     *
     * @param bits the fields
     * @return the names joined by commas, in hashing order
     */
    static String fieldText(int bits) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < FIELD_NAMES.size(); i++) {
            if ((bits & (1 << i)) != 0) {
                text.append(text.isEmpty() ? "" : ",").append(FIELD_NAMES.get(i));
            }
        }
        return text.toString();
    }

    /**
     * Hashes a packet's selected fields.
     *
     * @param packet the packet
     * @return the 64-bit SipHash-2-4 value (the row is its low bits)
     */
    long hash(PacketView packet) {
        boolean ipv6 = packet.family() == AddressFamily.IPV6;
        if (sourceAddressOnly && !ipv6) {
            return SipHash24.hashShort(k0, k1,
                    (Integer.reverseBytes(packet.sourceAddressWord(0)) & 0xFFFF_FFFFL) | (4L << 56));
        }
        int words = ipv6 ? 4 : 1;
        long v0 = SipHash24.initial0(k0);
        long v1 = SipHash24.initial1(k1);
        long v2 = SipHash24.initial2(k0);
        long v3 = SipHash24.initial3(k1);
        long pending = 0;
        int pendingBytes = 0;
        int length = 0;
        for (int unit = 0; unit < UNITS; unit++) {
            int value;
            int width;
            if (unit < 4) {
                if ((fields & SOURCE_ADDRESS) == 0 || unit >= words) {
                    continue;
                }
                value = packet.sourceAddressWord(unit);
                width = 4;
            } else if (unit < 8) {
                if ((fields & DESTINATION_ADDRESS) == 0 || unit - 4 >= words) {
                    continue;
                }
                value = packet.destinationAddressWord(unit - 4);
                width = 4;
            } else if (unit == 8) {
                if ((fields & SOURCE_PORT) == 0) {
                    continue;
                }
                value = packet.sourcePort();
                width = 2;
            } else if (unit == 9) {
                if ((fields & DESTINATION_PORT) == 0) {
                    continue;
                }
                value = packet.destinationPort();
                width = 2;
            } else {
                if ((fields & PROTOCOL) == 0) {
                    continue;
                }
                value = packet.protocol();
                width = 1;
            }
            for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
                pending |= (long) ((value >>> shift) & 0xFF) << (pendingBytes << 3);
                length++;
                if (++pendingBytes == 8) {
                    v3 ^= pending;
                    for (int round = 0; round < 2; round++) {
                        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
                    }
                    v0 ^= pending;
                    pending = 0;
                    pendingBytes = 0;
                }
            }
        }
        return SipHash24.finish(v0, v1, v2, v3, pending | ((long) length << 56));
    }
}
