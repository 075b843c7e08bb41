package io.jvs.plugins.ipvs;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import org.pf4j.Extension;

/** Creates {@link RoundRobinScheduler}s under the name {@value #NAME}, as IPVS's {@code ip_vs_rr}. */
@Extension
public final class RoundRobinSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "rr";

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public RoundRobinSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "round robin: the next eligible destination in turn (IPVS rr)";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return new RoundRobinScheduler(context.service());
    }
}
