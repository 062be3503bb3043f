package dev.sandprof.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.function.Predicate;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;

/**
 * Installs the call-stack advice and the exception hooks on the classes sandprof ships: those its
 * class-loader generations define from the host's bytes, and those of the packages and jars the
 * user names, in those loaders and in the loaders the program makes ({@link ProgramLoaders}); never
 * the JDK's or sandprof's own. Set up only
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
    /** Known by their class, not their name: a loader's name shows in every frame of a stack trace the program prints. */
    private final ProgramLoaders programLoaders;
    private final ClassFileTransformer transformer;

    private ShippedCodeInstrumentation(Instrumentation instrumentation, Predicate<ClassLoader> shippedLoaders) {
        programLoaders = new ProgramLoaders(shippedLoaders);
        // Synthetic methods too (Byte Buddy leaves them out by default): a lambda's body is one
        // (lambda$main$0), and the JVM's stack traces show it. Only the class's own methods are
        // advised, so no method graph of its super types is needed: building one resolved every
        // type the class's hierarchy names, which failed where an optional library is absent
        // (H2's ValueGeometry names JTS) and cost most of the time of instrumenting a class.
        ByteBuddy byteBuddy = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                .ignore(none());
        transformer = new AgentBuilder.Default(byteBuddy)
                .disableClassFormatChanges()
                // Decorating: the class file streams through the visitors; nothing is redefined.
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                // The loader first: it is the cheap test, and it rules out the JDK's classes before
                // anything else about them is read. Synthetic classes have no source frames of their
                // own. Benchmark stubs are sandprof's timing loops, generated and shipped with the benchmark;
                // so are JMH's (its processor's jmh_generated packages), and JMH's runner of a fork.
                .ignore((type, loader, module, redefined, domain) -> !programLoaders.isProgramLoader(loader)
                        || type.getName().startsWith("dev.sandprof.") || type.getName().endsWith("_SandprofStub")
                        || type.getName().startsWith("org.openjdk.jmh.") || type.getName().startsWith("jmh_generated.")
                        || type.getName().contains(".jmh_generated.") || type.isSynthetic())
                .with(new FailureReport())
                .type((type, loader, module, redefined, domain) -> scope.includes(type.getName(), domain))
                // The exception hooks go after the advice, so that they see the method's own code only.
                // A static initialiser is a frame of its own in the JVM's stacks, as a method is.
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(METHODS.on(isMethod().and(not(isAbstract())).and(not(isNative())).or(isTypeInitializer())))
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
