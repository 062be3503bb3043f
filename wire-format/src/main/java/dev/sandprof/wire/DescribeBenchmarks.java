package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Asks which JMH benchmarks the named (defined) classes hold: answered with a {@link BenchmarkList},
 * or a {@link ProtocolError} naming an annotation or use sandprof does not support.
 */
public final class DescribeBenchmarks extends Request<BenchmarkList> {

    private List<String> classNames = new ArrayList<>();

    private DescribeBenchmarks() {}

    public DescribeBenchmarks(long requestId, List<String> classNames) {
        super(requestId);
        this.classNames = new ArrayList<>(classNames);
    }

    public List<String> classNames() {
        return List.copyOf(classNames);
    }

    @Override
    public Class<BenchmarkList> replyType() {
        return BenchmarkList.class;
    }

    @Override
    public BenchmarkList dispatchTo(RequestHandler handler) {
        return handler.describeBenchmarks(this);
    }
}
