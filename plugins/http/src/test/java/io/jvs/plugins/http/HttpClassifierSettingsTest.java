package io.jvs.plugins.http;

import static io.jvs.plugins.http.Classifiers.context;
import static io.jvs.plugins.http.Classifiers.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.InvalidParameterException;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Configuration checks at create time: every error names its parameter and the part that is wrong. */
class HttpClassifierSettingsTest {

    private final FakeService service = FakeService.tcp("203.0.113.1", 80);

    HttpClassifierSettingsTest() {
        service.add(FakeDestination.of("10.0.0.1", 80), FakeDestination.of("10.0.0.3", 80));
    }

    private InvalidParameterException refused(Map<String, ?> overrides) {
        Map<String, Object> p = new HashMap<>(overrides);
        p.putIfAbsent("pools", "reads=10.0.0.1:80,10.0.0.2:80; writes=10.0.0.3:80");
        FakeSchedulerContext c = context(service, p);
        return assertThrows(InvalidParameterException.class, () -> create(c));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ~ ", quoteCharacter = '"', value = {
        "rules ~ method=GET -> reads:rr; method=PUT -> writes:wxc"
                + " ~ rules[1].scheduler: unknown scheduler 'wxc', installed: http-method, lc, rr, wlc, wrr",
        "rules ~ method=GET -> nowhere:rr ~ rules[0].pool: unknown pool 'nowhere'; pools: all, reads, writes",
        "rules ~ method=GET reads:rr ~ rules[0]: 'method=GET reads:rr' lacks '-> target' (e.g. method=GET|HEAD -> reads:rr)",
        "rules ~ method=get -> reads:rr ~ rules[0].method: 'get' matches none of the methods"
                + " GET HEAD POST PUT DELETE CONNECT OPTIONS TRACE PATCH (methods are case-sensitive; see 'methods')",
        "rules ~ uri=^/(a -> reads:rr ~ rules[0].uri: invalid regex '^/(a': Unclosed group near index 4",
        "rules ~ host=x -> reads:rr ~ rules[0]: 'host=x' is neither method=REGEX nor uri=REGEX",
        "rules ~ method=GET -> reads:wrr(weight=3) ~ rules[0].scheduler-parameters.weight: unknown parameter;"
                + " this scheduler takes no parameters (inner scheduler 'wrr')",
        "rules ~ method=GET -> reads:rr( ~ rules[0].target: 'reads:rr(': the parameters must end with ')'",
        "pools ~ reads=10.0.0.1:80,db.example:80 ~ pools.reads: 'db.example:80' is not an IP address literal with an"
                + " optional port",
        "pools ~ reads=10.0.0.1:99999 ~ pools.reads: '10.0.0.1:99999': the port must be 1..65535",
        "pools ~ all=10.0.0.1 ~ the pool 'all' is implicit (every destination) and cannot be redefined",
        "pools ~ reads=10.0.0.1; reads=10.0.0.3 ~ pool 'reads' is defined twice",
        "pools ~ reads 10.0.0.1 ~ 'reads 10.0.0.1' is not name=member,member (e.g. reads=10.0.0.1:80,10.0.0.2:80)",
        "default-pool ~ elsewhere:rr ~ unknown pool 'elsewhere'; pools: all, reads, writes",
        "default-pool ~ reads:nope ~ scheduler: unknown scheduler 'nope', installed: http-method, lc, rr, wlc, wrr",
        "methods ~ GET G(T ~ method 'G(T' is not a token (RFC 9110 §5.6.2): character '('",
        "methods ~ GET GET ~ method 'GET' is listed twice"})
    void shouldRefuseAndNameTheParameter(String parameter, String value, String message) {
        InvalidParameterException e = refused(Map.of(parameter, value));
        assertEquals(parameter, e.parameter());
        assertEquals(parameter + ": " + message, e.getMessage());
    }

    @Test
    void shouldAcceptTheDocumentedReadWriteSplit() throws Exception {
        FakeSchedulerContext c = context(service, Map.of(
                "pools", "reads=10.0.0.1:80,10.0.0.2:80\nwrites=10.0.0.3:80",
                "rules", "method=GET|HEAD uri=^/static/ -> reads:rr\nmethod=GET|HEAD -> reads:wlc\n"
                        + "method=POST|PUT|DELETE|PATCH -> writes:wlc",
                "default-pool", "writes"));
        HttpMethodScheduler s = create(c);
        HttpClassifierSettings settings = s.settings();
        assertEquals(3, settings.rules().size());
        assertEquals("writes:wlc", settings.defaultTarget().toString(), "wlc when the target names no scheduler");
        assertEquals(3, c.innerMetrics().size(), "reads:rr, reads:wlc and writes:wlc (shared with the default)");
        assertEquals(0b11, settings.rules().get(1).methodMask(), "GET and HEAD are methods 0 and 1");
    }

    @Test
    void shouldParseTargetsWithInnerParametersAndIpv6Members() {
        TargetSpec t = TargetSpec.parse("reads:mh(mh-port=true, mh-fallback=false)");
        assertEquals("reads", t.pool());
        assertEquals("mh", t.scheduler());
        assertEquals(Map.of("mh-port", "true", "mh-fallback", "false"), t.parameters());
        assertEquals("reads:mh(mh-fallback=false,mh-port=true)", t.toString());
        assertEquals(8080, PoolMember.parse("[2001:db8::7]:8080").port());
        assertEquals(0, PoolMember.parse("2001:db8::7").port());
        assertTrue(PoolMember.parse("[2001:db8::7]:80").toString().startsWith("[2001:db8:"));
    }
}
