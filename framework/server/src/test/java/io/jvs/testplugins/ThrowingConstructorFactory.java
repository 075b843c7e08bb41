package io.jvs.testplugins;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;

/** A factory whose constructor throws. */
public final class ThrowingConstructorFactory implements SchedulerFactory {

    /** Always throws. */
    public ThrowingConstructorFactory() {
        throw new IllegalStateException("boom in constructor");
    }

    @Override
    public String name() {
        return "ctor";
    }

    @Override
    public String description() {
        return "never created";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return null;
    }
}
