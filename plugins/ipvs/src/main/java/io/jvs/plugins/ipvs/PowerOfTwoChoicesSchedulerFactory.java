package io.jvs.plugins.ipvs;

import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import org.pf4j.Extension;

/** Creates {@link PowerOfTwoChoicesScheduler}s under the name {@value #NAME}, as IPVS's {@code ip_vs_twos}. */
@Extension
public final class PowerOfTwoChoicesSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "twos";

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public PowerOfTwoChoicesSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "power of two choices: two destinations drawn by weight, the less loaded one wins (IPVS twos)";
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return new PowerOfTwoChoicesScheduler(SplitMix64.mix(context.service().name().hashCode()));
    }
}
