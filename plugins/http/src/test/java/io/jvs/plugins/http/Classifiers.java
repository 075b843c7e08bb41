package io.jvs.plugins.http;

import io.jvs.plugins.ipvs.LeastConnectionSchedulerFactory;
import io.jvs.plugins.ipvs.RoundRobinSchedulerFactory;
import io.jvs.plugins.ipvs.WeightedLeastConnectionSchedulerFactory;
import io.jvs.plugins.ipvs.WeightedRoundRobinSchedulerFactory;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ServiceView;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds {@code http-method} schedulers over the test kit, with the IPVS schedulers installed. */
final class Classifiers {

    private Classifiers() {
    }

    /** {@return a context whose parameters are the defaults with {@code overrides}, rr/wrr/lc/wlc installed} */
    static FakeSchedulerContext context(ServiceView service, Map<String, ?> overrides) {
        return FakeSchedulerContext.of(service, FakeParameters.defaults(HttpClassifierSettings.PARAMETERS, overrides))
                .withSchedulers(new RoundRobinSchedulerFactory(), new WeightedRoundRobinSchedulerFactory(),
                        new LeastConnectionSchedulerFactory(), new WeightedLeastConnectionSchedulerFactory(),
                        new HttpMethodSchedulerFactory());
    }

    /** {@return the scheduler created from the context} */
    static HttpMethodScheduler create(FakeSchedulerContext context) throws InvalidParameterException {
        return (HttpMethodScheduler) new HttpMethodSchedulerFactory().create(context);
    }

    /** {@return a client packet carrying {@code text} as ASCII} */
    static FakePacket packet(String text) {
        return packet(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@return a client packet carrying {@code bytes}} */
    static FakePacket packet(byte[] bytes) {
        return FakePacket.tcp("192.0.2.9", 40000, "203.0.113.1", 80).payload(bytes);
    }
}
