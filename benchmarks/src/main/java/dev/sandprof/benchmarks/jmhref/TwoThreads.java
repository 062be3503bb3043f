package dev.sandprof.benchmarks.jmhref;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/** Reference 6: two threads, each with its own state; throughput adds up across them. */
@State(Scope.Thread)
@Threads(2)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TwoThreads {

    long state = 1;

    @Benchmark
    public long xorshift() {
        long x = state;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        state = x;
        return x;
    }
}
