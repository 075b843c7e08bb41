package io.jvs.dpdk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Field offsets of DPDK's {@code struct rte_mbuf} and accessors that read and write an mbuf by its
 * address, through {@link #ADDRESS_SPACE}: one segment over the whole address space, so offsets are
 * addresses and no segment is made per packet.
 *
 * <p>Layout of DPDK 22.11 on 64-bit x86 with {@code RTE_IOVA_AS_PA = 1} (Debian's build), checked by
 * {@link DpdkLibrary} (version) and {@link Mempool} (a live mbuf's fields on creation):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      buf_addr (8 bytes)                       |  0
 * |                      buf_iova (8 bytes)                       |  8
 * +-------------------------------+-------------------------------+
 * |           data_off            |            refcnt             | 16
 * +-------------------------------+-------------------------------+
 * |            nb_segs            |             port              | 20
 * +-------------------------------+-------------------------------+
 * |                      ol_flags (8 bytes)                       | 24
 * +---------------------------------------------------------------+
 * |                          packet_type                          | 32
 * |                            pkt_len                            | 36
 * +-------------------------------+-------------------------------+
 * |           data_len            |           vlan_tci            | 40
 * +-------------------------------+-------------------------------+
 * |                        hash (8 bytes)                         | 44
 * +-------------------------------+-------------------------------+
 * |        vlan_tci_outer         |            buf_len            | 52
 * +-------------------------------+-------------------------------+
 * |                        pool (8 bytes)                         | 56
 * +---------------------------------------------------------------+
 * |     next (8) | tx_offload (8) | shinfo (8) | priv_size (2)    | 64 (second cache line)
 * |     timesync (2) | dynfield1[9] (36)                          | 90 .. 128
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The buffer is {@code buf_len} bytes at {@code buf_addr}; the packet's first segment is
 * {@code data_len} bytes at {@code buf_addr + data_off}; {@code pkt_len} sums all segments.
 */
public final class Mbuf {

    /** The whole address space as one segment: an mbuf's fields and data are read at their addresses. */
    public static final MemorySegment ADDRESS_SPACE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** {@code sizeof(struct rte_mbuf)}, bytes. */
    public static final int SIZE = 128;
    /** {@code buf_addr}: virtual address of the buffer. */
    public static final int BUF_ADDR_OFFSET = 0;
    /** {@code data_off}: start of the data in the buffer, bytes (uint16). */
    public static final int DATA_OFF_OFFSET = 16;
    /** {@code refcnt} (uint16). */
    public static final int REFCNT_OFFSET = 18;
    /** {@code nb_segs}: segments of the packet (uint16). */
    public static final int NB_SEGS_OFFSET = 20;
    /** {@code port}: input port (uint16). */
    public static final int PORT_OFFSET = 22;
    /** {@code ol_flags}: offload flags (uint64). */
    public static final int OL_FLAGS_OFFSET = 24;
    /** {@code pkt_len}: length of all segments, bytes (uint32). */
    public static final int PKT_LEN_OFFSET = 36;
    /** {@code data_len}: length of this segment's data, bytes (uint16). */
    public static final int DATA_LEN_OFFSET = 40;
    /** {@code buf_len}: length of the buffer, bytes (uint16). */
    public static final int BUF_LEN_OFFSET = 54;
    /** {@code pool}: the mempool the mbuf belongs to. */
    public static final int POOL_OFFSET = 56;
    /** {@code next}: next segment, or NULL. */
    public static final int NEXT_OFFSET = 64;
    /** {@code priv_size}: application private bytes between the struct and the buffer (uint16). */
    public static final int PRIV_SIZE_OFFSET = 88;
    /** {@code RTE_PKTMBUF_HEADROOM} of Debian's build: bytes before the data of a fresh mbuf. */
    public static final int HEADROOM = 128;
    /** {@code RTE_MBUF_PORT_INVALID}. */
    public static final int PORT_INVALID = 0xFFFF;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT;

    private Mbuf() {
    }

    /** Reads {@code buf_addr}. @param mbuf the mbuf's address @return {@code buf_addr} */
    public static long bufAddr(long mbuf) {
        return ADDRESS_SPACE.get(LONG, mbuf + BUF_ADDR_OFFSET);
    }

    /** Reads {@code data_off}. @param mbuf the mbuf's address @return {@code data_off}, bytes */
    public static int dataOff(long mbuf) {
        return ADDRESS_SPACE.get(SHORT, mbuf + DATA_OFF_OFFSET) & 0xFFFF;
    }

    /** Writes {@code data_off}. @param mbuf the mbuf's address @param value {@code data_off}, bytes */
    public static void dataOff(long mbuf, int value) {
        ADDRESS_SPACE.set(SHORT, mbuf + DATA_OFF_OFFSET, (short) value);
    }

    /** Reads {@code refcnt}. @param mbuf the mbuf's address @return {@code refcnt} */
    public static int refcnt(long mbuf) {
        return ADDRESS_SPACE.get(SHORT, mbuf + REFCNT_OFFSET) & 0xFFFF;
    }

    /** Reads {@code nb_segs}. @param mbuf the mbuf's address @return {@code nb_segs} */
    public static int nbSegs(long mbuf) {
        return ADDRESS_SPACE.get(SHORT, mbuf + NB_SEGS_OFFSET) & 0xFFFF;
    }

    /** Reads {@code port}. @param mbuf the mbuf's address @return {@code port} */
    public static int port(long mbuf) {
        return ADDRESS_SPACE.get(SHORT, mbuf + PORT_OFFSET) & 0xFFFF;
    }

    /** Reads {@code pkt_len}. @param mbuf the mbuf's address @return {@code pkt_len}, bytes */
    public static int pktLen(long mbuf) {
        return ADDRESS_SPACE.get(INT, mbuf + PKT_LEN_OFFSET);
    }

    /** Writes {@code pkt_len}. @param mbuf the mbuf's address @param value {@code pkt_len}, bytes */
    public static void pktLen(long mbuf, int value) {
        ADDRESS_SPACE.set(INT, mbuf + PKT_LEN_OFFSET, value);
    }

    /** Reads {@code data_len}. @param mbuf the mbuf's address @return {@code data_len}, bytes */
    public static int dataLen(long mbuf) {
        return ADDRESS_SPACE.get(SHORT, mbuf + DATA_LEN_OFFSET) & 0xFFFF;
    }

    /** Writes {@code data_len}. @param mbuf the mbuf's address @param value {@code data_len}, bytes */
    public static void dataLen(long mbuf, int value) {
        ADDRESS_SPACE.set(SHORT, mbuf + DATA_LEN_OFFSET, (short) value);
    }

    /** Reads {@code buf_len}. @param mbuf the mbuf's address @return {@code buf_len}, bytes */
    public static int bufLen(long mbuf) {
        return ADDRESS_SPACE.get(SHORT, mbuf + BUF_LEN_OFFSET) & 0xFFFF;
    }

    /** Reads {@code pool}. @param mbuf the mbuf's address @return {@code pool}'s address */
    public static long pool(long mbuf) {
        return ADDRESS_SPACE.get(LONG, mbuf + POOL_OFFSET);
    }

    /** Reads {@code next}. @param mbuf the mbuf's address @return {@code next}'s address, 0 for none */
    public static long next(long mbuf) {
        return ADDRESS_SPACE.get(LONG, mbuf + NEXT_OFFSET);
    }

    /** Reads {@code priv_size}. @param mbuf the mbuf's address @return {@code priv_size}, bytes */
    public static int privSize(long mbuf) {
        return ADDRESS_SPACE.get(SHORT, mbuf + PRIV_SIZE_OFFSET) & 0xFFFF;
    }

    /**
     * Returns the address of the packet's first byte.
     *
     * @param mbuf the mbuf's address
     * @return {@code buf_addr + data_off}
     */
    public static long dataAddress(long mbuf) {
        return bufAddr(mbuf) + dataOff(mbuf);
    }

    /**
     * Sets a single-segment packet's place in its buffer: {@code data_off}, {@code data_len} and
     * {@code pkt_len}.
     *
     * @param mbuf the mbuf's address
     * @param dataOff bytes from {@code buf_addr} to the first byte
     * @param length the packet's length, bytes
     */
    public static void setData(long mbuf, int dataOff, int length) {
        dataOff(mbuf, dataOff);
        dataLen(mbuf, length);
        pktLen(mbuf, length);
    }
}
