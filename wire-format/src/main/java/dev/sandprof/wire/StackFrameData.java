package dev.sandprof.wire;

import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/** One frame of a stack trace, as data. A negative line number means it is not known. */
public final class StackFrameData extends SelfDescribingMarshallable {

    private String className;
    private String methodName;
    private String fileName;
    private int lineNumber;
    private String prefix;

    private StackFrameData() {}

    public StackFrameData(String className, String methodName, String fileName, int lineNumber) {
        this(className, methodName, fileName, lineNumber, null);
    }

    /**
     * @param prefix what {@link StackTraceElement#toString()} prints before the class name: the
     *     loader's and the module's names, each ending in {@code /} ({@code java.base/},
     *     {@code my-loader//}); {@code null} for none
     */
    public StackFrameData(String className, String methodName, String fileName, int lineNumber, String prefix) {
        this.className = className;
        this.methodName = methodName;
        this.fileName = fileName;
        this.lineNumber = lineNumber;
        this.prefix = prefix;
    }

    /** The frame of a live stack trace element. */
    public static StackFrameData of(StackTraceElement e) {
        return new StackFrameData(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber());
    }

    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    /** The source file's name, or {@code null} when the class has none recorded. */
    public String fileName() {
        return fileName;
    }

    public int lineNumber() {
        return lineNumber;
    }

    /** What {@link StackTraceElement#toString()} prints before the class name, or {@code null} for nothing. */
    public String prefix() {
        return prefix;
    }
}
