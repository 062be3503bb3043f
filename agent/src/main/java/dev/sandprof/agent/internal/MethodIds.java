package dev.sandprof.agent.internal;

import java.util.Arrays;

/**
 * Numbers the instrumented methods when they are instrumented, so that a shadow stack holds ints:
 * storing an int costs no garbage-collector write barrier, storing a reference does.
 */
public final class MethodIds {

    private static String[] classNames = new String[1024];
    private static String[] methodNames = new String[1024];
    private static int count;

    private MethodIds() {}

    static synchronized int register(String className, String methodName) {
        if (count == classNames.length) {
            classNames = Arrays.copyOf(classNames, count * 2);
            methodNames = Arrays.copyOf(methodNames, count * 2);
        }
        classNames[count] = className;
        methodNames[count] = methodName;
        return count++;
    }

    /** {@code Class.method}, or {@code ?} for an id never given. */
    static synchronized String name(int id) {
        return id >= 0 && id < count ? classNames[id] + "." + methodNames[id] : "?";
    }

    static synchronized String className(int id) {
        return id >= 0 && id < count ? classNames[id] : "?";
    }

    static synchronized String methodName(int id) {
        return id >= 0 && id < count ? methodNames[id] : "?";
    }
}
