package io.jvs.plugins.rendezvous;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A literal port of GLB Director's test model {@code src/glb-director/tests/rendezvous_table.py}
 * (class {@code GLBRendezvousTable}), with the port option of jvs: the row seed is the SipHash of the
 * big-endian row index, each host is scored by the SipHash of (row seed bytes, address bytes) read
 * as a big-endian number, and the row is the hosts sorted by score. Built on {@link ReferenceSipHash}
 * and full sorting, to check {@link RendezvousOrder}'s shortcuts.
 */
final class GlbTableModel {

    private final byte[] seed;

    GlbTableModel(byte[] seed) {
        this.seed = seed.clone();
    }

    byte[] rowSeed(int index) {
        byte[] indexBytes = {(byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index};
        return ReferenceSipHash.digest(seed, indexBytes);
    }

    /** The hosts ("address:port" keys) of a row in GLB order, ties by list position (Python's stable sort). */
    List<String> row(int index, List<String> hosts, boolean hashPort) {
        byte[] rowSeed = rowSeed(index);
        List<String> copy = new ArrayList<>(hosts);
        copy.sort(Comparator.comparing((String host) -> score(rowSeed, host, hashPort), Long::compareUnsigned));
        return copy;
    }

    private long score(byte[] rowSeed, String host, boolean hashPort) {
        int colon = host.lastIndexOf(':');
        String address = host.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(host.substring(colon + 1));
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(rowSeed);
        try {
            message.writeBytes(InetAddress.getByName(address).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(host, e);
        }
        if (hashPort) {
            message.write(port >>> 8);
            message.write(port & 0xFF);
        }
        return ReferenceSipHash.bigEndian(ReferenceSipHash.digest(seed, message.toByteArray()));
    }
}
