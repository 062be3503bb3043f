package dev.sandprof.benchmarks.jmhref;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Reference 3: a @Param sweep, the work growing with the parameter. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParamSweep {

    @Param({"16", "256", "4096"})
    int size;

    int[] values;

    @Setup
    public void fill() {
        values = new int[size];
        for (int i = 0; i < size; i++) {
            values[i] = i * 31 % 1000;
        }
    }

    @Benchmark
    public long sum() {
        long s = 0;
        for (int v : values) {
            s += v;
        }
        return s;
    }
}
