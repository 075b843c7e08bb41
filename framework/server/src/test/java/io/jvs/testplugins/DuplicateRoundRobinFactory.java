package io.jvs.testplugins;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;

/** A second factory that claims the name {@code rr}, which the IPVS plugin already owns. */
public final class DuplicateRoundRobinFactory implements SchedulerFactory {

    @Override
    public String name() {
        return "rr";
    }

    @Override
    public String description() {
        return "an impostor round robin";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return (service, packet, nowNanos) -> Scheduler.NONE;
    }
}
