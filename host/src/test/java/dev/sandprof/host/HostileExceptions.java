package dev.sandprof.host;

import java.util.List;

/**
 * Exceptions built to break whoever reports them: overridden methods that throw or overflow the
 * stack, and shapes far past any real program's (a 70-million-char message,
 * a million-deep cause chain, a cause cycle, 200,000 suppressed exceptions, a million frames).
 * Each is a {@code main} that throws it, and a line its report must hold; shared by the tests of
 * the API and of the CLI, and by the fault matrix. (Running out of memory is a fault of its own:
 * {@code ProgramFidelityIT} and the fault matrix.)
 */
public final class HostileExceptions {

    /**
     * One hostile exception.
     *
     * @param name a class name for the program
     * @param expected a fragment of its trace as sandprof reports it ({@code %s} stands for {@code name})
     * @param statements the statements of its {@code main}, the last of which throws it
     */
    public record Case(String name, String expected, List<String> statements) {

        /** The program's source. */
        public String source() {
            return Programs.mainOf(name, statements.toArray(String[]::new));
        }

        /** The fragment its trace must hold. */
        public String expectedFragment() {
            return expected.replace("%s", name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private HostileExceptions() {}

    private static Case of(String name, String expected, String... statements) {
        return new Case(name, expected, List.of(statements));
    }

    public static final List<Case> ALL = List.of(
            of("StackTraceThrows", "\tat <getStackTrace() threw java.lang.IllegalStateException> (frames unknown)\n",
                    "throw new RuntimeException(\"x\") {",
                    "    @Override public StackTraceElement[] getStackTrace() { throw new IllegalStateException(\"no\"); }",
                    "};"),
            of("StackTraceNull", "\tat <getStackTrace() returned null> (frames unknown)\n",
                    "throw new RuntimeException(\"x\") {",
                    "    @Override public StackTraceElement[] getStackTrace() { return null; }",
                    "};"),
            of("CauseThrows", "Caused by: <getCause() threw java.lang.IllegalStateException>\n",
                    "throw new RuntimeException(\"x\") {",
                    "    @Override public synchronized Throwable getCause() { throw new IllegalStateException(\"no\"); }",
                    "};"),
            of("MessageThrows", "%s$1: <getMessage() threw java.lang.IllegalStateException>\n",
                    "throw new RuntimeException(\"x\") {",
                    "    @Override public String getMessage() { throw new IllegalStateException(\"no\"); }",
                    "};"),
            of("MessageOverflowsTheStack", ": <getMessage() threw java.lang.StackOverflowError>\n",
                    "throw new RuntimeException(\"x\") {",
                    "    @Override public String getMessage() { return getMessage() + \"!\"; }",
                    "};"),
            of("ToStringThrows", "%s$1: plain\n",
                    "throw new RuntimeException(\"plain\") {",
                    "    @Override public String toString() { throw new IllegalStateException(\"no\"); }",
                    "    @Override public String getLocalizedMessage() { throw new IllegalStateException(\"no\"); }",
                    "};"),
            of("HugeMessage", "... (70000000 chars, cut by sandprof)\n",
                    "throw new RuntimeException(\"m\".repeat(70_000_000));"),
            of("HugeMessageFromGetMessage", "... (70000000 chars, cut by sandprof)\n",
                    "throw new RuntimeException(\"x\") {",
                    "    @Override public String getMessage() { return \"g\".repeat(70_000_000); }",
                    "};"),
            of("CauseCycle", "Caused by: [CIRCULAR REFERENCE: java.lang.RuntimeException: b]\n",
                    "RuntimeException a = new RuntimeException(\"a\");",
                    "RuntimeException b = new RuntimeException(\"b\", a);",
                    "a.initCause(b);",
                    "throw b;"),
            of("MillionDeepCauseChain", "Caused by: [more causes, cut by sandprof after 256]\n",
                    "Throwable t = new RuntimeException(\"bottom\");",
                    "for (int i = 0; i < 1_000_000; i++) t = new RuntimeException(\"level \" + i, t, false, false) { };",
                    "throw (RuntimeException) t;"),
            of("HugeSuppressedList", "\tSuppressed: [199744 more suppressed exceptions, cut by sandprof]\n",
                    "RuntimeException t = new RuntimeException(\"many\");",
                    "for (int i = 0; i < 200_000; i++) t.addSuppressed(new RuntimeException(\"s\" + i, null, false, false) { });",
                    "throw t;"),
            of("MillionFrames", "\tat ... (995904 more frames, cut by sandprof)\n",
                    "RuntimeException t = new RuntimeException(\"deep\");",
                    "StackTraceElement[] trace = new StackTraceElement[1_000_000];",
                    "for (int i = 0; i < trace.length; i++) trace[i] = new StackTraceElement(\"C\", \"m\" + i, \"C.java\", i);",
                    "t.setStackTrace(trace);",
                    "throw t;"),
            of("HugeFrameNames", "(50000000 chars, cut by sandprof)",
                    "RuntimeException t = new RuntimeException(\"names\");",
                    "t.setStackTrace(new StackTraceElement[] {new StackTraceElement(\"C\".repeat(50_000_000), \"m\", \"C.java\", 1)});",
                    "throw t;"),
            of("FillInStackTraceDoesNothing", "%s$1: no trace\n",
                    "throw new RuntimeException(\"no trace\") {",
                    "    @Override public synchronized Throwable fillInStackTrace() { return this; }",
                    "};"));
}
