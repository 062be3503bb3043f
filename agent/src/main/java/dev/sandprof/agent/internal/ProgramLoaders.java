package dev.sandprof.agent.internal;

/**
 * Which class loaders hold the program's code: sandprof's own (named {@code sandprof-...}: the
 * generations of shipped classes and of the class path), and those the program makes itself
 * (Rhino defines a class per compiled script in a loader of its own). Never the JDK's, never the
 * loaders of sandprof's own libraries.
 *
 * <p>A loader the program made is recognised by where it delegates: one of its parents is a
 * sandprof loader (the usual parent: the program's own loader, or the thread's context loader);
 * or its class is the program's and its parents lead to the application loader. Either way the
 * agent's classes, which the hooks call, are visible from its classes. A loader whose parents
 * stop at the bootstrap or platform loader cannot see them: its classes run uninstrumented
 * (the trace command's help says so).
 */
final class ProgramLoaders {

    private ProgramLoaders() {}

    static boolean isProgramLoader(ClassLoader loader) {
        if (loader == null) {
            return false;
        }
        if (isSandprofs(loader)) {
            return true;
        }
        if (isJdkOrSandprofClass(loader.getClass())) {
            return false; // the JDK's reflection accessors' loaders, the agent's Byte Buddy's
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        boolean reachesSystem = false;
        for (ClassLoader p = parentOf(loader); p != null; p = parentOf(p)) {
            if (isSandprofs(p)) {
                return true;
            }
            if (p == system) {
                reachesSystem = true;
                break;
            }
        }
        return reachesSystem && isProgramLoader(loader.getClass().getClassLoader());
    }

    /** A loader of sandprof's runtime: the generations of the program's classes, its REPL's. */
    private static boolean isSandprofs(ClassLoader loader) {
        String name = loader.getName();
        return name != null && name.startsWith("sandprof-");
    }

    private static boolean isJdkOrSandprofClass(Class<?> type) {
        String name = type.getName();
        return name.startsWith("jdk.internal.") || name.startsWith("sun.") || name.startsWith("dev.sandprof.agent.internal.");
    }

    private static ClassLoader parentOf(ClassLoader loader) {
        try {
            return loader.getParent();
        } catch (RuntimeException e) {
            return null; // a program's override that fails: taken as no parent
        }
    }
}
