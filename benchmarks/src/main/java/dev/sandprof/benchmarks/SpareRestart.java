package dev.sandprof.benchmarks;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.internal.ExternalInterpreter;

/**
 * d. From {@link Interpreter#restart()} to the next {@code ping()} answered, with a spare sandbox
 * ready ({@code spare=true}) and without ({@code spare=false}: the successor starts at the
 * restart). Rounds alternate which goes first.
 *
 * <p>{@link ExternalInterpreter} starts the spare when a sandbox is handed out after a restart, so
 * after each timed spare round this waits until that spare's handshake is done. The sandbox sends
 * its handshake before it has loaded Chronicle Wire and goes on initialising after it, so a spare
 * then gets {@link #SPARE_SETTLE_MS} more to finish, as it would while a user reads the last output;
 * a round without a spare rests {@link #SETTLE_MS}, so no timed round shares the CPUs with a start.
 */
final class SpareRestart {

    private static final long SPARE_SETTLE_MS = 1000;
    private static final long SETTLE_MS = 300;

    private final Samples spareTotal = new Samples();
    private final Samples spareRestart = new Samples();
    private final Samples coldTotal = new Samples();
    private final Samples coldRestart = new Samples();
    private final Samples sparePing = new Samples();
    private final Samples coldPing = new Samples();

    void run(Budget budget, SandboxOptions base, ResultTable table) throws InterruptedException {
        try (Interpreter withSpare = Interpreter.external(base.toBuilder().spare(true).build());
             Interpreter without = Interpreter.external(base.toBuilder().spare(false).build())) {
            withSpare.ping();
            without.ping();
            // An untimed restart of each: from the first restart on, the spare interpreter keeps a spare.
            restartAndPing(withSpare, new Samples(), new Samples(), new Samples());
            restartAndPing(without, new Samples(), new Samples(), new Samples());
            for (int round = 0; round < budget.restartRounds(); round++) {
                if (round % 2 == 0) {
                    spareRound(withSpare);
                    coldRound(without);
                } else {
                    coldRound(without);
                    spareRound(withSpare);
                }
            }
        }
        table.info("d. restart->ping: spare=true vs spare=false", spareTotal, coldTotal, ResultTable.Statistic.MEDIAN);
        table.info("d. restart() alone: spare=true vs spare=false", spareRestart, coldRestart, ResultTable.Statistic.MEDIAN);
        table.info("d. ping() after restart(): spare=true vs false", sparePing, coldPing, ResultTable.Statistic.MEDIAN);
        table.note("d. Interpreter.restart() then ping() on an interpreter with a ready spare (its handshake waited for, then "
                + SPARE_SETTLE_MS + " ms rest) vs one without (its successor starts at restart()). 'restart() alone' is the"
                + " part spent in restart(): it ends the old sandbox and waits for its exit; 'ping() after' is the rest."
                + " " + budget.restartRounds() + " rounds, after 1 untimed restart of each.");
    }

    private void spareRound(Interpreter withSpare) throws InterruptedException {
        awaitSpare(withSpare);
        Thread.sleep(SPARE_SETTLE_MS);
        restartAndPing(withSpare, spareTotal, spareRestart, sparePing);
        awaitSpare(withSpare); // the next spare starts now: let it finish before anything else is timed
    }

    private void coldRound(Interpreter without) throws InterruptedException {
        Thread.sleep(SETTLE_MS);
        restartAndPing(without, coldTotal, coldRestart, coldPing);
    }

    private static void restartAndPing(Interpreter sandbox, Samples total, Samples restart, Samples ping) {
        long t0 = System.nanoTime();
        sandbox.restart();
        long t1 = System.nanoTime();
        sandbox.ping();
        long t2 = System.nanoTime();
        restart.add(t1 - t0);
        ping.add(t2 - t1);
        total.add(t2 - t0);
    }

    /** Waits until the interpreter's spare is started and warm, so that no start overlaps a timing. */
    private static void awaitSpare(Interpreter sandbox) {
        ((ExternalInterpreter) sandbox).awaitSpare();
    }
}
