package dev.sandprof.sandbox;

import java.lang.reflect.Method;

/**
 * Runs sandprof's own work at the sandbox JVM's exit after the program's shutdown hooks have all
 * ended: a {@code Runtime.addShutdownHook} hook would run beside them, and closing the channel there
 * lost what a program's hook printed after it (a Ctrl-C'ed program's "shutting down" line).
 *
 * <p>The JDK runs its own hooks in numbered slots, one after another: 0 the console's, 1 all the
 * application's hooks (started together and waited for), 2 {@code deleteOnExit}'s, up to 9. The last
 * slot is taken here through {@code jdk.internal.access}, which the host exports to this module
 * alone ({@code SandboxLauncher.MODULE_FLAGS}); it is reached by reflection, since {@code --release 17}
 * compiles against no internal package.
 */
final class LastShutdownHook {

    private static final int LAST_SLOT = 9;

    private LastShutdownHook() {}

    /**
     * @return whether {@code hook} will run after the program's hooks; {@code false} when this JDK
     *     offers no such slot, and the caller must make do with an ordinary hook
     */
    static boolean register(Runnable hook) {
        try {
            Class<?> secrets = Class.forName("jdk.internal.access.SharedSecrets");
            Class<?> access = Class.forName("jdk.internal.access.JavaLangAccess");
            Object javaLang = secrets.getMethod("getJavaLangAccess").invoke(null);
            Method register = access.getMethod("registerShutdownHook", int.class, boolean.class, Runnable.class);
            register.invoke(javaLang, LAST_SLOT, false, hook);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
