package io.jvs.engine.forward;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a classic libpcap file (little-endian magic 0xa1b2c3d4, version 2.4, microsecond
 * timestamps): a 24-byte global header, then per frame a 16-byte record header and the frame.
 * Link type 1 (Ethernet). Frame i is stamped i seconds after the epoch.
 */
final class ClassicPcap {
    private static final int MAGIC = 0xA1B2C3D4;
    private static final int SNAPLEN = 65535;
    private static final int LINKTYPE_ETHERNET = 1;

    private ClassicPcap() {
    }

    static void write(Path file, List<byte[]> frames) throws IOException {
        int size = 24;
        for (byte[] frame : frames) {
            size += 16 + frame.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN)
                .putInt(LINKTYPE_ETHERNET);
        int second = 0;
        for (byte[] frame : frames) {
            out.putInt(++second).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        }
        Files.write(file, out.array());
    }
}
