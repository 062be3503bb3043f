package dev.sandprof.benchmarks;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * b. A fresh sandbox, from {@link Interpreter#external} to its handshake ({@code info()} returns)
 * and to its first ping answered, against a Hello World JVM spawned from the same host, timed to
 * its line read and to its exit. Rounds alternate which goes first.
 */
final class SandboxStart {

    private final Samples toInfo = new Samples();
    private final Samples toPing = new Samples();
    private final Samples helloLine = new Samples();
    private final Samples helloExit = new Samples();

    void run(Budget budget, SandboxOptions cold, ResultTable table) throws IOException, InterruptedException {
        // One untimed round first: the host's process-spawning and socket code is cold too.
        sandbox(cold, new Samples(), new Samples());
        hello(new Samples(), new Samples());
        for (int round = 0; round < budget.startRounds(); round++) {
            if (round % 2 == 0) {
                sandbox(cold, toInfo, toPing);
                hello(helloLine, helloExit);
            } else {
                hello(helloLine, helloExit);
                sandbox(cold, toInfo, toPing);
            }
        }
        table.row("b. sandbox start->info() vs Hello->first line", toInfo, helloLine, ResultTable.Statistic.MEDIAN, 5);
        // The handshake may go out before the sandbox can serve: judge "ready" by the first answer too.
        table.row("b. sandbox start->1st ping vs Hello->first line", toPing, helloLine, ResultTable.Statistic.MEDIAN, 5);
        table.info("b. sandbox start->info() vs Hello->exit", toInfo, helloExit, ResultTable.Statistic.MEDIAN);
        table.note("b. sandprof: Interpreter.external(spare=false) until info() returns (handshake decoded), then until the"
                + " first ping() is answered (the sandbox's first Chronicle decode); closed after, untimed. Reference:"
                + " `java -cp benchmarks/target/classes " + HelloWorld.class.getName() + "` spawned by this JVM, timed to its"
                + " line read and to its exit. The target is judged on both info() and the first answer, since the handshake"
                + " can go out before the sandbox is able to serve a request. " + budget.startRounds() + " rounds, 1 untimed warm-up round.");
    }

    private static void sandbox(SandboxOptions cold, Samples toInfo, Samples toPing) {
        long t0 = System.nanoTime();
        Interpreter sandbox = Interpreter.external(cold);
        try {
            sandbox.info();
            long t1 = System.nanoTime();
            sandbox.ping();
            long t2 = System.nanoTime();
            toInfo.add(t1 - t0);
            toPing.add(t2 - t0);
        } finally {
            sandbox.close();
        }
    }

    private static void hello(Samples toLine, Samples toExit) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(ChildJvm.command(HelloWorld.class))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
            long t1 = System.nanoTime();
            int status = p.waitFor();
            long t2 = System.nanoTime();
            if (!"Hello, World".equals(line) || status != 0) {
                throw new IllegalStateException("Hello World printed " + line + " and exited with " + status);
            }
            toLine.add(t1 - t0);
            toExit.add(t2 - t0);
        } finally {
            p.destroyForcibly();
        }
    }
}
