package dev.sandprof.benchmarks.jmhsamples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The harness's text: one block per sample as it ends, then the outcome table, the pitfalls and the summary. */
final class Report {

    private Report() {}

    static String sampleBlock(SampleResult s) {
        StringBuilder out = new StringBuilder();
        out.append("== ").append(s.sample()).append('\n');
        out.append(String.format(Locale.ROOT, "   JMH:      %s [%.1f s]%n", s.jmh().text(), s.jmhNanos() / 1e9));
        out.append(String.format(Locale.ROOT, "   sandprof: %s [%.1f s]%n", s.sandprof().text(), s.sandprofNanos() / 1e9));
        if (!s.rows().isEmpty()) {
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"benchmark", "mode", "JMH", "± error", "sandprof", "± error", "unit", "ratio", "verdict"});
            long unpaired = s.rows().stream().filter(r -> r.percentile() && r.sandprof() == null).count();
            for (RowComparison r : s.rows()) {
                if (r.percentile() && r.sandprof() == null) {
                    continue; // one line below says how many
                }
                ResultRow j = r.jmh();
                ResultRow o = r.sandprof();
                String verdict = r.verdict().text;
                if (r.spreadRule() != null && o != null) {
                    verdict += String.format(Locale.ROOT, " (within a fork %s vs %s, between forks %s vs %s)",
                            number(RowComparison.withinForkSpread(j)), number(RowComparison.withinForkSpread(o)),
                            number(RowComparison.betweenForkSpread(j)), number(RowComparison.betweenForkSpread(o)));
                }
                table.add(new String[] {shortLabel(s.sample(), j), j.mode(), number(j.score()), number(j.error()),
                        o == null ? "-" : number(o.score()), o == null ? "" : number(o.error()),
                        j.unit() + (o == null || o.unit().equals(j.unit()) ? "" : " / " + o.unit()),
                        o == null ? "" : String.format(Locale.ROOT, "%.3fx", r.ratio()), verdict});
            }
            out.append(columns(table, "   ", new boolean[] {false, false, true, true, true, true, false, true, false}));
            if (unpaired > 0) {
                out.append("   (and ").append(unpaired).append(" percentile rows of JMH's sample mode, p0.00 to p1.00, that sandprof does not write)\n");
            }
        }
        for (ResultRow r : s.sandprofOnly()) {
            out.append("   sandprof only: ").append(r.label()).append(' ').append(r.mode()).append(' ')
                    .append(number(r.score())).append(' ').append(r.unit()).append('\n');
        }
        s.pitfall().ifPresent(p -> {
            out.append("   pitfall: ").append(p.lesson()).append('\n');
            out.append("     JMH:      ").append(findings(s.jmhFindings())).append('\n');
            out.append("     sandprof: ").append(findings(s.sandprofFindings())).append('\n');
            out.append("     sandprof's conclusion: ").append(s.agreement().orElseThrow()).append(lessons(s)).append('\n');
        });
        return out.toString();
    }

    /** The whole run: an outcome table, the pitfall table and the summary figures. */
    static String summary(List<SampleResult> samples, int samplesInJar) {
        StringBuilder out = new StringBuilder();
        out.append("\n== Outcomes\n");
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"sample", "JMH", "sandprof", "rows", "5%", "bar", "JMH s", "sandprof s", "reason (sandprof)"});
        for (SampleResult s : samples) {
            String reason = !s.sandprof().reason().isEmpty() ? s.sandprof().reason()
                    : !s.jmh().reason().isEmpty() ? "JMH: " + s.jmh().reason() : "";
            table.add(new String[] {s.sample(), s.jmh().kind().text, s.sandprof().kind().text,
                    s.compared() + "/" + s.primaryRows(), "" + s.count(RowComparison.Verdict.WITHIN_5), "" + s.met(),
                    String.format(Locale.ROOT, "%.1f", s.jmhNanos() / 1e9), String.format(Locale.ROOT, "%.1f", s.sandprofNanos() / 1e9),
                    reason});
        }
        out.append(columns(table, "", new boolean[] {false, false, false, true, true, true, true, true, false}));
        out.append("(rows: primary rows both sides scored / JMH's; 5%: within 5%; bar: within 5% or the joint 99.9% error,"
                + " or RunToRun's spread alike)\n");

        List<SampleResult> pitfalls = samples.stream().filter(s -> s.pitfall().isPresent()).collect(Collectors.toList());
        if (!pitfalls.isEmpty()) {
            out.append("\n== Pitfall samples: the conclusion each side reaches\n");
            for (SampleResult s : pitfalls) {
                out.append(s.sample()).append(": ").append(s.pitfall().orElseThrow().lesson()).append('\n');
                out.append("  JMH:      ").append(findings(s.jmhFindings())).append('\n');
                out.append("  sandprof: ").append(findings(s.sandprofFindings())).append('\n');
                out.append("  sandprof's conclusion: ").append(s.agreement().orElseThrow()).append(lessons(s)).append('\n');
            }
        }

        out.append("\n== Summary\n");
        out.append(String.format(Locale.ROOT, "samples run: JMH %d of %d, sandprof %d of %d (%s)%s%n",
                ran(samples, true), samples.size(), ran(samples, false), samples.size(), kinds(samples),
                samples.size() == samplesInJar ? "" : "; " + samplesInJar + " samples in the jar"));
        long jmhRows = samples.stream().mapToLong(SampleResult::primaryRows).sum();
        long compared = samples.stream().mapToLong(SampleResult::compared).sum();
        long within5 = samples.stream().mapToLong(s -> s.count(RowComparison.Verdict.WITHIN_5)).sum();
        long spread = samples.stream().mapToLong(s -> s.count(RowComparison.Verdict.SPREAD_MET)
                + s.count(RowComparison.Verdict.SPREAD_MISSED)).sum();
        long met = samples.stream().mapToLong(SampleResult::met).sum();
        out.append(String.format(Locale.ROOT, "rows (benchmark, params, mode) compared, both sides scored: %d of JMH's %d%n",
                compared, jmhRows));
        out.append(String.format(Locale.ROOT, "  within 5%%: %d (%s); within 5%% or the joint 99.9%% error: %d (%s)%s%n",
                within5, percent(within5, compared), met, percent(met, compared),
                spread == 0 ? "" : String.format(Locale.ROOT, ", of which %d RunToRun rows compared by spread only, %d alike",
                        spread, samples.stream().mapToLong(s -> s.count(RowComparison.Verdict.SPREAD_MET)).sum())));
        out.append(String.format(Locale.ROOT, "  of all JMH's rows, met: %d (%s)%n", met, percent(met, jmhRows)));
        out.append(secondary(samples, "secondary metrics (group members, counters)", r -> !r.primary() && !r.percentile()));
        out.append(secondary(samples, "percentiles of sample mode", RowComparison::percentile));
        long reached = pitfalls.stream().filter(s -> s.agreement().orElseThrow().equals("reached")).count();
        out.append(String.format(Locale.ROOT, "pitfall samples where sandprof reaches JMH's conclusion: %d of %d run (of %d pitfall samples)%s%n",
                reached, pitfalls.size(), Pitfalls.count(), pitfalls.isEmpty() ? "" : ": " + pitfalls.stream()
                        .map(s -> s.sample().replaceFirst("JMHSample_", "") + " " + s.agreement().orElseThrow())
                        .collect(Collectors.joining(", "))));
        long jmhNanos = samples.stream().mapToLong(SampleResult::jmhNanos).sum();
        long sandprofNanos = samples.stream().mapToLong(SampleResult::sandprofNanos).sum();
        out.append(String.format(Locale.ROOT, "wall time: JMH %.1f s, sandprof bench %.1f s (%.2fx)%n",
                jmhNanos / 1e9, sandprofNanos / 1e9, (double) sandprofNanos / jmhNanos));
        return out.toString();
    }

    private static String secondary(List<SampleResult> samples, String what, Predicate<RowComparison> kind) {
        long jmh = samples.stream().mapToLong(s -> s.count(kind, r -> true)).sum();
        long paired = samples.stream().mapToLong(s -> s.count(kind, r -> r.sandprof() != null)).sum();
        long met = samples.stream().mapToLong(s -> s.count(kind, r -> r.verdict().met)).sum();
        return String.format(Locale.ROOT, "  %s, apart: JMH %d rows, sandprof has %d of them, %d within 5%% or the joint error%n",
                what, jmh, paired, met);
    }

    private static long ran(List<SampleResult> samples, boolean jmh) {
        return samples.stream().filter(s -> (jmh ? s.jmh() : s.sandprof()).kind() == Outcome.Kind.RAN).count();
    }

    private static String kinds(List<SampleResult> samples) {
        StringBuilder out = new StringBuilder();
        for (Outcome.Kind k : Outcome.Kind.values()) {
            if (k == Outcome.Kind.RAN) {
                continue;
            }
            long n = samples.stream().filter(s -> s.sandprof().kind() == k).count();
            if (n > 0) {
                out.append(out.length() == 0 ? "" : ", ").append(k.text).append(' ').append(n);
            }
        }
        long jmhNot = samples.stream().filter(s -> s.jmh().kind() != Outcome.Kind.RAN).count();
        if (jmhNot > 0) {
            out.append(out.length() == 0 ? "" : "; ").append("JMH did not run ").append(jmhNot);
        }
        return out.length() == 0 ? "all ran" : "sandprof " + out;
    }

    /** Whether each side shows the sample's lesson (every claim holds): too short a run may not, on either side. */
    private static String lessons(SampleResult s) {
        return " (the sample's lesson shown: JMH " + (shown(s.jmhFindings()) ? "yes" : "no") + ", sandprof "
                + (shown(s.sandprofFindings()) ? "yes" : "no") + ")";
    }

    private static boolean shown(List<Pitfalls.Finding> findings) {
        return findings.stream().allMatch(Pitfalls.Finding::holds);
    }

    private static String findings(List<Pitfalls.Finding> findings) {
        return findings.stream().map(Pitfalls.Finding::text).collect(Collectors.joining("; "));
    }

    /** The row's benchmark relative to its sample class, params in brackets. */
    static String shortLabel(String sample, ResultRow r) {
        String label = r.label();
        int at = label.indexOf(sample + ".");
        return at < 0 ? label : label.substring(at + sample.length() + 1);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    /** A score as JMH's table shows it: about four significant digits, NaN as NaN. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a >= 1e7) {
            return String.format(Locale.ROOT, "%.4e", v);
        }
        return String.format(Locale.ROOT, a >= 1000 ? "%.1f" : a >= 10 ? "%.2f" : a >= 1 ? "%.3f" : a == 0 ? "0" : "%.4g", v);
    }

    /** Left- or right-aligned columns, each as wide as its widest cell; the last column unpadded. */
    static String columns(List<String[]> rows, String indent, boolean[] right) {
        int n = rows.get(0).length;
        int[] width = new int[n];
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < n; i++) {
                String cell = r[i];
                if (i == n - 1) {
                    line.append(cell);
                } else {
                    String pad = " ".repeat(width[i] - cell.length());
                    line.append(right[i] ? pad + cell : cell + pad).append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
