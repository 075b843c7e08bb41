package io.jvs.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.service.IpAddress;
import io.jvs.spi.AddressFamily;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NeighborTableTest {

    private static final long STATIC = 0x0200_0000_0099L;
    private static final long GATEWAY = 0x0200_0000_00FEL;

    @Test
    void shouldAnswerTokensForIpv4MissesWhenResolving() {
        NeighborTable table = NeighborTable.resolvingIpv4(Map.of(IpAddress.parse("203.0.113.9"), STATIC));
        int miss = IpAddress.parse("203.0.113.10").w0();
        assertEquals(0x03FF_CB00_710AL, table.macOf(AddressFamily.IPV4, miss, 0, 0, 0, GATEWAY));
        assertEquals(STATIC, table.macOf(AddressFamily.IPV4, IpAddress.parse("203.0.113.9").w0(), 0, 0, 0, GATEWAY));
        IpAddress v6 = IpAddress.parse("2001:db8::1");
        assertEquals(GATEWAY, table.macOf(AddressFamily.IPV6, v6.w0(), v6.w1(), v6.w2(), v6.w3(), GATEWAY));
    }

    @Test
    void shouldAnswerTheFallbackWhenNotResolving() {
        NeighborTable table = new NeighborTable(Map.of());
        assertEquals(GATEWAY, table.macOf(AddressFamily.IPV4, 42, 0, 0, 0, GATEWAY));
    }
}
