package dev.sandprof.benchmarks;

import dev.sandprof.agent.internal.ExceptionRecorder;
import dev.sandprof.agent.internal.ShadowStack;
import dev.sandprof.agent.internal.ShippedCodeInstrumentation;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import workload.Workloads;

/**
 * What the agent's call-stack recording and exception tracing cost: the same {@link Workloads}
 * bytecode loaded plain, instrumented with recording switched off at run time, instrumented with
 * recording on, and with exception tracing on as well, in one fork (the agent is attached to the
 * fork itself).
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' org.openjdk.jmh.Main CallStackBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Djdk.attach.allowAttachSelf=true")
public class CallStackBenchmark {

    @Param({"plain", "instrumented-off", "instrumented-on", "traced"})
    public String variant;

    private MethodHandle fib;
    private MethodHandle collections;
    private MethodHandle throwLoop;

    /** Defines the workload class from its bytes in a loader of the given name. */
    static final class Copy extends ClassLoader {
        private final byte[] bytes;

        Copy(String name, byte[] bytes) {
            super(name, CallStackBenchmark.class.getClassLoader());
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(Workloads.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, bytes, 0, bytes.length);
            }
        }
    }

    @Setup(Level.Trial)
    public void load() throws Exception {
        byte[] bytes;
        try (InputStream in = Workloads.class.getResourceAsStream("Workloads.class")) {
            bytes = in.readAllBytes();
        }
        boolean instrumented = !variant.equals("plain");
        if (instrumented) {
            // Only the loaders named sandprof-... are instrumented.
            ShippedCodeInstrumentation.install(ByteBuddyAgent.install(),
                    loader -> loader.getName() != null && loader.getName().startsWith("sandprof-"));
        }
        Class<?> c = new Copy(instrumented ? "sandprof-benchmark" : "plain-benchmark", bytes).loadClass(Workloads.class.getName());
        ShadowStack.record(variant.equals("instrumented-on") || variant.equals("traced"));
        ExceptionRecorder.tracing = variant.equals("traced");
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        fib = lookup.findStatic(c, "fib", MethodType.methodType(int.class, int.class));
        collections = lookup.findStatic(c, "collections", MethodType.methodType(long.class, int.class));
        throwLoop = lookup.findStatic(c, "throwLoop", MethodType.methodType(long.class, int.class));
    }

    @Benchmark
    public int fib30() throws Throwable {
        return (int) fib.invokeExact(30);
    }

    @Benchmark
    public long collections100k() throws Throwable {
        return (long) collections.invokeExact(100_000);
    }

    @Benchmark
    public long throws1M() throws Throwable {
        return (long) throwLoop.invokeExact(1_000_000);
    }
}
