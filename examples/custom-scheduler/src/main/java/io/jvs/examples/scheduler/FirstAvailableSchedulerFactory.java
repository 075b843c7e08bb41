package io.jvs.examples.scheduler;

import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import java.util.List;
import org.pf4j.Extension;

/**
 * Makes {@link FirstAvailableScheduler}s available under the name {@value #NAME}.
 *
 * <p>{@code @Extension} is what makes this class a plugin extension: at compile time PF4J's
 * annotation processor (switched on by {@code jvs-plugin-parent}) writes its name into
 * {@code META-INF/extensions.idx}, and at run time the server reads that index, creates one
 * factory with the public no-argument constructor, and registers it by {@link #name()}.
 *
 * <p>A factory is stateless: the server calls {@link #create} once per virtual service that names
 * {@code fa}, and every call returns a new, independent scheduler.
 */
@Extension
public final class FirstAvailableSchedulerFactory implements SchedulerFactory {

    /** The name used in configuration: {@code scheduler: fa}. Unique among all loaded plugins. */
    public static final String NAME = "fa";

    /** The flag that lets an overloaded destination take connections when no other can. */
    public static final String OVERFLOW = "fa-overflow";

    /**
     * Creates the factory. PF4J needs this public no-argument constructor; the server calls it once,
     * when it loads the plugin.
     */
    public FirstAvailableSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "first available: the first eligible destination in list order (failover)";
    }

    /**
     * Declares the scheduler's one flag. The server checks what an operator writes against this
     * list (unknown names, wrong types and bad values are refused with a message) and fills in the
     * default, before {@link #create} runs.
     */
    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.flag(OVERFLOW,
                "when no destination is eligible, use the first available overloaded one instead of none;"
                        + " off by default, so that thresholds protect the servers"));
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        // The parameters arrive validated and typed: no parsing here.
        boolean overflow = context.parameters().getBoolean(OVERFLOW);
        return new FirstAvailableScheduler(context.metrics(), overflow);
    }
}
