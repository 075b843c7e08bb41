package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * 48-bit Ethernet (MAC) addresses held in the low 48 bits of a {@code long}: the first byte on the
 * wire is bits 47..40. Parsing and formatting allocate and belong to the control plane; {@link
 * #read} and {@link #write} are allocation-free.
 */
public final class MacAddress {
    /** The broadcast address ff:ff:ff:ff:ff:ff. */
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    /** The all-zero address, used as "unknown" (for example the target of an ARP request). */
    public static final long ZERO = 0L;
    /** Mask of the 48 address bits within a {@code long}. */
    public static final long MASK = 0xFFFF_FFFF_FFFFL;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private MacAddress() {
    }

    /**
     * Parses six hexadecimal octets separated by {@code ':'} or {@code '-'} (for example
     * {@code 02:00:5e:10:00:01}); each octet has one or two digits.
     *
     * @param text the address
     * @return the address in the low 48 bits
     * @throws IllegalArgumentException when the text is not a MAC address
     */
    public static long parse(CharSequence text) {
        long value = 0;
        int octets = 0;
        int digits = 0;
        int octet = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':' || c == '-') {
                if (digits == 0 || octets == 5) {
                    throw invalid(text);
                }
                value = (value << 8) | octet;
                octets++;
                digits = 0;
                octet = 0;
                continue;
            }
            int d = Character.digit(c, 16);
            if (d < 0 || digits == 2) {
                throw invalid(text);
            }
            octet = (octet << 4) | d;
            digits++;
        }
        if (digits == 0 || octets != 5) {
            throw invalid(text);
        }
        return (value << 8) | octet;
    }

    /**
     * Formats an address as six lower-case two-digit octets separated by colons.
     *
     * @param address the address in the low 48 bits
     * @return for example {@code "02:00:5e:10:00:01"}
     */
    public static String format(long address) {
        char[] out = new char[17];
        for (int i = 0; i < 6; i++) {
            int octet = (int) (address >>> (40 - 8 * i)) & 0xFF;
            out[i * 3] = HEX[octet >>> 4];
            out[i * 3 + 1] = HEX[octet & 0xF];
            if (i < 5) {
                out[i * 3 + 2] = ':';
            }
        }
        return new String(out);
    }

    /**
     * Reads a 6-byte address from memory.
     *
     * @param segment the memory
     * @param offset the byte offset of the first octet
     * @return the address in the low 48 bits
     */
    public static long read(MemorySegment segment, long offset) {
        long high = BigEndian.getUnsignedShort(segment, offset);
        long low = BigEndian.getInt(segment, offset + 2) & 0xFFFF_FFFFL;
        return (high << 32) | low;
    }

    /**
     * Writes a 6-byte address to memory.
     *
     * @param segment the memory
     * @param offset the byte offset of the first octet
     * @param address the address in the low 48 bits
     */
    public static void write(MemorySegment segment, long offset, long address) {
        BigEndian.putShort(segment, offset, (int) (address >>> 32));
        BigEndian.putInt(segment, offset + 2, (int) address);
    }

    /**
     * Tells whether an address is a group (multicast or broadcast) address: the least significant
     * bit of the first octet is set.
     *
     * @param address the address in the low 48 bits
     * @return true for multicast and broadcast
     */
    public static boolean isMulticast(long address) {
        return ((address >>> 40) & 1) != 0;
    }

    private static IllegalArgumentException invalid(CharSequence text) {
        return new IllegalArgumentException("not a MAC address: '" + text + "'");
    }
}
