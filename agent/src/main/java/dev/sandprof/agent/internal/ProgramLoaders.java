package dev.sandprof.agent.internal;

import java.util.function.Predicate;

/**
 * Which class loaders hold the program's code: sandprof's own (the generations of shipped classes
 * and of the class path), and those the program makes itself (Rhino defines a class per compiled
 * script in a loader of its own). Never the JDK's, never the loaders of sandprof's own libraries.
 *
 * <p>A loader the program made is recognised by where it delegates: one of its parents is a
 * sandprof loader (the usual parent: the program's own loader, or the thread's context loader);
 * or its class is the program's and its parents lead to the application loader. Either way the
 * agent's classes, which the hooks call, are visible from its classes. A loader whose parents
 * stop at the bootstrap or platform loader cannot see them: its classes run uninstrumented
 * (the trace command's help says so).
 */
final class ProgramLoaders {

    /** Which loaders are sandprof's own: the generations of shipped classes, the REPL's. */
    private final Predicate<ClassLoader> sandprofs;

    ProgramLoaders(Predicate<ClassLoader> sandprofs) {
        this.sandprofs = sandprofs;
    }

    boolean isProgramLoader(ClassLoader loader) {
        if (loader == null) {
            return false;
        }
        if (sandprofs.test(loader)) {
            return true;
        }
        if (isJdkOrSandprofClass(loader.getClass())) {
            return false; // the JDK's reflection accessors' loaders, the agent's Byte Buddy's
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        boolean reachesSystem = false;
        for (ClassLoader p = parentOf(loader); p != null; p = parentOf(p)) {
            if (sandprofs.test(p)) {
                return true;
            }
            if (p == system) {
                reachesSystem = true;
                break;
            }
        }
        return reachesSystem && isProgramLoader(loader.getClass().getClassLoader());
    }

    private static boolean isJdkOrSandprofClass(Class<?> type) {
        String name = type.getName();
        return name.startsWith("jdk.internal.") || name.startsWith("sun.") || name.startsWith("dev.sandprof.agent.internal.");
    }

    private static ClassLoader parentOf(ClassLoader loader) {
        try {
            return loader.getParent();
        } catch (RuntimeException e) {
            return null; // a security manager of the program's refused: taken as no parent
        }
    }
}
