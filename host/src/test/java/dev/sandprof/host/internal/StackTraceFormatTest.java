package dev.sandprof.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.host.ExceptionInfo;
import dev.sandprof.host.StackFrame;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host prints exception data exactly as the JVM prints the throwable it came from. */
class StackTraceFormatTest {

    private static StackTraceElement[] frames(String... methodsAndLines) {
        StackTraceElement[] out = new StackTraceElement[methodsAndLines.length];
        for (int i = 0; i < methodsAndLines.length; i++) {
            String[] ml = methodsAndLines[i].split(":");
            out[i] = new StackTraceElement("app.Main", ml[0], ml.length > 2 ? null : "Main.java", Integer.parseInt(ml[1]));
        }
        return out;
    }

    private static ExceptionInfo data(Throwable t) {
        List<StackFrame> frames = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            frames.add(new StackFrame(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber()));
        }
        List<ExceptionInfo> suppressed = new ArrayList<>();
        for (Throwable s : t.getSuppressed()) {
            suppressed.add(data(s));
        }
        return new ExceptionInfo(t.getClass().getName(), t.getMessage(), frames,
                t.getCause() == null ? null : data(t.getCause()), suppressed);
    }

    private static String printed(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString().replace(System.lineSeparator(), "\n");
    }

    /** A real JDK throwable: its frames print {@code java.base/}, those of a class path (this test's) nothing. */
    @Test
    void theJdksFramesPrintTheirModuleAsTheJvmPrintsThem() {
        Throwable t;
        try {
            Integer.parseInt("x");
            throw new AssertionError("parsed");
        } catch (NumberFormatException e) {
            t = e;
        }
        List<StackFrame> frames = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            String printed = e.toString();
            String prefix = printed.substring(0, printed.indexOf(e.getClassName() + "." + e.getMethodName() + "("));
            frames.add(new StackFrame(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber(), prefix));
        }
        String ours = StackTraceFormat.format(new ExceptionInfo(t.getClass().getName(), t.getMessage(), frames, null, List.of()));
        assertThat(ours).isEqualTo(printed(t)).contains("\tat java.base/java.lang.Integer.parseInt(");
    }

    @Test
    void causesSuppressedAndCommonFramesPrintAsTheJvmPrintsThem() {
        Exception root = new java.io.IOException("disk");
        root.setStackTrace(frames("read:40", "load:30", "run:20", "main:10"));
        IllegalStateException top = new IllegalStateException("failed", root);
        top.setStackTrace(frames("load:31", "run:20", "main:10"));
        RuntimeException closing = new RuntimeException("closing");
        closing.setStackTrace(frames("close:50", "run:21", "main:10"));
        Exception inner = new Exception();
        inner.setStackTrace(frames("native:-2", "unknown:-1:x", "close:51", "run:21", "main:10"));
        closing.addSuppressed(inner);
        top.addSuppressed(closing);

        assertThat(StackTraceFormat.format(data(top))).isEqualTo(printed(top));
    }

    @Test
    void anExceptionWithoutMessageOrFramesPrintsItsClassOnly() {
        NullPointerException npe = new NullPointerException();
        npe.setStackTrace(new StackTraceElement[0]);
        assertThat(StackTraceFormat.format(data(npe))).isEqualTo(printed(npe));
    }
}
