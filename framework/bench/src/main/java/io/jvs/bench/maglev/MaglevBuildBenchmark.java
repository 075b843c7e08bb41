package io.jvs.bench.maglev;

import io.jvs.plugins.maglev.MaglevTable;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to build one Maglev lookup table with {@link MaglevTable#build}: hashing N keys, filling M
 * slots, allocating the table. The paper reports 1.8 ms for M = 65537 and 22.9 ms for M = 655373
 * (N = 1000, NSDI 2016 §5.3). Reports milliseconds per build.
 *
 * <pre>java -jar framework/bench/target/benchmarks.jar 'maglev.MaglevBuild' -f 1 -wi 3 -i 5 -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MaglevBuildBenchmark {

    /** Table size M. */
    @Param({"65537", "655373"})
    public int tableSize;

    /** Number of destinations N. */
    @Param({"1000"})
    public int destinations;

    /** {@code equal}: all weights 1 (the paper's loop); {@code 1-4}: weights 1, 2, 3, 4 in turn (credit loop). */
    @Param({"equal", "1-4"})
    public String weights;

    private List<String> keys;
    private int[] weightArray;

    /** Creates the benchmark state; JMH does so once per trial. */
    public MaglevBuildBenchmark() {
    }

    /** Creates N keys {@code "10.a.b.c:80"} and their weights. */
    @Setup
    public void createDestinations() {
        keys = SyntheticKeys.of(destinations);
        weightArray = new int[destinations];
        if (weights.equals("equal")) {
            Arrays.fill(weightArray, 1);
        } else {
            for (int i = 0; i < destinations; i++) {
                weightArray[i] = 1 + i % 4;
            }
        }
    }

    /**
     * Builds one table.
     *
     * @return the table, so that the work is not eliminated
     */
    @Benchmark
    public int[] build() {
        return MaglevTable.build(keys, weightArray, tableSize);
    }
}
