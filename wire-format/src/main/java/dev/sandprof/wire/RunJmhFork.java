package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one fork's worth of a benchmark with JMH's own runner (its {@code BaseRunner} and
 * {@code BenchmarkHandler}, the code path of a JMH fork) on the classes defined so far, JMH's
 * generated ones among them. Reported as it goes by {@link JmhIterationStarted},
 * {@link JmhIterationResult}, {@link JmhOutput} and, at its end, {@link JmhForkEnded}; answered
 * with {@link Done}, or a {@link UserFailure} with what JMH's runner threw.
 *
 * <p>Profilers over it: JMH's own internal ones by JMH's name ({@code gc}, {@code stack}, ...: in the
 * fork's JMH options, so their results come back as the iterations' secondary results), and one of
 * sandprof's profiling engines ({@code async}, {@code jfr}, {@code agent}) over the measurement
 * iterations, whose profile comes back as a {@link ProfileCollected} before the {@link Done}.
 */
public final class RunJmhFork extends Request<Done> {

    private JmhBenchmarkParams params;
    private List<ClassBytes> runner = new ArrayList<>();
    private boolean failOnError;
    private boolean doGC;
    private boolean embedded;
    private List<String> profilers = new ArrayList<>();
    private String profileEngine;
    private String profileEvent;
    private String jfrFile;

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

    /**
     * With profilers.
     *
     * @param profilers     JMH's internal profilers, each as JMH's {@code -prof} takes it: {@code NAME[:OPTIONS]}
     * @param profileEngine sandprof's engine over the measurement iterations ({@code async}, {@code jfr},
     *                      {@code agent}), or {@code null} for none
     * @param profileEvent  its event ({@code cpu}, {@code wall}, {@code alloc}, {@code lock})
     * @param jfrFile       an absolute path for the JFR recording, or {@code null}
     */
    public RunJmhFork(long requestId, JmhBenchmarkParams params, List<ClassBytes> runner, boolean failOnError, boolean doGC,
                      boolean embedded, List<String> profilers, String profileEngine, String profileEvent, String jfrFile) {
        this(requestId, params, runner, failOnError, doGC, embedded);
        this.profilers = new ArrayList<>(profilers);
        this.profileEngine = profileEngine;
        this.profileEvent = profileEvent;
        this.jfrFile = jfrFile;
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

    public List<String> profilers() {
        return List.copyOf(profilers);
    }

    public String profileEngine() {
        return profileEngine;
    }

    public String profileEvent() {
        return profileEvent;
    }

    public String jfrFile() {
        return jfrFile;
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
