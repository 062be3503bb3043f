package dev.sandprof.agent.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds an exception's stack at its raise from the agent's shadow stack, with files and lines:
 * the raise line from the {@code athrow} site when it was thrown in instrumented code, the other
 * lines from the JVM's own stack trace of the exception where it has one, else from a walk of the
 * live stack at the raise (matching frames in order by class and method: the JVM's stacks also
 * hold JDK frames the shadow stack has not).
 */
final class StackFrames {

    private StackFrames() {}

    /**
     * @param frames the shadow stack at the raise, outermost first
     * @param site   the {@code athrow} site, or -1
     * @param jvm    the exception's JVM stack trace, or the live stack walked at its raise; possibly empty
     * @param raiseLineInJvm whether {@code jvm} has the raise's own line: a walk shows the hook's
     * @return the stack, innermost first
     */
    static List<StackTraceElement> atRaise(int[] frames, int site, StackTraceElement[] jvm, boolean raiseLineInJvm) {
        List<StackTraceElement> out = new ArrayList<>(frames.length + 1);
        int top = frames.length - 1;
        // Thrown in a method without a frame of its own (a constructor): that method comes first.
        boolean siteOnTop = site >= 0 && (top < 0
                || !CodeSites.isIn(site, MethodIds.className(frames[top]), MethodIds.methodName(frames[top])));
        int next = 0;
        if (siteOnTop) {
            StackTraceElement thrower = CodeSites.frame(site);
            out.add(thrower);
            next = after(jvm, 0, thrower.getClassName(), thrower.getMethodName(), next);
        }
        for (int i = top; i >= 0; i--) {
            String className = MethodIds.className(frames[i]);
            String method = MethodIds.methodName(frames[i]);
            String file = CodeSites.sourceFile(className);
            int line = -1;
            int k = indexOf(jvm, next, className, method);
            if (k >= 0) {
                line = jvm[k].getLineNumber();
                next = k + 1;
            }
            if (i == top && !siteOnTop) {
                if (site >= 0) {
                    line = CodeSites.frame(site).getLineNumber(); // where the throw statement is
                } else if (!raiseLineInJvm) {
                    line = -1;
                }
            }
            out.add(new StackTraceElement(className, method, file, line));
        }
        return out;
    }

    /** The live stack of this thread, innermost first. */
    static StackTraceElement[] walk() {
        return StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }

    /** The frame of the method at {@code depth} (1 is the outermost) in a stack built by {@link #atRaise}. */
    static StackTraceElement atDepth(List<StackTraceElement> stack, int frameCount, int depth) {
        int i = stack.size() - depth;
        return depth >= 1 && depth <= frameCount ? stack.get(i) : null;
    }

    private static int after(StackTraceElement[] jvm, int from, String className, String method, int otherwise) {
        int k = indexOf(jvm, from, className, method);
        return k >= 0 ? k + 1 : otherwise;
    }

    private static int indexOf(StackTraceElement[] jvm, int from, String className, String method) {
        for (int k = from; k < jvm.length; k++) {
            if (jvm[k].getClassName().equals(className) && jvm[k].getMethodName().equals(method)) {
                return k;
            }
        }
        return -1;
    }
}
