package io.jvs.testplugins;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;

/** A factory whose {@code name()} throws. */
public final class ThrowingNameFactory implements SchedulerFactory {

    @Override
    public String name() {
        throw new UnsupportedOperationException("boom in name");
    }

    @Override
    public String description() {
        return "nameless";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return null;
    }
}
