package dev.sandprof.host.cli;

import dev.sandprof.host.ProfileResult;
import dev.sandprof.host.profile.StackProfile;
import java.util.List;

/** The terminal report of {@code sandprof profile}: the top methods by total and by self weight. */
final class ProfileReport {

    private ProfileReport() {}

    /** Engine, event and what the weights count, for titles. */
    static String describe(ProfileResult profile) {
        String engine = profile.engine().equals("async") ? "async-profiler" : profile.engine().equals("jfr") ? "JFR" : "sandprof agent";
        return engine + ", " + profile.event() + " (" + unit(profile) + ")";
    }

    private static String unit(ProfileResult profile) {
        switch (profile.event()) {
            case "alloc":
                return "bytes allocated";
            case "lock":
                return "nanoseconds waited";
            default:
                return profile.engine().equals("agent") ? "ticks" : "samples";
        }
    }

    static String text(ProfileResult profile, int top) {
        StringBuilder out = new StringBuilder();
        StackProfile stacks = profile.stacks();
        out.append("\nsandprof profile: ").append(describe(profile)).append(": ").append(stacks.total()).append(" in the program");
        if (profile.event().equals("cpu") || profile.event().equals("itimer")) {
            out.append(" (").append(profile.samples()).append(" samples taken in all)");
        }
        out.append('\n');
        profile.note().ifPresent(n -> out.append("note: ").append(n).append('\n'));
        if (stacks.total() == 0) {
            out.append("no samples landed in the program's code: it ran too briefly, or only in the JDK\n");
            return out.toString();
        }
        table(out, "by total", stacks.topTotal(top), stacks.total(), true);
        table(out, "by self", stacks.topSelf(top), stacks.total(), false);
        return out.toString();
    }

    private static void table(StringBuilder out, String title, List<StackProfile.MethodWeight> methods, long all, boolean totalFirst) {
        out.append(String.format("%n  %7s %7s  method (top %d %s)%n", totalFirst ? "total" : "self", totalFirst ? "self" : "total",
                methods.size(), title));
        for (StackProfile.MethodWeight m : methods) {
            long first = totalFirst ? m.total() : m.self();
            long second = totalFirst ? m.self() : m.total();
            out.append(String.format("  %6.1f%% %6.1f%%  %s%n", 100.0 * first / all, 100.0 * second / all, m.method()));
        }
    }
}
