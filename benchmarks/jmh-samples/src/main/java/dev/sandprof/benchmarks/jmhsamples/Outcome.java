package dev.sandprof.benchmarks.jmhsamples;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How one side's run of a sample ended: it ran (every benchmark it reported has a score), it was
 * refused by name (sandprof names what it does not support), or it failed (a non-zero exit
 * status, benchmarks that failed, scores missing, the run hung). A refusal or failure carries the
 * first line of its reason from the side's output.
 */
record Outcome(Kind kind, int rows, int failedBenchmarks, String reason) {

    // rows: the side's primary rows (a benchmark, its params and mode), what JMH's table has one line each for

    enum Kind {
        RAN("ran"),
        PARTIAL("ran in part"),
        REFUSED("refused"),
        FAILED("failed"),
        TIMED_OUT("timed out");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    /** What sandprof says when it refuses by name (in the CLI, or from every fork). */
    private static final Pattern REFUSAL = Pattern.compile("not supported|unsupported|refuse|does not honou?r", Pattern.CASE_INSENSITIVE);

    /** Lines that say why a run failed, in either tool's output. */
    private static final Pattern REASON = Pattern.compile(
            "^sandprof bench: |<failure|Exception|Error[: ]|^ERROR|not supported|no @Benchmark|Benchmark had encountered error");

    private static final int REASON_WIDTH = 200;

    /**
     * @param output what the side printed (stdout and stderr together)
     * @param rows the rows of its JSON result (empty when it wrote none)
     */
    static Outcome classify(int exitStatus, boolean timedOut, String output, List<ResultRow> rows) {
        String[] lines = output.split("\\R");
        String reason = "";
        int failures = 0;
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("<failure")) {
                failures++;
            }
            if (reason.isEmpty() && REASON.matcher(t).find()) {
                reason = t;
            }
        }
        int primary = (int) rows.stream().filter(r -> r.metric().isEmpty()).count();
        long scored = rows.stream().filter(r -> r.metric().isEmpty() && Double.isFinite(r.score())).count();
        long unscored = rows.stream().filter(r -> r.metric().isEmpty() && !Double.isFinite(r.score())).count();
        if (timedOut) {
            return new Outcome(Kind.TIMED_OUT, primary, failures, firstLine(reason.isEmpty() ? "ended by the harness" : reason));
        }
        if (unscored > 0 && reason.isEmpty()) {
            reason = unscored + " benchmark(s) with score NaN, exit status " + exitStatus;
        }
        if (exitStatus == 0 && failures == 0 && unscored == 0 && scored > 0) {
            return new Outcome(Kind.RAN, primary, 0, "");
        }
        if (reason.isEmpty()) {
            reason = scored == 0 ? "no result rows, exit status " + exitStatus : "exit status " + exitStatus;
        }
        if (scored > 0) {
            return new Outcome(Kind.PARTIAL, primary, failures, firstLine(reason));
        }
        return new Outcome(REFUSAL.matcher(reason).find() ? Kind.REFUSED : Kind.FAILED, primary, failures, firstLine(reason));
    }

    /**
     * This outcome, knowing which of JMH's {@code expected} primary rows this side has none for:
     * a run that ended well without all of them ran only in part (or, without any, failed).
     */
    Outcome withMissing(List<String> missing, long expected) {
        if (kind != Kind.RAN || missing.isEmpty()) {
            return this;
        }
        String why = "no result for " + missing.size() + " of JMH's " + expected + " rows: " + String.join(", ", missing);
        return new Outcome(missing.size() < expected ? Kind.PARTIAL : Kind.FAILED, rows, failedBenchmarks, firstLine(why));
    }

    String text() {
        String s = switch (kind) {
            case RAN -> "ran (" + rows + " rows)";
            case PARTIAL -> "ran in part (" + rows + " rows" + (failedBenchmarks > 0 ? ", " + failedBenchmarks + " failures" : "") + ")";
            default -> kind.text;
        };
        return reason.isEmpty() ? s : s + ": " + reason;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        return t.length() <= REASON_WIDTH ? t : t.substring(0, REASON_WIDTH - 3) + "...";
    }
}
