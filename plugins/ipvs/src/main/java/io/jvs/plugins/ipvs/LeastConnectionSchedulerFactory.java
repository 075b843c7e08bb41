package io.jvs.plugins.ipvs;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import org.pf4j.Extension;

/** Creates {@link LeastConnectionScheduler}s under the name {@value #NAME}, as IPVS's {@code ip_vs_lc}. */
@Extension
public final class LeastConnectionSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "lc";

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public LeastConnectionSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "least connection: the fewest active*256+inactive connections, weights ignored (IPVS lc)";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return new LeastConnectionScheduler();
    }
}
