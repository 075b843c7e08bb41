package io.jvs.proxy;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import io.jvs.spi.ServiceView;

/**
 * A test scheduler ({@code line64}) that needs up to 64 payload bytes but is satisfied by the first
 * line: {@link #payloadSufficient} is true once a {@code '\n'} arrived; it chooses destination
 * {@code fnv1a(bytes before the first '\n') mod count}.
 */
final class LineHashScheduler implements Scheduler {

    static final int NEEDED = 64;

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        int n = lineLength(packet);
        int h = 0x811C9DC5;
        for (int i = 0; i < n; i++) {
            h = (h ^ (packet.payloadByte(i) & 0xff)) * 0x01000193;
        }
        DestinationList list = service.destinations();
        return list.size() == 0 ? NONE : list.get(Integer.remainderUnsigned(h, list.size()));
    }

    private static int lineLength(PacketView packet) {
        for (int i = 0; i < packet.payloadLength(); i++) {
            if (packet.payloadByte(i) == '\n') {
                return i;
            }
        }
        return packet.payloadLength();
    }

    @Override
    public int payloadBytesNeeded() {
        return NEEDED;
    }

    @Override
    public boolean payloadSufficient(PacketView packet) {
        return lineLength(packet) < packet.payloadLength();
    }

    /** Creates {@link LineHashScheduler}s under the name {@code line64}. */
    static final class Factory implements SchedulerFactory {
        @Override
        public String name() {
            return "line64";
        }

        @Override
        public String description() {
            return "test: FNV-1a of the first line, scheduled at its end";
        }

        @Override
        public Scheduler create(SchedulerContext context) {
            return new LineHashScheduler();
        }
    }
}
