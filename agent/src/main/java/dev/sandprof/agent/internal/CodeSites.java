package dev.sandprof.agent.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Numbers the places in instrumented code where exceptions are thrown ({@code athrow}) and caught
 * (the entry of a typed handler) when the code is instrumented, with their class, method and
 * source line; and remembers each instrumented class's source file. The hooks pass a site's
 * number, a constant, so that where an exception was thrown or caught costs nothing to know.
 */
final class CodeSites {

    private static String[] classNames = new String[256];
    private static String[] methodNames = new String[256];
    private static int[] lines = new int[256];
    /** The {@link MethodIds} id of each site's method; read without the lock, so replaced whole. */
    private static volatile int[] methodIds = new int[256];
    private static int count;
    private static final Map<String, String> SOURCE_FILES = new ConcurrentHashMap<>();

    private CodeSites() {}

    static synchronized int register(String className, String methodName, int line) {
        if (count == lines.length) {
            classNames = Arrays.copyOf(classNames, count * 2);
            methodNames = Arrays.copyOf(methodNames, count * 2);
            lines = Arrays.copyOf(lines, count * 2);
        }
        int[] ids = methodIds;
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count] = MethodIds.register(className, methodName);
        methodIds = ids;
        classNames[count] = className;
        methodNames[count] = methodName;
        lines[count] = line;
        return count++;
    }

    /** The id of the method the site is in. */
    static int methodId(int site) {
        int[] ids = methodIds;
        return site >= 0 && site < ids.length ? ids[site] : -1;
    }

    static void sourceFile(String className, String file) {
        if (file != null) {
            SOURCE_FILES.put(className, file);
        }
    }

    /** The class's source file as its class file names it, or {@code null}. */
    static String sourceFile(String className) {
        return SOURCE_FILES.get(className);
    }

    /** The site as a stack frame; a line of -1 when the code has no line numbers. */
    static synchronized StackTraceElement frame(int site) {
        return new StackTraceElement(classNames[site], methodNames[site], sourceFile(classNames[site]), lines[site]);
    }

    static synchronized boolean isIn(int site, String className, String methodName) {
        return classNames[site].equals(className) && methodNames[site].equals(methodName);
    }
}
