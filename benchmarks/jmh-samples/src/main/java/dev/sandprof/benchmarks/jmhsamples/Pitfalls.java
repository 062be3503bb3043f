package dev.sandprof.benchmarks.jmhsamples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The pitfall samples and the conclusion each teaches, as claims about ratios of its scores
 * (average times: larger is slower). A side's conclusion is which claims hold on its rows; sandprof
 * reaches JMH's conclusion when every claim holds on both sides or on neither. The thresholds say
 * what the sample's text says ("on par", "twice", "severely slower", "does not depend on size")
 * with room for a noisy machine; the figures are printed beside them.
 */
final class Pitfalls {

    private Pitfalls() {}

    /**
     * {@code numerator / denominator} above (or below) {@code threshold}. A term is a method's
     * simple name, optionally with one param: {@code measureRight_1@size=1000}.
     */
    record Claim(String numerator, String denominator, boolean above, double threshold) {

        String text() {
            return numerator + " / " + denominator + (above ? " > " : " < ") + format(threshold);
        }
    }

    /** A claim evaluated on one side's rows; {@code ratio} is NaN when a row is missing. */
    record Finding(Claim claim, double ratio) {

        boolean known() {
            return Double.isFinite(ratio);
        }

        boolean holds() {
            return known() && (claim.above ? ratio > claim.threshold : ratio < claim.threshold);
        }

        String text() {
            return claim.text() + ": " + (known() ? format(ratio) + (holds() ? " yes" : " no") : "?");
        }
    }

    /** What the sample teaches, in words, and its claims. */
    record Pitfall(String sample, String lesson, List<Claim> claims) {

        List<Finding> findings(List<ResultRow> rows) {
            List<Finding> out = new ArrayList<>();
            for (Claim c : claims) {
                out.add(new Finding(c, score(rows, c.numerator) / score(rows, c.denominator)));
            }
            return out;
        }

        /**
         * "reached" when sandprof's findings agree with JMH's claim by claim, "not reached" when
         * one differs, "no conclusion" when a row is missing on either side.
         */
        static String agreement(List<Finding> jmh, List<Finding> sandprof) {
            for (int i = 0; i < jmh.size(); i++) {
                if (!jmh.get(i).known() || !sandprof.get(i).known()) {
                    return "no conclusion";
                }
            }
            for (int i = 0; i < jmh.size(); i++) {
                if (jmh.get(i).holds() != sandprof.get(i).holds()) {
                    return "NOT REACHED";
                }
            }
            return "reached";
        }
    }

    private static final Map<String, Pitfall> PITFALLS = Map.of(
            "JMHSample_08_DeadCode", new Pitfall("JMHSample_08_DeadCode",
                    "measureWrong ~ baseline (its computation eliminated), measureRight much slower",
                    List.of(new Claim("measureWrong", "baseline", false, 2), new Claim("measureRight", "baseline", true, 3))),
            "JMHSample_09_Blackholes", new Pitfall("JMHSample_09_Blackholes",
                    "measureWrong ~ baseline (one compute eliminated), both measureRight ~ twice baseline",
                    List.of(new Claim("measureWrong", "baseline", false, 1.5), new Claim("measureRight_1", "baseline", true, 1.5),
                            new Claim("measureRight_2", "baseline", true, 1.5))),
            "JMHSample_10_ConstantFold", new Pitfall("JMHSample_10_ConstantFold",
                    "both measureWrong ~ baseline (folded), measureRight much slower",
                    List.of(new Claim("measureWrong_1", "baseline", false, 2), new Claim("measureWrong_2", "baseline", false, 2),
                            new Claim("measureRight", "baseline", true, 3))),
            "JMHSample_11_Loops", new Pitfall("JMHSample_11_Loops",
                    "the more repetitions, the cheaper an addition looks, far below measureRight",
                    List.of(new Claim("measureWrong_1", "measureWrong_1000", true, 2),
                            new Claim("measureWrong_100000", "measureRight", false, 0.5))),
            "JMHSample_12_Forking", new Pitfall("JMHSample_12_Forking",
                    "in one JVM (@Fork(0)) c2 and then c1 again are slower than c1 first (profiles mixed); forked, c1 ~ c2",
                    List.of(new Claim("measure_2_c2", "measure_1_c1", true, 1.5),
                            new Claim("measure_3_c1_again", "measure_1_c1", true, 1.5),
                            new Claim("measure_5_forked_c2", "measure_4_forked_c1", false, 1.5),
                            new Claim("measure_4_forked_c1", "measure_5_forked_c2", false, 1.5))),
            "JMHSample_16_CompilerControl", new Pitfall("JMHSample_16_CompilerControl",
                    "dontinline slower than baseline (a real call), exclude severely slower (never compiled); blank and inline"
                            + " ~ baseline not claimed: sub-nanosecond ratios that JMH itself gives anywhere from 1 to 5 on a busy machine",
                    List.of(new Claim("dontinline", "baseline", true, 1.5), new Claim("exclude", "dontinline", true, 5))),
            "JMHSample_34_SafeLooping", new Pitfall("JMHSample_34_SafeLooping",
                    "measureWrong_1 flat in size, both measureRight linear in size (measureWrong_2's speed-up not claimed:"
                            + " JMH gives it faster or slower than measureRight_1 at size 1000 from run to run)",
                    List.of(new Claim("measureWrong_1@size=1000", "measureWrong_1@size=1", false, 10),
                            new Claim("measureRight_1@size=1000", "measureRight_1@size=1", true, 100),
                            new Claim("measureRight_2@size=1000", "measureRight_2@size=1", true, 100))));

    static Optional<Pitfall> of(String sample) {
        return Optional.ofNullable(PITFALLS.get(sample));
    }

    static int count() {
        return PITFALLS.size();
    }

    /** The primary score of the row a term names; NaN when there is none. */
    private static double score(List<ResultRow> rows, String term) {
        int at = term.indexOf('@');
        String method = at < 0 ? term : term.substring(0, at);
        String param = at < 0 ? null : term.substring(at + 1);
        for (ResultRow r : rows) {
            if (!r.metric().isEmpty() || !r.method().equals(method)) {
                continue;
            }
            if (param == null || param.equals(paramText(r))) {
                return r.score();
            }
        }
        return Double.NaN;
    }

    private static String paramText(ResultRow r) {
        StringBuilder s = new StringBuilder();
        r.params().forEach((k, v) -> s.append(s.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return s.toString();
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 0.1 ? "%.2f" : "%.3g", v);
    }
}
