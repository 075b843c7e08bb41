package io.jvs.server.admin;

import io.jvs.engine.Engine;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.VirtualService;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-second rates of every destination, service and of the whole engine, as IPVS's estimator
 * ({@code ip_vs_est.c}) keeps them: the counters are sampled every {@link #INTERVAL_NANOS} and each
 * rate is the last interval's difference divided by its length (IPVS smooths further; jvs shows
 * the last interval, which is what an operator watching {@code ipvsadm --rate} expects).
 *
 * <p><b>Thread safety:</b> {@link #sample} and the readers synchronise on this object.
 */
public final class RateEstimator {

    /** IPVS's estimator period: 2 s. */
    public static final long INTERVAL_NANOS = 2_000_000_000L;

    private final Engine engine;
    private final Map<Integer, Traffic> lastByDestination = new HashMap<>();
    private final Map<Integer, Traffic> rateByDestination = new HashMap<>();
    private long lastSampleNanos = Long.MIN_VALUE;

    /**
     * Creates an estimator with all rates zero.
     *
     * @param engine the engine whose destinations it samples
     */
    public RateEstimator(Engine engine) {
        this.engine = engine;
    }

    /**
     * Takes one sample: every rate becomes the difference to the previous sample per second.
     *
     * @param nowNanos the engine's clock
     */
    public synchronized void sample(long nowNanos) {
        long interval = lastSampleNanos == Long.MIN_VALUE ? 0 : nowNanos - lastSampleNanos;
        Map<Integer, Traffic> seen = new HashMap<>();
        rateByDestination.clear();
        for (VirtualService s : engine.services().table().services()) {
            for (RealServer d : s.destinations().asList()) {
                Traffic now = Traffic.of(d);
                Traffic before = lastByDestination.get(d.id());
                seen.put(d.id(), now);
                rateByDestination.put(d.id(), before == null || interval <= 0 ? Traffic.ZERO
                        : now.minus(before).perSecond(interval));
            }
        }
        lastByDestination.clear();
        lastByDestination.putAll(seen);
        lastSampleNanos = nowNanos;
    }

    /**
     * Returns a destination's rates.
     *
     * @param destination the destination
     * @return per second; zero before two samples
     */
    public synchronized Traffic of(RealServer destination) {
        return rateByDestination.getOrDefault(destination.id(), Traffic.ZERO);
    }

    /**
     * Returns a service's rates: the sum of its destinations'.
     *
     * @param service the service
     * @return per second
     */
    public synchronized Traffic of(VirtualService service) {
        Traffic sum = Traffic.ZERO;
        for (RealServer d : service.destinations().asList()) {
            sum = sum.plus(of(d));
        }
        return sum;
    }

    /**
     * Returns the engine's rates: the sum of every service's.
     *
     * @return per second
     */
    public synchronized Traffic total() {
        Traffic sum = Traffic.ZERO;
        for (VirtualService s : engine.services().table().services()) {
            sum = sum.plus(of(s));
        }
        return sum;
    }
}
