package io.jvs.proxy;

import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.plugins.ipvs.LeastConnectionSchedulerFactory;
import io.jvs.plugins.ipvs.RoundRobinSchedulerFactory;
import io.jvs.plugins.ipvs.SourceHashingSchedulerFactory;
import io.jvs.plugins.ipvs.WeightedRoundRobinSchedulerFactory;
import io.jvs.spi.ConnectionView;
import io.jvs.spi.EvictionListener;
import io.jvs.spi.EvictionReason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A started proxy with real schedulers of the IPVS plugin ({@code rr}, {@code wrr}, {@code sh},
 * {@code lc}, their factories instantiated directly) and the test's payload scheduler, and helpers.
 */
final class ProxyFixture implements AutoCloseable {

    /** Records evictions as text, as a listener plugin would. */
    static final class RecordingListener implements EvictionListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEviction(ConnectionView c, EvictionReason reason, long nowNanos) {
            events.add(reason + " " + (c.isTemplate() ? "template" : c.stateName()) + " " + c.destination().key());
        }

        long count(EvictionReason reason) {
            return events.stream().filter(e -> e.startsWith(reason + " ")).count();
        }
    }

    static final ProxySettings TEST_SETTINGS = ProxySettings.defaults().withEventLoops(2).withConnectionsPerLoop(4096)
            .withPayloadTimeoutNanos(400_000_000L).withConnectTimeoutNanos(1_000_000_000L)
            .withDrainTimeoutNanos(1_000_000_000L);

    final ProxyDataPlane plane;
    final RecordingListener listener = new RecordingListener();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    ProxyFixture() throws IOException {
        this(TEST_SETTINGS);
    }

    ProxyFixture(ProxySettings settings) throws IOException {
        ClassPathSchedulers schedulers = new ClassPathSchedulers(List.of(new RoundRobinSchedulerFactory(),
                new WeightedRoundRobinSchedulerFactory(), new SourceHashingSchedulerFactory(),
                new LeastConnectionSchedulerFactory(), new PayloadHashScheduler.Factory(), new LineHashScheduler.Factory(),
                new io.jvs.plugins.http.HttpMethodSchedulerFactory()),
                settings.eventLoops());
        plane = ProxyDataPlane.create(settings, schedulers);
        plane.evictions().setListeners(List.of(listener));
        plane.start();
    }

    TestBackend backend(String name) throws IOException {
        return backend(name, "127.0.0.1");
    }

    TestBackend backend(String name, String host) throws IOException {
        TestBackend b = new TestBackend(name, host);
        closeables.add(b);
        return b;
    }

    static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    static ServiceSpec tcpService(String vip, int port, String scheduler, TestBackend... backends) {
        List<DestinationSpec> dests = new ArrayList<>();
        for (TestBackend b : backends) {
            dests.add(DestinationSpec.nat(b.host(), b.port()));
        }
        return new ServiceSpec(ServiceKey.tcp(vip, port), scheduler, java.util.Map.of(), null, dests);
    }

    void apply(ServiceSpec... specs) {
        plane.services().apply(List.of(specs));
    }

    @Override
    public void close() throws Exception {
        plane.close(0);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }
}
