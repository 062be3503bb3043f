package dev.sandprof.benchmarks;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.RestartStress;
import dev.sandprof.host.SandboxOptions;
import java.time.Duration;

/**
 * N threads of {@code eval}/{@code call} on one interpreter for S seconds, with a
 * {@code restart()} every R seconds: calls served, wrong results, hangs and the reasons given for
 * the calls that restarts cut short.
 *
 * <p>Usage: {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*'
 * dev.sandprof.benchmarks.RestartStressRun [THREADS [SECONDS [RESTART_EVERY_SECONDS]]]} (8, 60, 3).
 */
public final class RestartStressRun {

    private RestartStressRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 60;
        long every = args.length > 2 ? Long.parseLong(args[2]) : 3;
        RestartStress stress = new RestartStress(threads, Duration.ofSeconds(every));
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        try (Interpreter sandbox = Interpreter.external(SandboxOptions.builder().build())) {
            sandbox.ping();
            RestartStress.Outcome outcome = stress.run(sandbox, () -> System.nanoTime() >= end);
            System.out.println(threads + " threads, " + seconds + " s, a restart() every " + every + " s: " + outcome);
            outcome.wrongSamples.forEach(System.out::println);
            System.exit(outcome.wrong + outcome.unexpected + outcome.hangs == 0 ? 0 : 1);
        }
    }
}
