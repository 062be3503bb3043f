package dev.sandprof.benchmarks.jmhref;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Reference 2: a computation whose results a Blackhole consumes, average time. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Consumed {

    double seed = 3.5;

    @Benchmark
    public void logs(Blackhole bh) {
        for (int i = 1; i <= 32; i++) {
            bh.consume(Math.log(seed * i));
        }
    }
}
