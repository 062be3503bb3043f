package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one fork's worth of a benchmark with JMH's own runner (its {@code BaseRunner} and
 * {@code BenchmarkHandler}, the code path of a JMH fork) on the classes defined so far, JMH's
 * generated ones among them. Reported as it goes by {@link JmhIterationStarted},
 * {@link JmhIterationResult}, {@link JmhOutput} and, at its end, {@link JmhForkEnded}; answered
 * with {@link Done}, or a {@link UserFailure} with what JMH's runner threw.
 */
public final class RunJmhFork extends Request<Done> {

    private JmhBenchmarkParams params;
    private List<ClassBytes> runner = new ArrayList<>();
    private boolean failOnError;
    private boolean doGC;
    private boolean embedded;

    private RunJmhFork() {}

    /**
     * @param runner      the classes of the fork's runner, which extends JMH's own (the host's build has them)
     * @param failOnError JMH's {@code -foe}
     * @param doGC        JMH's {@code -gc}
     * @param embedded    one of JMH's non-forked runs ({@code -f 0}): the sandbox's embedded runs share one
     *                    loader, as they share JMH's one JVM, instead of each fork having its own
     */
    public RunJmhFork(long requestId, JmhBenchmarkParams params, List<ClassBytes> runner, boolean failOnError, boolean doGC,
                      boolean embedded) {
        super(requestId);
        this.params = params;
        this.runner = new ArrayList<>(runner);
        this.failOnError = failOnError;
        this.doGC = doGC;
        this.embedded = embedded;
    }

    public JmhBenchmarkParams params() {
        return params;
    }

    public List<ClassBytes> runner() {
        return List.copyOf(runner);
    }

    public boolean failOnError() {
        return failOnError;
    }

    public boolean doGC() {
        return doGC;
    }

    public boolean embedded() {
        return embedded;
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.runJmhFork(this);
    }
}
