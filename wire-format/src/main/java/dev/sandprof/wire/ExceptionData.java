package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * An exception as data: class name, message, frames, cause chain and suppressed exceptions.
 * Exceptions never cross the channel as {@link Throwable}s: the host may not even have the class.
 */
public final class ExceptionData extends SelfDescribingMarshallable {

    private String className;
    private String message;
    private List<StackFrameData> frames = new ArrayList<>();
    private ExceptionData cause;
    private List<ExceptionData> suppressed = new ArrayList<>();

    private ExceptionData() {}

    public ExceptionData(String className, String message, List<StackFrameData> frames,
                         ExceptionData cause, List<ExceptionData> suppressed) {
        this.className = className;
        this.message = message;
        this.frames = new ArrayList<>(frames);
        this.cause = cause;
        this.suppressed = new ArrayList<>(suppressed);
    }

    public String className() {
        return className;
    }

    /** The exception's message, or {@code null}. */
    public String message() {
        return message;
    }

    public List<StackFrameData> frames() {
        return List.copyOf(frames);
    }

    /** The cause, or {@code null}. */
    public ExceptionData cause() {
        return cause;
    }

    public List<ExceptionData> suppressed() {
        return List.copyOf(suppressed);
    }

    /** {@code className: message}, as {@link Throwable#toString()} has it. */
    public String headline() {
        return message == null ? className : className + ": " + message;
    }
}
