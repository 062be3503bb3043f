package dev.sandprof.host.internal;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * The signals that end a program under {@code java} after its shutdown hooks (SIGINT from Ctrl-C,
 * SIGTERM from {@code kill}, SIGHUP when the terminal goes), passed on by a host that runs one
 * program to that program's sandbox, so that the program sees the signal that was meant for it. The
 * sandbox runs in a session of its own, where a terminal's Ctrl-C does not reach it, and left to the
 * host's JVM such a signal would end the host and, with it, the sandbox with SIGKILL: no shutdown hook
 * of the program's would run, and the status would not be {@code java}'s.
 *
 * <p>With these handlers, the host does not end by itself on those signals: the sandbox's JVM runs
 * the program's hooks (or the program's own {@code sun.misc.Signal} handler) and exits with
 * 128 + the signal's number, and the host exits with the sandbox's status once it has delivered
 * what the sandbox printed. A program that handles the signal and goes on, goes on, as under
 * {@code java}. While no sandbox runs (the program is compiling, or has ended) the host exits at
 * once, with 128 + the signal's number. A signal the host's JVM was started ignoring (a background
 * job of a shell without job control) stays ignored, as {@code java} ignores it.
 */
public final class ForwardedSignals {

    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");
    private static final AtomicInteger FIRST = new AtomicInteger();
    private static boolean installed;

    private ForwardedSignals() {}

    /** Installs the handlers, once per JVM. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), ForwardedSignals::forward);
            } catch (IllegalArgumentException e) {
                // a signal this platform does not have, or the JVM keeps for itself (-Xrs): left as it is
            }
        }
    }

    /** The number of the first signal passed on, if one was. */
    public static OptionalInt received() {
        int n = FIRST.get();
        return n == 0 ? OptionalInt.empty() : OptionalInt.of(n);
    }

    private static void forward(Signal signal) {
        FIRST.compareAndSet(0, signal.getNumber());
        if (SandboxProcess.raiseInEvery(signal.getName()) == 0) {
            System.exit(128 + signal.getNumber());
        }
    }
}
