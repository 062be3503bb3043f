package workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The call-heavy and throw-heavy workloads of {@code dev.sandprof.benchmarks.CallStackBenchmark}, standing for
 * user code: hence a package outside {@code dev.sandprof}, which the agent never instruments. The
 * benchmark loads copies of this class through loaders of its own, one the agent instruments and
 * one it does not, so both run the same bytecode.
 */
public final class Workloads {

    private Workloads() {}

    /** Nearly all time is calls: the worst case for per-call recording. */
    public static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    /** Collection work with a call every few operations. */
    public static long collections(int n) {
        List<Integer> list = new ArrayList<>();
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            list.add(key(i));
        }
        for (int v : list) {
            counts.merge(v, 1, Integer::sum);
        }
        long sum = 0;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            sum += weigh(e.getKey(), e.getValue());
        }
        return sum;
    }

    /** Throws and catches {@code n} exceptions one call down: what exception tracing costs a throw. */
    public static long throwLoop(int n) {
        long caught = 0;
        for (int i = 0; i < n; i++) {
            try {
                fail(i);
            } catch (IllegalArgumentException e) {
                caught++;
            }
        }
        return caught;
    }

    private static void fail(int i) {
        throw new IllegalArgumentException("no " + i);
    }

    private static int key(int i) {
        return (i * 31) % 1000;
    }

    private static long weigh(int key, int count) {
        return (long) key * count;
    }
}
