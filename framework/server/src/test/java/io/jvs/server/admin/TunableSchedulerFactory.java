package io.jvs.server.admin;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import java.util.List;

/** A scheduler with a parameter file {@code "offset N\n"}, N in 0..1500, like {@code /proc/net/ipvs_sch_offset}. */
public final class TunableSchedulerFactory implements SchedulerFactory {

    @Override
    public String name() {
        return "tunable";
    }

    @Override
    public String description() {
        return "first destination; a writable offset";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return new Scheduler() {
            private volatile int offset;

            @Override
            public io.jvs.spi.DestinationView schedule(io.jvs.spi.ServiceView service, io.jvs.spi.PacketView packet,
                    long nowNanos) {
                return service.destinations().size() == 0 ? null : service.destinations().get(0);
            }

            @Override
            public String parameterText() {
                return "offset " + offset + "\n";
            }

            @Override
            public void writeParameterText(String text) throws InvalidParameterException {
                String[] words = text.strip().split("\\s+");
                if (words.length != 2 || !words[0].equals("offset") || !words[1].matches("[0-9]{1,4}")
                        || Integer.parseInt(words[1]) > 1500) {
                    throw new InvalidParameterException("offset", "expected 'offset N' with N in 0..1500");
                }
                offset = Integer.parseInt(words[1]);
            }
        };
    }
}
