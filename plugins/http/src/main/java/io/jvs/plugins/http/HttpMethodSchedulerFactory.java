package io.jvs.plugins.http;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import java.util.List;
import org.pf4j.Extension;

/**
 * {@code http-method}: classifies each new connection by its HTTP/1.x request line (method and
 * request-target) and lets the inner scheduler of the matching rule's pool choose the destination;
 * see {@link HttpMethodScheduler} and {@link HttpClassifierSettings} for the parameters.
 */
@Extension
public final class HttpMethodSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name: {@value}. */
    public static final String NAME = "http-method";

    /** Creates the factory (PF4J instantiates it). */
    public HttpMethodSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "HTTP request-line classifier: method/URI regex rules to pools with inner schedulers";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return HttpClassifierSettings.PARAMETERS;
    }

    @Override
    public Scheduler create(SchedulerContext context) throws InvalidParameterException {
        return HttpMethodScheduler.create(context, HttpClassifierSettings.parse(context.parameters()));
    }
}
