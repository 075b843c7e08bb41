package io.jvs.plugins.ipvs;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import org.pf4j.Extension;

/** Creates {@link NeverQueueScheduler}s under the name {@value #NAME}, as IPVS's {@code ip_vs_nq}. */
@Extension
public final class NeverQueueSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "nq";

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public NeverQueueSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "never queue: an idle destination if any, else the smallest (active+1)/weight (IPVS nq)";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return new NeverQueueScheduler();
    }
}
