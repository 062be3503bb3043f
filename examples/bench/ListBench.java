package bench;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** A JMH benchmark, unchanged: sum a list by index, ArrayList against LinkedList. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class ListBench {

    @Param({"10", "1000"})
    int size;

    List<Integer> array;
    List<Integer> linked;

    @Setup
    public void fill() {
        array = new ArrayList<>();
        linked = new LinkedList<>();
        for (int i = 0; i < size; i++) {
            array.add(i);
            linked.add(i);
        }
    }

    @Benchmark
    public long arrayList() {
        long sum = 0;
        for (int i = 0; i < array.size(); i++) {
            sum += array.get(i);
        }
        return sum;
    }

    @Benchmark
    public void linkedList(Blackhole bh) {
        for (int i = 0; i < linked.size(); i++) {
            bh.consume(linked.get(i));
        }
    }
}
