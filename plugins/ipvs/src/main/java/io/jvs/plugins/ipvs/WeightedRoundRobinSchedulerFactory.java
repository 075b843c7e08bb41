package io.jvs.plugins.ipvs;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import org.pf4j.Extension;

/** Creates {@link WeightedRoundRobinScheduler}s under the name {@value #NAME}, as IPVS's {@code ip_vs_wrr}. */
@Extension
public final class WeightedRoundRobinSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "wrr";

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public WeightedRoundRobinSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "weighted round robin: turns in list order, weight w gets w turns per cycle (IPVS wrr)";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return new WeightedRoundRobinScheduler(context.service());
    }
}
