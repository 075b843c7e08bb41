package io.jvs.engine.service;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Scheduler provider for engine tests: "first" (first eligible), "broken" (refuses), "hooks" (records hooks). */
final class TestSchedulers implements SchedulerProvider {

    final List<String> events = new ArrayList<>();

    @Override
    public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
        return switch (name) {
            case "first" -> new FirstEligible(null);
            case "hooks" -> new FirstEligible(events);
            case "broken" -> throw new IllegalArgumentException("bad-param: refused by test scheduler");
            default -> throw new IllegalArgumentException("unknown scheduler '" + name + "'; known: broken, first, hooks");
        };
    }

    @Override
    public boolean exists(String name) {
        return name.equals("first") || name.equals("hooks") || name.equals("broken");
    }

    /** Picks the first eligible destination; optionally records hook calls. */
    static final class FirstEligible implements Scheduler {
        private final List<String> events;

        FirstEligible(List<String> events) {
            this.events = events;
        }

        @Override
        public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
            DestinationList list = service.destinations();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).isEligible()) {
                    return list.get(i);
                }
            }
            return NONE;
        }

        @Override
        public void destinationAdded(ServiceView service, DestinationView d) {
            record("added " + d.key());
        }

        @Override
        public void destinationRemoved(ServiceView service, DestinationView d) {
            record("removed " + d.key());
        }

        @Override
        public void destinationUpdated(ServiceView service, DestinationView d) {
            record("updated " + d.key() + " w=" + d.weight());
        }

        @Override
        public void done(ServiceView service) {
            record("done " + service.name());
        }

        private void record(String event) {
            if (events != null) {
                events.add(event);
            }
        }
    }
}
