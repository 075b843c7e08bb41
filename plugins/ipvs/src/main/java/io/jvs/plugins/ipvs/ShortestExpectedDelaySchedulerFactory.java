package io.jvs.plugins.ipvs;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import org.pf4j.Extension;

/** Creates {@link ShortestExpectedDelayScheduler}s under the name {@value #NAME}, as IPVS's {@code ip_vs_sed}. */
@Extension
public final class ShortestExpectedDelaySchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "sed";

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public ShortestExpectedDelaySchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "shortest expected delay: the smallest (active+1)/weight (IPVS sed)";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return new ShortestExpectedDelayScheduler();
    }
}
