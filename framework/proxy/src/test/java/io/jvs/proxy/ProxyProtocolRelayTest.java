package io.jvs.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.service.ServiceKey;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The PROXY protocol line reaches the destination first, before the client's bytes. */
class ProxyProtocolRelayTest {

    @Test
    void shouldSendTheClientAddressToTheDestinationFirst() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.plane.setServiceOptions(ServiceKey.tcp("127.0.0.1", port),
                    ServiceOptions.DEFAULT.withProxyProtocol(ProxyProtocolVersion.V1));
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a));
            int clientPort;
            try (Socket s = Clients.connect("127.0.0.1", port)) {
                clientPort = s.getLocalPort();
                s.getOutputStream().write("GET".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                Clients.readAll(s.getInputStream());
            }
            TcpProxyTest.waitFor(() -> a.transcripts().size() == 1);
            assertEquals("PROXY TCP4 127.0.0.1 127.0.0.1 " + clientPort + " " + port + "\r\nGET",
                    new String(a.transcripts().get(0), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void shouldSendTheHeaderBeforeThePeekedBytesOfAPayloadScheduler() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.plane.setServiceOptions(ServiceKey.tcp("127.0.0.1", port),
                    ServiceOptions.DEFAULT.withProxyProtocol(ProxyProtocolVersion.V2));
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "hash8", a));
            try (Socket s = Clients.connect("127.0.0.1", port)) {
                s.getOutputStream().write("12345678-rest".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                Clients.readAll(s.getInputStream());
            }
            TcpProxyTest.waitFor(() -> a.transcripts().size() == 1);
            byte[] got = a.transcripts().get(0);
            assertEquals(28 + 13, got.length);
            assertEquals(0x21, got[12]);
            assertEquals(0x11, got[13]);
            assertEquals("12345678-rest", new String(got, 28, 13, StandardCharsets.US_ASCII));
        }
    }
}
