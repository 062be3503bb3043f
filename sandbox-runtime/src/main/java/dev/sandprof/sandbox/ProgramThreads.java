package dev.sandprof.sandbox;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** The threads a program started, waited for as the {@code java} launcher waits for them. */
final class ProgramThreads {

    private ProgramThreads() {}

    /**
     * The live threads, from the root thread group: unlike {@code Thread.getAllStackTraces()} it
     * takes no stack of any thread, which cost milliseconds per request.
     */
    static Set<Thread> live() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return new HashSet<>(Arrays.asList(threads).subList(0, n));
    }

    /** Waits, as the {@code java} launcher does, for the non-daemon threads started since {@code before}. */
    static void awaitNew(Set<Thread> before) {
        while (true) {
            Thread pending = null;
            for (Thread t : live()) {
                if (!before.contains(t) && !t.isDaemon() && t.isAlive() && t != Thread.currentThread()) {
                    pending = t;
                    break;
                }
            }
            if (pending == null) {
                return;
            }
            try {
                pending.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
