package io.jvs.bench.synproxy;

import io.jvs.engine.synproxy.SynCookies;
import io.jvs.spi.AddressFamily;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one SYN cookie ({@link SynCookies#cookie}: two SipHash-2-4 hashes) and of one check
 * ({@link SynCookies#check}: two or three hashes), IPv4 (16-byte messages) and IPv6 (40 bytes), over
 * 4096 different tuples in turn; plus the TSval that carries the options. Nanoseconds per call;
 * {@code -prof gc} shows the bytes allocated per call.
 *
 * <pre>java -jar framework/bench/target/benchmarks.jar 'synproxy.SynCookie' -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SynCookieBenchmark {

    private static final int TUPLES = 4096;
    private static final long NOW = 3_600_000_000_000L;

    private final SynCookies cookies = new SynCookies(0x1122334455667788L, 0x99AABBCCDDEEFF00L);
    private final int[] sources = new int[TUPLES * 4];
    private final int[] ports = new int[TUPLES];
    private final int[] isns = new int[TUPLES];
    private final int[] cookies4 = new int[TUPLES];
    private final int[] cookies6 = new int[TUPLES];
    private int next;

    /** Creates the state; JMH does so once per trial. */
    public SynCookieBenchmark() {
    }

    /** Makes the tuples and their valid cookies. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < TUPLES; i++) {
            for (int w = 0; w < 4; w++) {
                sources[i * 4 + w] = random.nextInt();
            }
            ports[i] = random.nextInt(1024, 65536);
            isns[i] = random.nextInt();
            cookies4[i] = cookies.cookie(AddressFamily.IPV4, sources[i * 4], 0, 0, 0, 0xCB007101, 0, 0, 0, ports[i], 80,
                    isns[i], i & 3, NOW);
            cookies6[i] = cookies.cookie(AddressFamily.IPV6, sources[i * 4], sources[i * 4 + 1], sources[i * 4 + 2],
                    sources[i * 4 + 3], 0x20010db8, 0xf, 0, 1, ports[i], 443, isns[i], i & 3, NOW);
        }
    }

    private int nextTuple() {
        int i = next;
        next = (i + 1) & (TUPLES - 1);
        return i;
    }

    /**
     * One IPv4 cookie.
     *
     * @return the cookie
     */
    @Benchmark
    public int generateIpv4() {
        int i = nextTuple();
        return cookies.cookie(AddressFamily.IPV4, sources[i * 4], 0, 0, 0, 0xCB007101, 0, 0, 0, ports[i], 80, isns[i],
                i & 3, NOW);
    }

    /**
     * One IPv4 check of a valid cookie.
     *
     * @return the MSS index
     */
    @Benchmark
    public int validateIpv4() {
        int i = nextTuple();
        return cookies.check(AddressFamily.IPV4, sources[i * 4], 0, 0, 0, 0xCB007101, 0, 0, 0, ports[i], 80, isns[i],
                cookies4[i], NOW);
    }

    /**
     * One IPv4 check of an invalid cookie (an ACK flood).
     *
     * @return -1
     */
    @Benchmark
    public int rejectIpv4() {
        int i = nextTuple();
        return cookies.check(AddressFamily.IPV4, sources[i * 4], 0, 0, 0, 0xCB007101, 0, 0, 0, ports[i], 80, isns[i],
                cookies4[i] ^ 0x5A5A5A, NOW);
    }

    /**
     * One IPv6 cookie.
     *
     * @return the cookie
     */
    @Benchmark
    public int generateIpv6() {
        int i = nextTuple();
        return cookies.cookie(AddressFamily.IPV6, sources[i * 4], sources[i * 4 + 1], sources[i * 4 + 2],
                sources[i * 4 + 3], 0x20010db8, 0xf, 0, 1, ports[i], 443, isns[i], i & 3, NOW);
    }

    /**
     * One IPv6 check of a valid cookie.
     *
     * @return the MSS index
     */
    @Benchmark
    public int validateIpv6() {
        int i = nextTuple();
        return cookies.check(AddressFamily.IPV6, sources[i * 4], sources[i * 4 + 1], sources[i * 4 + 2],
                sources[i * 4 + 3], 0x20010db8, 0xf, 0, 1, ports[i], 443, isns[i], cookies6[i], NOW);
    }

    /**
     * The SYN-ACK's TSval with the options in its low bits.
     *
     * @return the TSval
     */
    @Benchmark
    public int timestamp() {
        int i = nextTuple();
        return SynCookies.timestamp(NOW + i, 7, (i & 1) == 0, false);
    }
}
