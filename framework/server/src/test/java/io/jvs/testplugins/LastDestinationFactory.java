package io.jvs.testplugins;

import io.jvs.spi.DestinationList;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import java.util.List;

/** A well-behaved factory ({@code last}: always the last destination) with one integer parameter. */
public final class LastDestinationFactory implements SchedulerFactory {

    @Override
    public String name() {
        return "last";
    }

    @Override
    public String description() {
        return "the last destination";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.integer("skip", 0, 0, 8, "how many destinations to skip from the end"));
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        int skip = context.parameters().getInt("skip");
        return (service, packet, nowNanos) -> {
            DestinationList list = service.destinations();
            int index = list.size() - 1 - skip;
            return index < 0 ? Scheduler.NONE : list.get(index);
        };
    }
}
