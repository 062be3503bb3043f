package dev.sandprof.agent.internal;

import java.util.Arrays;

/**
 * Numbers the instrumented methods when they are instrumented, so that a shadow stack holds ints:
 * storing an int costs no garbage-collector write barrier, storing a reference does.
 */
public final class MethodIds {

    private static String[] names = new String[1024];
    private static int count;

    private MethodIds() {}

    static synchronized int register(String name) {
        if (count == names.length) {
            names = Arrays.copyOf(names, count * 2);
        }
        names[count] = name;
        return count++;
    }

    static synchronized String name(int id) {
        return id >= 0 && id < count ? names[id] : "?";
    }
}
