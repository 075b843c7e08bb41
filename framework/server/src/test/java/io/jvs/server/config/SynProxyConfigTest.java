package io.jvs.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.server.SourceTree;
import org.junit.jupiter.api.Test;

/** The {@code synproxy} key of a service: its default, and the refusals that name it with file, line and column. */
class SynProxyConfigTest {

    static JvsConfig bind(String yaml) throws ConfigException {
        return ConfigDocument.parse(yaml, "jvs.yaml", SourceTree.home()).bind(null);
    }

    static String refusal(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> bind(yaml));
        assertEquals(1, e.problems().size(), e.problems().toString());
        return e.problems().get(0).toString();
    }

    @Test
    void shouldBeOffByDefaultAndOnWhenSet() throws ConfigException {
        JvsConfig off = bind("services:\n  - {protocol: tcp, address: 203.0.113.1, port: 80, scheduler: rr,"
                + " destinations: [{address: 198.51.100.7, forwarding: dr}]}\n");
        assertFalse(off.toServiceSpecs().get(0).synProxy());
        JvsConfig on = bind("services:\n  - protocol: tcp\n    address: 203.0.113.1\n    port: 80\n    scheduler: rr\n"
                + "    synproxy: true\n    destinations: [{address: 198.51.100.7, port: 8080, forwarding: nat}]\n");
        assertTrue(on.toServiceSpecs().get(0).synProxy());
    }

    @Test
    void shouldRefuseSynproxyWithADirectRoutingDestination() {
        String message = refusal("services:\n  - protocol: tcp\n    address: 203.0.113.1\n    port: 80\n"
                + "    scheduler: rr\n    synproxy: true\n    destinations:\n"
                + "      - {address: 198.51.100.7, port: 8080, forwarding: nat}\n"
                + "      - {address: 198.51.100.8, forwarding: dr}\n");
        assertTrue(message.startsWith("jvs.yaml:6:15: services[0].synproxy: needs nat or fullnat forwarding"), message);
        assertTrue(message.contains("destinations[1] (198.51.100.8:80) uses dr"), message);
    }

    @Test
    void shouldRefuseSynproxyOnUdp() {
        String message = refusal("services:\n  - {protocol: udp, address: 203.0.113.1, port: 53, scheduler: rr,"
                + " synproxy: true, destinations: [{address: 198.51.100.7, forwarding: nat}]}\n");
        assertTrue(message.contains("services[0].synproxy: only TCP services can be SYN-proxied"), message);
    }

    @Test
    void shouldRefuseAValueThatIsNotABoolean() {
        String message = refusal("services:\n  - {protocol: tcp, address: 203.0.113.1, port: 80, scheduler: rr,"
                + " synproxy: maybe, destinations: [{address: 198.51.100.7, forwarding: nat}]}\n");
        assertTrue(message.contains("services[0].synproxy: expected true or false, got a string (\"maybe\")"),
                message);
    }

    @Test
    void shouldMapTheEngineSectionToTheEnginesSettings() throws ConfigException {
        io.jvs.engine.synproxy.SynProxySettings defaults = bind("engine: {data-plane: memory}\n").toEngineSettings()
                .synProxy();
        assertEquals(io.jvs.engine.synproxy.SynProxySettings.defaults(), defaults);
        io.jvs.engine.synproxy.SynProxySettings set = bind("engine:\n  data-plane: memory\n  synproxy:\n"
                + "    sessions-per-worker: 1Ki\n    buffer-bytes: 512\n    collect-timeout: 250ms\n"
                + "    server-syn-retries: 4\n    server-syn-timeout: 2s\n    window-scale: 9\n"
                + "    reset-invalid-ack: yes\n").toEngineSettings().synProxy();
        assertEquals(new io.jvs.engine.synproxy.SynProxySettings(1024, 512, 250_000_000L, 4, 2_000_000_000L, 9, true,
                null), set);
    }

    @Test
    void shouldRefuseAWindowScaleAbove14() {
        String message = refusal("engine:\n  synproxy: {window-scale: 15}\n");
        assertTrue(message.contains("engine.synproxy.window-scale"), message);
    }
}
