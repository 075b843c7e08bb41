package io.jvs.testplugins;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;

/** A factory that loads fine but throws when asked for a scheduler. */
public final class FailingCreateFactory implements SchedulerFactory {

    @Override
    public String name() {
        return "broken-create";
    }

    @Override
    public String description() {
        return "create throws";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        throw new IllegalStateException("boom in create for " + context.service().name());
    }
}
