package dev.sandprof.agent.internal;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into every instrumented method: push on entry, pop on every exit, the exceptional one
 * included, telling the exception recorder which exception leaves. Static, no fields, and every failure suppressed, as advice must be (STYLE.md): advice
 * code runs inside user methods.
 */
public final class CallStackAdvice {

    private CallStackAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ShadowStack enter(@MethodId int method, @Recording boolean recording) {
        return recording ? ShadowStack.enter(method) : null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ShadowStack stack, @Advice.Thrown Throwable thrown) {
        if (thrown != null) {
            ExceptionRecorder.left(stack, thrown);
        }
        ShadowStack.exit(stack);
    }
}
