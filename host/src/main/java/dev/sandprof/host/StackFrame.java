package dev.sandprof.host;

/**
 * One frame of a stack trace in the sandbox, as data: of a thrown exception
 * ({@link ExceptionInfo#frames()}) or a traced one ({@link TracedException#stack()}).
 *
 * @param className the binary class name; empty for a frame named as JShell names snippet frames
 * @param methodName the method's name
 * @param fileName the source file's name, or {@code null} when the class has none recorded
 * @param lineNumber the line; negative when not known ({@code -2} for a native method)
 * @param prefix what {@link StackTraceElement#toString()} prints before the class name: the loader's
 *     and the module's names, each ending in {@code /} ({@code java.base/} for the JDK's frames);
 *     empty for the program's frames, as under {@code java -cp}, and where not known
 */
public record StackFrame(String className, String methodName, String fileName, int lineNumber, String prefix) {

    public StackFrame {
        prefix = prefix == null ? "" : prefix;
    }

    /** A frame without a loader or module part. */
    public StackFrame(String className, String methodName, String fileName, int lineNumber) {
        this(className, methodName, fileName, lineNumber, "");
    }

    /** The frame exactly as {@link StackTraceElement#toString()} prints it, with its module part. */
    public String printed() {
        return prefix + describe();
    }

    /** The frame as {@link StackTraceElement#toString()} prints it, without a module part. */
    public String describe() {
        String where;
        if (lineNumber == -2) {
            where = "Native Method";
        } else if (fileName == null) {
            where = "Unknown Source";
        } else if (lineNumber >= 0) {
            where = fileName + ":" + lineNumber;
        } else {
            where = fileName;
        }
        if (className.isEmpty()) {
            // A frame named as JShell names snippet frames: no class, the snippet for a file ("fib (#3:1)").
            return (methodName.isEmpty() ? "" : methodName + " ") + "(" + where + ")";
        }
        return className + "." + methodName + "(" + where + ")";
    }
}
