package io.jvs.engine.embedded;

import io.jvs.engine.service.SchedulerProvider;
import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.util.Map;

/**
 * Schedulers for engine tests: {@code rr} (round robin over eligible destinations) and
 * {@code session} (the first 8 payload bytes are the session key; the destination is the key modulo
 * the number of destinations, so equal sessions always meet the same destination).
 */
final class TestSchedulerProvider implements SchedulerProvider {

    @Override
    public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
        return switch (name) {
            case "rr" -> new RoundRobin();
            case "session" -> new SessionHash();
            default -> throw new IllegalArgumentException("unknown scheduler '" + name + "'; known: rr, session");
        };
    }

    @Override
    public boolean exists(String name) {
        return name.equals("rr") || name.equals("session");
    }

    static final class RoundRobin implements Scheduler {
        private int next;

        @Override
        public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
            DestinationList list = service.destinations();
            for (int tries = 0; tries < list.size(); tries++) {
                DestinationView d = list.get(next++ % list.size());
                if (d.isEligible()) {
                    return d;
                }
            }
            return NONE;
        }
    }

    static final class SessionHash implements Scheduler {
        @Override
        public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
            DestinationList list = service.destinations();
            long key = sessionKey(packet);
            return list.size() == 0 ? NONE : list.get((int) Long.remainderUnsigned(key, list.size()));
        }

        @Override
        public int payloadBytesNeeded() {
            return 8;
        }

        @Override
        public long sessionKey(PacketView packet) {
            if (packet.payloadLength() < 8) {
                return NO_SESSION_KEY;
            }
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = key << 8 | (packet.payloadByte(i) & 0xff);
            }
            return key == 0 ? 1 : key;
        }
    }
}
