package io.jvs.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.spi.ForwardingMethod;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stand-alone entry point's service syntax, the class-path scheduler lookup and the demo servers. */
class ProxyMainTest {

    @Test
    void shouldParseAnIpv4TcpServiceWithWeights() {
        ServiceSpec s = ProxyMain.parseService("tcp/127.0.0.1:8080/rr/127.0.0.1:9001,127.0.0.2:9002*3");
        assertEquals(ServiceKey.tcp("127.0.0.1", 8080), s.key());
        assertEquals("rr", s.scheduler());
        assertEquals(List.of(DestinationSpec.nat("127.0.0.1", 9001), DestinationSpec.nat("127.0.0.2", 9002).withWeight(3)),
                s.destinations());
    }

    @Test
    void shouldParseAnIpv6UdpServiceWithAnIpv4Destination() {
        ServiceSpec s = ProxyMain.parseService("udp/[::1]:5353/rr/[::1]:5301,127.0.0.1:5302");
        assertEquals(ServiceKey.udp("::1", 5353), s.key());
        assertEquals(IpAddress.parse("::1"), s.destinations().get(0).address());
        assertEquals(ForwardingMethod.FULLNAT, s.destinations().get(1).forwarding(), "the other family is full NAT");
    }

    @Test
    void shouldRefuseTextThatIsNotAService() {
        assertThrows(IllegalArgumentException.class, () -> ProxyMain.parseService("tcp/127.0.0.1:80/rr"));
        assertThrows(IllegalArgumentException.class, () -> ProxyMain.parseService("sctp/127.0.0.1:80/rr/127.0.0.1:1"));
    }

    @Test
    void shouldFindTheIpvsPluginsSchedulersOnTheClassPath() {
        ClassPathSchedulers s = ClassPathSchedulers.load(getClass().getClassLoader(), 1);
        assertEquals(true, s.exists("rr"), s.names().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.create("nope", java.util.Map.of(), null));
        assertEquals(true, e.getMessage().contains("rr"), "the message lists the known names: " + e.getMessage());
    }

    @Test
    void shouldAnswerWithEachDemoBackendsNameThroughTheProxy() throws Exception {
        try (ProxyFixture f = new ProxyFixture(); DemoBackends demo = DemoBackends.start("127.0.0.1", 2, 0)) {
            int port = ProxyFixture.freePort("127.0.0.1");
            String spec = "tcp/127.0.0.1:" + port + "/rr/127.0.0.1:" + demo.addresses().get(0).getPort() + ",127.0.0.1:"
                    + demo.addresses().get(1).getPort();
            f.apply(ProxyMain.parseService(spec));
            try (Socket s = Clients.connect("127.0.0.1", port)) {
                s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String all = Clients.readAll(s.getInputStream());
                assertEquals(2, all.split("HTTP/1.1 200 OK", -1).length - 1, all);
                assertEquals(true, all.endsWith("\r\n\r\nbackend-1\n"), all);
            }
            assertEquals("backend-2", lastLine("127.0.0.1", port));
            assertEquals(3, demo.requests());
        }
    }

    private static String lastLine(String host, int port) throws Exception {
        try (Socket s = Clients.connect(host, port)) {
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String all = Clients.readAll(s.getInputStream()).strip();
            return all.substring(all.lastIndexOf('\n') + 1);
        }
    }
}
