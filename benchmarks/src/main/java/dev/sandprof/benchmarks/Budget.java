package dev.sandprof.benchmarks;

/**
 * How much each part of the comparison measures. The default keeps a whole run within about three
 * minutes on a 2-core machine, {@code --quick} within about one.
 *
 * @param pingWarmup untimed round trips of each kind before measuring
 * @param pingIterations timed round trips of each kind
 * @param startRounds sandbox starts, each interleaved with a Hello World start
 * @param programRounds warm one-line programs, each interleaved with a warm JShell eval
 * @param jshellColdRounds cold JShell starts + first eval, each interleaved with a cold sandprof run
 * @param restartRounds restarts with a ready spare, each interleaved with a cold restart
 */
record Budget(String name, int pingWarmup, int pingIterations, int startRounds, int programRounds,
              int jshellColdRounds, int restartRounds) {

    static final Budget DEFAULT = new Budget("default", 5_000, 20_000, 10, 30, 5, 10);
    static final Budget QUICK = new Budget("quick", 2_000, 5_000, 5, 10, 3, 5);
}
