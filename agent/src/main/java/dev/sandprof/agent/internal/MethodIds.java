package dev.sandprof.agent.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers the instrumented methods when they are instrumented, so that a shadow stack holds ints:
 * storing an int costs no garbage-collector write barrier, storing a reference does. A method has
 * one number by its class and name, whichever generation of the class and overload it is: stacks
 * show methods by name, and the exception hooks can name the method they are in.
 */
public final class MethodIds {

    private static final Map<String, Integer> IDS = new HashMap<>();
    private static String[] classNames = new String[1024];
    private static String[] methodNames = new String[1024];
    /** Which ids are constructors; read without the lock, so replaced whole when it grows. */
    private static volatile boolean[] constructors = new boolean[1024];
    private static int count;

    private MethodIds() {}

    static synchronized int register(String className, String methodName) {
        Integer known = IDS.get(className + "." + methodName);
        if (known != null) {
            return known;
        }
        if (count == classNames.length) {
            classNames = Arrays.copyOf(classNames, count * 2);
            methodNames = Arrays.copyOf(methodNames, count * 2);
        }
        boolean[] c = constructors;
        if (count == c.length) {
            c = Arrays.copyOf(c, count * 2);
        }
        c[count] = methodName.equals("<init>");
        constructors = c;
        classNames[count] = className;
        methodNames[count] = methodName;
        IDS.put(className + "." + methodName, count);
        return count++;
    }

    /** Whether the id is a constructor's. */
    static boolean isConstructor(int id) {
        boolean[] c = constructors;
        return id >= 0 && id < c.length && c[id];
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
