package io.jvs.plugins.ipvs;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import org.pf4j.Extension;

/** Creates {@link WeightedFailoverScheduler}s under the name {@value #NAME}, as IPVS's {@code ip_vs_fo}. */
@Extension
public final class WeightedFailoverSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "fo";

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public WeightedFailoverSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "weighted failover: the eligible destination with the highest weight (IPVS fo)";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return new WeightedFailoverScheduler();
    }
}
