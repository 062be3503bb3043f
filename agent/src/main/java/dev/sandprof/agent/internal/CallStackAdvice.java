package dev.sandprof.agent.internal;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into every instrumented method: push on entry, and on every exit, the exceptional one
 * included, restore the depth the method was entered at, telling the exception recorder which
 * exception leaves. Static, no fields, and every failure suppressed, as advice must be (STYLE.md):
 * advice code runs inside user methods.
 */
public final class CallStackAdvice {

    private CallStackAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ShadowStack enter(@MethodId int method, @Recording boolean recording, @Counting boolean counting,
                                    @Advice.Local("depth") int depth) {
        if (!recording) {
            return null;
        }
        ShadowStack stack = ShadowStack.current();
        depth = stack.depth();
        if (counting) {
            stack.pushCounted(method);
        } else {
            stack.push(method);
        }
        return stack;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ShadowStack stack, @Advice.Local("depth") int depth, @Advice.Thrown Throwable thrown) {
        if (thrown != null) {
            ExceptionRecorder.left(stack, depth, thrown);
        }
        ShadowStack.exitTo(stack, depth);
    }

    /**
     * A constructor's exit: the entry is the same as a method's (pushed before the super
     * constructor runs; the advice does not touch {@code this}), but advice cannot catch what a
     * constructor throws, so it pops on a normal exit only. A constructor left by an exception
     * leaves its frame behind until its caller catches (the catch hook takes it off) or is left.
     */
    public static final class ConstructorExit {

        private ConstructorExit() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Enter ShadowStack stack, @Advice.Local("depth") int depth) {
            ShadowStack.exitTo(stack, depth);
        }
    }
}
