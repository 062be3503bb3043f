package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Eight threads share one interpreter while it is restarted every two seconds: every call gives the
 * right answer or fails saying why, and none hangs. The run stops after enough restarts and calls
 * to have mixed them well (the benchmarks' {@code RestartStress} runs it for a minute).
 */
class ConcurrentRestartIT {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void callsFromEightThreadsAcrossRestartsAreRightOrRefusedWithAReason() throws InterruptedException {
        RestartStress stress = new RestartStress(8, Duration.ofSeconds(2));
        long bound = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        RestartStress.Outcome outcome;
        try (Interpreter sandbox = Interpreter.external(SandboxOptions.builder().build())) {
            sandbox.ping();
            outcome = stress.run(sandbox, () -> {
                long[] p = stress.progress();
                return p[0] >= 100 && p[1] >= 5 || System.nanoTime() > bound;
            });
        }
        System.out.println("ConcurrentRestartIT: " + outcome);
        assertThat(outcome.wrongSamples).isEmpty();
        assertThat(outcome.wrong).isZero();
        assertThat(outcome.unexpected).isZero();
        assertThat(outcome.hangs).isZero();
        assertThat(outcome.served).isPositive();
        assertThat(outcome.restarts).isPositive();
    }
}
