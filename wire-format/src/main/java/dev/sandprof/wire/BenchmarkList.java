package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/** The benchmarks {@link DescribeBenchmarks} found. */
public final class BenchmarkList extends Reply {

    private List<BenchmarkInfo> benchmarks = new ArrayList<>();

    private BenchmarkList() {}

    public BenchmarkList(long requestId, List<BenchmarkInfo> benchmarks) {
        super(requestId);
        this.benchmarks = new ArrayList<>(benchmarks);
    }

    public List<BenchmarkInfo> benchmarks() {
        return List.copyOf(benchmarks);
    }
}
