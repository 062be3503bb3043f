package dev.sandprof.host.internal;

import dev.sandprof.host.ExceptionInfo;
import dev.sandprof.host.StackFrame;
import dev.sandprof.host.ThreadStack;
import dev.sandprof.host.TracedException;
import dev.sandprof.wire.ExceptionData;
import dev.sandprof.wire.StackFrameData;
import dev.sandprof.wire.TracedExceptionData;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the wire format's data into the host's public value types, at the API's boundary. What the
 * sandbox always sends (an exception's class name, a frame's class and method) is checked here: a
 * message without it fails with an {@link IllegalArgumentException}, which
 * {@code RequestingInterpreter.fromSandbox} reports as a malformed reply.
 */
public final class FromWire {

    private FromWire() {}

    /** The frame, or {@code null} for none. */
    public static StackFrame frame(StackFrameData f) {
        if (f == null) {
            return null;
        }
        return new StackFrame(present(f.className(), "a stack frame without its class"),
                present(f.methodName(), "a stack frame without its method"), f.fileName(), f.lineNumber(), f.prefix());
    }

    public static List<StackFrame> frames(List<StackFrameData> frames) {
        List<StackFrame> out = new ArrayList<>(frames.size());
        frames.forEach(f -> out.add(frame(f)));
        return out;
    }

    public static ExceptionInfo exception(ExceptionData e) {
        if (e == null) {
            return null;
        }
        List<ExceptionInfo> suppressed = new ArrayList<>();
        e.suppressed().forEach(s -> suppressed.add(exception(s)));
        return new ExceptionInfo(present(e.className(), "an exception without its class name"), e.message(),
                frames(e.frames()), exception(e.cause()), suppressed);
    }

    public static TracedException traced(TracedExceptionData e) {
        return new TracedException(e.thread(), e.threadId(),
                present(e.exceptionClass(), "a traced exception without its class name"), e.message(), e.count(),
                TracedException.Outcome.valueOf(e.outcome().name()), frames(e.stack()), frame(e.stoppedAt()),
                e.hasJvmTrace());
    }

    public static List<TracedException> traced(List<TracedExceptionData> traced) {
        List<TracedException> out = new ArrayList<>(traced.size());
        traced.forEach(e -> out.add(traced(e)));
        return out;
    }

    public static ThreadStack stack(dev.sandprof.wire.ThreadStack s) {
        return new ThreadStack(s.threadName(), s.threadId(), s.frames());
    }

    private static <T> T present(T value, String missing) {
        if (value == null) {
            throw new IllegalArgumentException(missing);
        }
        return value;
    }
}
