package io.jvs.testplugins;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;

/** A factory whose class cannot be initialized. */
public final class FailingStaticInitializerFactory implements SchedulerFactory {

    private static final int TABLE_SIZE = Integer.parseInt("not a number");

    @Override
    public String name() {
        return "static" + TABLE_SIZE;
    }

    @Override
    public String description() {
        return "never initialized";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return null;
    }
}
