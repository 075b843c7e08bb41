package io.jvs.plugins.ipvs;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import org.pf4j.Extension;

/** Creates {@link WeightedLeastConnectionScheduler}s under the name {@value #NAME}, as IPVS's {@code ip_vs_wlc}. */
@Extension
public final class WeightedLeastConnectionSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "wlc";

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public WeightedLeastConnectionSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "weighted least connection: the smallest (active*256+inactive)/weight; the default scheduler (IPVS wlc)";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return new WeightedLeastConnectionScheduler();
    }
}
