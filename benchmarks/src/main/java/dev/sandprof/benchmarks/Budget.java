package dev.sandprof.benchmarks;

/**
 * How much each part of the comparison measures. The default keeps a whole run within about
 * three minutes on a 2-core machine, {@code --quick} within about one.
 *
 * @param pingWarmupMillis untimed round trips of both kinds for this long first: on 2 cores the
 *     ping's latency settles only after tens of thousands of round trips (both JVMs JIT-compile)
 * @param pingIterations timed round trips of each kind
 * @param startRounds sandbox starts, each interleaved with a Hello World start
 * @param compileWarmup untimed compiles first: the host's javac keeps getting faster for ~200
 * @param programRounds warm one-line programs, each interleaved with a warm JShell eval
 * @param coldRounds JShell creations + first eval, each interleaved with a fresh sandbox + program
 * @param restartRounds restarts with a ready spare, each interleaved with a restart without one
 * @param evalWarmup untimed {@code Interpreter.eval}s first (the host's javac warms up over hundreds)
 * @param evalRounds timed JShell evals, each interleaved with {@link EvalOneLine#PER_ROUND} sandprof evals
 * @param freeRefs refs made in the sandbox, dropped, then freed in one batch
 * @param profileWork the trial division's limit: its run, unprofiled, takes about a second here
 * @param profileRounds runs of it unprofiled and under each engine
 * @param reportSeconds how long the program runs whose profile's report is timed
 * @param stdinRounds runs of {@code sandprof run} and of {@code java} counting 100 MB of lines from stdin, each way
 * @param outputRounds runs of {@code sandprof run} and of {@code java} printing 300,000 lines, and writing 100 MB at once
 */
record Budget(String name, int pingWarmupMillis, int pingIterations, int startRounds, int compileWarmup,
              int programRounds, int coldRounds, int restartRounds, int evalWarmup, int evalRounds, int freeRefs,
              int profileWork, int profileRounds, int reportSeconds, int stdinRounds, int outputRounds) {

    static final Budget DEFAULT = new Budget("default", 8_000, 30_000, 10, 200, 30, 5, 10, 300, 40, 1_000_000, 5_000_000, 7, 10, 5, 5);
    static final Budget QUICK = new Budget("quick", 3_000, 5_000, 5, 60, 10, 3, 5, 200, 15, 200_000, 5_000_000, 3, 3, 2, 2);
}
