package dev.sandprof.benchmarks.jmhref;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Reference 4: data made afresh before each iteration (Level.Iteration), then searched. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IterationSetup {

    int[] sorted;
    int key;
    private final Random random = new Random(7);

    @Setup(Level.Iteration)
    public void shuffle() {
        sorted = new int[10_000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = random.nextInt(1_000_000);
        }
        Arrays.sort(sorted);
        key = sorted[random.nextInt(sorted.length)];
    }

    @Benchmark
    public int search() {
        return Arrays.binarySearch(sorted, key);
    }
}
