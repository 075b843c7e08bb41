package io.jvs.plugins.ipvs;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import org.pf4j.Extension;

/** Creates {@link OverflowScheduler}s under the name {@value #NAME}, as IPVS's {@code ip_vs_ovf}. */
@Extension
public final class OverflowSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "ovf";

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public OverflowSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "overflow: the highest weight whose active connections do not exceed its weight (IPVS ovf)";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return new OverflowScheduler();
    }
}
