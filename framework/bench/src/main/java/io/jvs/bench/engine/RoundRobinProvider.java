package io.jvs.bench.engine;

import io.jvs.engine.service.SchedulerProvider;
import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.util.Map;

/**
 * A {@link SchedulerProvider} that gives every service an inline round-robin scheduler (the
 * algorithm of IPVS {@code ip_vs_rr.c}, without the plugin machinery), so that the engine
 * benchmarks measure the engine and not a plugin.
 */
public final class RoundRobinProvider implements SchedulerProvider {

    /** The scheduler name services of the benchmarks use. */
    public static final String NAME = "rr";

    @Override
    public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
        return new InlineRoundRobin();
    }

    @Override
    public boolean exists(String name) {
        return NAME.equals(name);
    }

    /** Round robin over the eligible destinations; one worker, so a plain field is enough. */
    private static final class InlineRoundRobin implements Scheduler {
        private int last = -1;

        @Override
        public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
            DestinationList destinations = service.destinations();
            int count = destinations.size();
            if (count == 0) {
                return NONE;
            }
            int index = last + 1 >= count ? 0 : last + 1;
            for (int scanned = 0; scanned < count; scanned++) {
                DestinationView candidate = destinations.get(index);
                if (candidate.isEligible()) {
                    last = index;
                    return candidate;
                }
                index = index + 1 == count ? 0 : index + 1;
            }
            return NONE;
        }
    }
}
