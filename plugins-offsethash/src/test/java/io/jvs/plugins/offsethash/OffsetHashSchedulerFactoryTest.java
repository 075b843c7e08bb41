package io.jvs.plugins.offsethash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.DestinationList;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.ServiceView;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The factory: its declarations, and the services and parameters it refuses. */
class OffsetHashSchedulerFactoryTest {

    private final OffsetHashSchedulerFactory factory = new OffsetHashSchedulerFactory();

    private FakeSchedulerContext context(ServiceView service, Map<String, ?> parameters) {
        return FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters(), parameters));
    }

    @Test
    void shouldDeclareItsNameAndParameters() {
        assertEquals("offh", factory.name());
        assertEquals(List.of("offset", "offlen", "short-payload", "table-size", "allow-tcp"),
                factory.parameters().stream().map(ParameterSpec::name).toList());
        ParameterSpec offset = factory.parameters().get(0);
        assertEquals(0, offset.min());
        assertEquals(1472, offset.max());
        ParameterSpec offlen = factory.parameters().get(1);
        assertEquals(1, offlen.min());
        assertEquals(64, offlen.max());
        assertEquals(List.of("source-hash", "drop"), factory.parameters().get(2).choices());
        assertEquals("source-hash", factory.parameters().get(2).defaultValue());
        assertTrue(MaglevTable.isPrime(Long.parseLong(factory.parameters().get(3).defaultValue())));
    }

    @Test
    void shouldCreateAUdpSchedulerWithItsParameterFile() throws InvalidParameterException {
        FakeService udp = FakeService.udp("203.0.113.5", 4000);
        udp.add(FakeDestination.of("198.51.100.1", 4000));
        var offh = factory.create(context(udp, Map.of("offset", 4L, "offlen", 8L)));
        assertInstanceOf(OffsetHashScheduler.class, offh);
        assertEquals("offset:4;offlen:8", offh.parameterText());
        assertEquals(12, offh.payloadBytesNeeded());
    }

    @Test
    void shouldRefuseATcpServiceInThePacketEngineAndSayWhy() {
        FakeService tcp = FakeService.tcp("203.0.113.1", 80);
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> factory.create(context(tcp, Map.of())));
        assertTrue(e.getMessage().contains("tcp service TCP 203.0.113.1:80"), e.getMessage());
        assertTrue(e.getMessage().contains("SYN"), e.getMessage());
        assertTrue(e.getMessage().contains("allow-tcp=true"), e.getMessage());
    }

    @Test
    void shouldAcceptATcpServiceWhenTheDataPlaneAllowsIt() throws InvalidParameterException {
        FakeService tcp = FakeService.tcp("203.0.113.1", 80);
        assertEquals("offset:0;offlen:8", factory.create(context(tcp, Map.of("allow-tcp", true))).parameterText());
    }

    @Test
    void shouldRefuseAnSctpService() {
        ServiceView sctp = new ProtocolOverride(FakeService.udp("203.0.113.1", 80), IpProtocol.SCTP);
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> factory.create(context(sctp, Map.of("allow-tcp", true))));
        assertTrue(e.getMessage().contains("sctp service"), e.getMessage());
    }

    @Test
    void shouldAcceptAFirewallMarkService() throws InvalidParameterException {
        ServiceView fwmark = new ProtocolOverride(FakeService.udp("0.0.0.0", 0), 0);
        assertEquals("offset:0;offlen:8", factory.create(context(fwmark, Map.of())).parameterText());
    }

    @Test
    void shouldRefuseATableSizeThatIsNotPrime() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> factory.create(context(FakeService.udp("203.0.113.5", 4000), Map.of("table-size", 65536L))));
        assertEquals("table-size", e.parameter());
    }

    /** A service that claims another protocol, for the protocols the test kit has no factory for. */
    private record ProtocolOverride(FakeService delegate, int protocol) implements ServiceView {
        @Override
        public String name() {
            return IpProtocol.name(protocol).toUpperCase() + " " + delegate.name().substring(4);
        }

        @Override
        public int family() {
            return delegate.family();
        }

        @Override
        public int virtualAddressWord(int index) {
            return delegate.virtualAddressWord(index);
        }

        @Override
        public int virtualPort() {
            return delegate.virtualPort();
        }

        @Override
        public int firewallMark() {
            return protocol == 0 ? 7 : 0;
        }

        @Override
        public boolean isPersistent() {
            return false;
        }

        @Override
        public DestinationList destinations() {
            return delegate.destinations();
        }
    }
}
