package dev.sandprof.benchmarks.jmhref;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Reference 1: a trivial method, throughput (JMH's default mode): the harness's own cost shows. */
@State(Scope.Thread)
public class Baseline {

    int x = 42;

    @Benchmark
    public int field() {
        return x;
    }
}
