package io.jvs.engine.io;

/**
 * Constants of the classic libpcap file format (not pcapng): a 24-byte global header, then per
 * packet a 16-byte record header and the captured bytes.
 *
 * <pre>
 * global header                         record header
 *  0      4      6      8     12     16     20    24    0        4         8         12        16
 * +------+------+------+-----+------+------+-----+     +--------+---------+---------+---------+
 * |magic |major |minor |zone |sigfig|snap  |link |     |ts sec  |ts frac  |incl len |orig len |
 * +------+------+------+-----+------+------+-----+     +--------+---------+---------+---------+
 * </pre>
 *
 * The magic {@code 0xa1b2c3d4} means microsecond fractions, {@code 0xa1b23c4d} nanoseconds; read in
 * the other byte order it means the file was written on a machine of the other endianness.
 */
public final class PcapFile {

    /** Magic of a microsecond-resolution file. */
    public static final int MAGIC_MICROS = 0xa1b2c3d4;
    /** Magic of a nanosecond-resolution file. */
    public static final int MAGIC_NANOS = 0xa1b23c4d;
    /** Link type of Ethernet frames. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** Size of the global header, bytes. */
    public static final int GLOBAL_HEADER_BYTES = 24;
    /** Size of a record header, bytes. */
    public static final int RECORD_HEADER_BYTES = 16;
    /** Snap length written by jvs, bytes. */
    public static final int SNAPLEN = 65535;

    private PcapFile() {
    }
}
