package dev.sandprof.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.function.Predicate;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;

/**
 * Installs the call-stack advice and the exception hooks on the classes sandprof ships: those its
 * class-loader generations define from the host's bytes, and
 * those of the packages and jars the user names; never the JDK's or sandprof's own. Set up only
 * when asked, after the sandbox's handshake: Byte Buddy's set-up is the largest single start-up
 * cost (DEPENDENCIES.md).
 */
public final class ShippedCodeInstrumentation {

    /** Read the advice's switches: invokedynamics where the class file allows them (Java 7+), else volatile reads. */
    private static final StackManipulation RECORDING_CONSTANT = switchConstant("recording");
    private static final StackManipulation COUNTING_CONSTANT = switchConstant("counting");
    private static final StackManipulation RECORDING_FIELD = switchRead("recording");
    private static final StackManipulation COUNTING_FIELD = switchRead("counting");

    private static StackManipulation switchConstant(String name) {
        try {
            return MethodInvocation.invoke(new MethodDescription.ForLoadedMethod(AdviceSwitch.class.getMethod(
                            "bootstrap", MethodHandles.Lookup.class, String.class, MethodType.class)))
                    .dynamic(name, TypeDescription.ForLoadedType.of(boolean.class), List.of(), List.of());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StackManipulation switchRead(String name) {
        try {
            return MethodInvocation.invoke(new MethodDescription.ForLoadedMethod(AdviceSwitch.class.getMethod(name)));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean indyAllowed(TypeDescription type) {
        return type.getClassFileVersion() != null && type.getClassFileVersion().isAtLeast(ClassFileVersion.JAVA_V7);
    }

    /** The advice, with each method's id baked in as a constant when the method is instrumented. */
    private static final Advice.WithCustomMapping MAPPING = Advice.withCustomMapping()
            .bind(MethodId.class, (Advice.OffsetMapping) (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) ->
                    new Advice.OffsetMapping.Target.ForStackManipulation(IntegerConstant.forValue(
                            MethodIds.register(instrumentedType.getName(), instrumentedMethod.getInternalName()))))
            .bind(Recording.class, (Advice.OffsetMapping) (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) ->
                    new Advice.OffsetMapping.Target.ForStackManipulation(indyAllowed(instrumentedType) ? RECORDING_CONSTANT : RECORDING_FIELD))
            .bind(Counting.class, (Advice.OffsetMapping) (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) ->
                    new Advice.OffsetMapping.Target.ForStackManipulation(indyAllowed(instrumentedType) ? COUNTING_CONSTANT : COUNTING_FIELD));
    private static final Advice METHODS = MAPPING.to(CallStackAdvice.class);
    private static final Advice CONSTRUCTORS = MAPPING.to(CallStackAdvice.class, CallStackAdvice.ConstructorExit.class);

    private final InstrumentationScope scope = new InstrumentationScope();
    private final ClassFileTransformer transformer;

    private ShippedCodeInstrumentation(Instrumentation instrumentation, Predicate<ClassLoader> shippedLoaders) {
        transformer = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                // Lambdas and other synthetic classes have no source frames of their own.
                // Benchmark stubs are sandprof's timing loops, generated and shipped with the benchmark.
                .ignore(nameStartsWith("dev.sandprof.").or(isSynthetic()).or(nameEndsWith("_SandprofStub")))
                .with(new FailureReport())
                // Known by their class, not their name: a loader's name shows in every frame of a
                // stack trace the program prints (java's own app loader's does not).
                .type((type, loader, module, redefined, domain) -> loader != null && shippedLoaders.test(loader)
                        && scope.includes(type.getName(), domain))
                // The exception hooks go after the advice, so that they see the method's own code only.
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(METHODS.on(isMethod().and(not(isAbstract())).and(not(isNative()))))
                        .visit(CONSTRUCTORS.on(isConstructor()))
                        .visit(new ExceptionHooks()))
                .installOn(instrumentation);
    }

    /**
     * Says on the program's stderr which class could not be instrumented and why: it then runs
     * as it is, without call stacks or exception hooks, and a silent gap would mislead.
     */
    private static final class FailureReport extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, net.bytebuddy.utility.JavaModule module,
                            boolean loaded, Throwable throwable) {
            System.err.println("sandprof agent: " + typeName + " runs uninstrumented: " + throwable);
        }
    }

    /** Classes defined from now on by a sandprof loader ({@code shippedLoaders}) are instrumented. */
    public static ShippedCodeInstrumentation install(Instrumentation instrumentation, Predicate<ClassLoader> shippedLoaders) {
        return new ShippedCodeInstrumentation(instrumentation, shippedLoaders);
    }

    /** Also instruments, from now on, the classes these patterns name ({@link InstrumentationScope#add}). */
    public void include(List<String> patterns) {
        scope.add(patterns);
    }

    /** Stops instrumenting classes defined from now on. */
    public void uninstall(Instrumentation instrumentation) {
        instrumentation.removeTransformer(transformer);
    }
}
