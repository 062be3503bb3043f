package dev.sandprof.sandbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of the classes sandprof's loaders have defined: the program's (shipped as bytes, or
 * from the class path it was given). Profiles keep the frames of these classes and cut the rest.
 */
public final class UserClasses {

    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    private UserClasses() {}

    static void defined(String name) {
        NAMES.add(name);
    }

    /**
     * Whether a class (by binary name) is the program's. A lambda's hidden class counts as its
     * defining class's ({@code App$$Lambda$14/0x...} is {@code App}'s); the benchmark stubs sandprof
     * generates are not the program's.
     */
    public static boolean contains(String className) {
        if (className.endsWith("_SandprofStub")) {
            return false;
        }
        int lambda = className.indexOf("$$Lambda");
        return NAMES.contains(lambda > 0 ? className.substring(0, lambda) : className);
    }
}
