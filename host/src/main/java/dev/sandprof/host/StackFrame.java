package dev.sandprof.host;

/**
 * One frame of a stack trace in the sandbox, as data: of a thrown exception
 * ({@link ExceptionInfo#frames()}) or a traced one ({@link TracedException#stack()}).
 *
 * @param className the binary class name; empty for a frame named as JShell names snippet frames
 * @param methodName the method's name
 * @param fileName the source file's name, or {@code null} when the class has none recorded
 * @param lineNumber the line; negative when not known ({@code -2} for a native method)
 */
public record StackFrame(String className, String methodName, String fileName, int lineNumber) {

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
