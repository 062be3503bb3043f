package dev.sandprof.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Installs the call-stack advice on the classes sandprof ships: those defined by its class-loader
 * generations (loaders named {@code sandprof-...}), never the JDK's or sandprof's own. Set up only
 * when asked, after the sandbox's handshake: Byte Buddy's set-up is the largest single start-up
 * cost (DEPENDENCIES.md).
 */
public final class ShippedCodeInstrumentation {

    /** The advice, with each method's id baked in as a constant when the method is instrumented. */
    private static final Advice ADVICE = Advice.withCustomMapping()
            .bind(MethodId.class, (Advice.OffsetMapping) (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) ->
                    new Advice.OffsetMapping.Target.ForStackManipulation(IntegerConstant.forValue(
                            MethodIds.register(instrumentedType.getName() + "." + instrumentedMethod.getName()))))
            .to(CallStackAdvice.class);

    private ShippedCodeInstrumentation() {}

    /** Classes defined from now on by a sandprof loader are instrumented. */
    public static ClassFileTransformer install(Instrumentation instrumentation) {
        ElementMatcher<ClassLoader> shippedLoaders = loader -> loader != null && loader.getName() != null
                && loader.getName().startsWith("sandprof-");
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                // Lambdas and other synthetic classes have no source frames of their own.
                .ignore(nameStartsWith("dev.sandprof.").or(isSynthetic()))
                .type(any(), shippedLoaders)
                // Methods only: advice cannot catch what a constructor throws before super() returns,
                // so a constructor's frame could not be popped on every exit.
                .transform((builder, type, loader, module, domain) -> builder.visit(ADVICE
                        .on(isMethod().and(not(isAbstract())).and(not(isNative())))))
                .installOn(instrumentation);
    }
}
