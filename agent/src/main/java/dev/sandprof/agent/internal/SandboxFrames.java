package dev.sandprof.agent.internal;

import java.util.Arrays;
import java.util.Map;

/**
 * Cuts the sandbox's own frames from the bottom of the stack traces a program sees, so that they
 * read as under {@code java}: the main thread's ends at the program's {@code main}, not in the
 * runtime's dispatch and the reflection that called {@code main}. {@code Throwable} and
 * {@code Thread}, rewritten by {@link StackTraceHooks}, call it as they hand a trace out.
 *
 * <p>A template: {@link StackTraceHooks} defines a copy of it in {@code java.lang}, renamed, since
 * {@code Throwable}'s code can call no class outside the boot loader, and appending a jar to the
 * boot class path costs the class-data archive (on 17 the JVM then shares only the boot loader's
 * classes). So it uses the JDK only, refers to no other class of sandprof's, holds no state and never
 * throws: it runs inside {@code Throwable.getStackTrace()}.
 */
final class SandboxFrames {

    private SandboxFrames() {}

    /**
     * The trace without the sandbox's frames at its bottom: the lowest frames, up from the bottom,
     * that are all sandprof's runtime or the JDK's, cut at the highest frame of sandprof's runtime
     * among them, with the reflection frames just above that one (what called the program). The
     * trace itself when it has no such frames (a thread the program started, a trace that the JVM
     * cut short before its bottom) or when nothing of the program is above them (sandprof's own
     * exceptions keep their whole trace).
     */
    static StackTraceElement[] trim(StackTraceElement[] trace) {
        try {
            if (trace == null || trace.length == 0) {
                return trace;
            }
            int highestOwn = -1;
            int i = trace.length - 1;
            for (; i >= 0; i--) {
                StackTraceElement e = trace[i];
                if (e == null) {
                    return trace;
                }
                if (isSandbox(e)) {
                    highestOwn = i;
                } else if (!isJdk(e)) {
                    break; // the program's frame
                }
            }
            if (highestOwn < 0 || i < 0) {
                return trace;
            }
            int cut = highestOwn;
            while (cut > 0 && isInvocation(trace[cut - 1])) {
                cut--;
            }
            return cut == 0 ? trace : Arrays.copyOf(trace, cut);
        } catch (Throwable e) {
            return trace; // never fail the program's getStackTrace
        }
    }

    /** {@code Thread.getAllStackTraces()}'s map (a fresh one) with each trace {@linkplain #trim trimmed}. */
    static Map<Thread, StackTraceElement[]> trimAll(Map<Thread, StackTraceElement[]> traces) {
        try {
            if (traces != null) {
                for (Map.Entry<Thread, StackTraceElement[]> e : traces.entrySet()) {
                    e.setValue(trim(e.getValue()));
                }
            }
        } catch (Throwable e) {
            // an unmodifiable map, should a JDK return one: left as it is
        }
        return traces;
    }

    /**
     * What {@code Throwable}'s {@code stackTrace} field is to hold after {@code getOurStackTrace}
     * returned {@code returned} and it was trimmed to {@code trimmed}: the trimmed trace when the
     * field held the returned one, else the field as it is (a {@code null} field means a throwable
     * whose trace is not writable, which must stay so).
     */
    static StackTraceElement[] stored(StackTraceElement[] returned, StackTraceElement[] trimmed,
                                             StackTraceElement[] field) {
        return field == returned ? trimmed : field;
    }

    /** sandprof's runtime and wire format are named modules in the sandbox; a benchmark's stub is its code. */
    private static boolean isSandbox(StackTraceElement e) {
        String module = e.getModuleName();
        return module != null && (module.equals("dev.sandprof.sandbox") || module.equals("dev.sandprof.wire"))
                || e.getClassName().endsWith("_SandprofStub");
    }

    /** Classes of named modules: the JDK's, and the libraries the sandbox runs on. The program's are in unnamed ones. */
    private static boolean isJdk(StackTraceElement e) {
        return e.getModuleName() != null;
    }

    /** What {@code Method.invoke} runs through to the method it calls. */
    private static boolean isInvocation(StackTraceElement e) {
        String c = e.getClassName();
        return "java.base".equals(e.getModuleName()) && (c.startsWith("java.lang.reflect.")
                || c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.invoke."));
    }
}
