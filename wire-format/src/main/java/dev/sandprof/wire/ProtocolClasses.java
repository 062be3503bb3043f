package dev.sandprof.wire;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.openhft.chronicle.core.pool.ClassLookup;
import net.openhft.chronicle.core.util.ClassNotFoundRuntimeException;

/**
 * The closed set of classes a frame may name. The codec resolves every type tag through this
 * lookup, so a frame naming any other class ({@code java.io.File}, a gadget with a side effect in
 * its constructor) is refused before anything is instantiated: Chronicle's default lookup would
 * load and build any class on the class path.
 */
public final class ProtocolClasses implements ClassLookup {

    /** Every class that may appear in a frame, tagged by its simple name. */
    public static final List<Class<?>> ALL = List.of(
            Ping.class, Shutdown.class, Done.class,
            DefineClasses.class, ClassBytes.class, AddClassPath.class,
            InvokeMain.class, InvokeStatic.class, Evaluate.class, CallMethod.class,
            FreeRefs.class, CountRefs.class, RefCount.class, Instrument.class,
            ThreadStacks.class, ThreadStacksReply.class, ThreadStack.class,
            ValueReply.class, RemoteRef.class, UserFailure.class, ExceptionData.class,
            StackFrameData.class, ProtocolError.class, SandboxBug.class, Output.class,
            TraceExceptions.class, ExceptionsTraced.class, TracedExceptionData.class,
            StartProfile.class, StopProfile.class, ProfileReply.class, ProfileCollected.class,
            DescribeBenchmarks.class, BenchmarkList.class, BenchmarkInfo.class, BenchmarkParam.class, RunBenchmark.class,
            BenchmarkIteration.class, RedefineClasses.class, ReplValue.class, Interrupt.class, Heartbeat.class,
            InputWanted.class, Exiting.class, RunJmhFork.class, JmhBenchmarkParams.class, JmhIterationStarted.class,
            JmhIterationResult.class, JmhResultData.class, JmhForkEnded.class, JmhOutput.class);

    static final ProtocolClasses INSTANCE = new ProtocolClasses();

    private final Map<String, Class<?>> byTag =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private ProtocolClasses() {}

    @Override
    public Class<?> forName(CharSequence name) {
        Class<?> c = byTag.get(name.toString());
        if (c == null) {
            throw new ClassNotFoundRuntimeException(new ClassNotFoundException(
                    "'" + name + "' is not a sandprof protocol class"));
        }
        return c;
    }

    @Override
    public String nameFor(Class<?> clazz) {
        if (byTag.get(clazz.getSimpleName()) != clazz) {
            throw new IllegalArgumentException(clazz.getName() + " is not a sandprof protocol class");
        }
        return clazz.getSimpleName();
    }

    @Override
    public void addAlias(Class<?>... classes) {
        throw new UnsupportedOperationException("the protocol's classes are fixed");
    }

    @Override
    public void addAlias(Class<?> clazz, String names) {
        throw new UnsupportedOperationException("the protocol's classes are fixed");
    }
}
