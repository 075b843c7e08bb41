package io.jvs.proxy;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import io.jvs.spi.ServiceView;

/**
 * A payload-aware test scheduler ({@code hash8}): it needs the first 8 payload bytes and chooses
 * destination {@code fnv1a(bytes) mod count}; fewer bytes hash what there is.
 */
final class PayloadHashScheduler implements Scheduler {

    static final int NEEDED = 8;

    /** FNV-1a 32 over the bytes, the reference the tests compute independently too. */
    static int fnv1a(byte[] bytes, int length) {
        int h = 0x811C9DC5;
        for (int i = 0; i < length; i++) {
            h = (h ^ (bytes[i] & 0xff)) * 0x01000193;
        }
        return h;
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        int n = Math.min(NEEDED, packet.payloadLength());
        int h = 0x811C9DC5;
        for (int i = 0; i < n; i++) {
            h = (h ^ (packet.payloadByte(i) & 0xff)) * 0x01000193;
        }
        DestinationList list = service.destinations();
        return list.size() == 0 ? NONE : list.get(Integer.remainderUnsigned(h, list.size()));
    }

    @Override
    public int payloadBytesNeeded() {
        return NEEDED;
    }

    /** Creates {@link PayloadHashScheduler}s under the name {@code hash8}. */
    static final class Factory implements SchedulerFactory {
        @Override
        public String name() {
            return "hash8";
        }

        @Override
        public String description() {
            return "test: FNV-1a of the first 8 payload bytes";
        }

        @Override
        public Scheduler create(SchedulerContext context) {
            return new PayloadHashScheduler();
        }
    }
}
