package dev.sandprof.sandbox;

import dev.sandprof.wire.AddClassPath;
import dev.sandprof.wire.CallMethod;
import dev.sandprof.wire.CountRefs;
import dev.sandprof.wire.Evaluate;
import dev.sandprof.wire.FreeRefs;
import dev.sandprof.wire.Instrument;
import dev.sandprof.wire.ThreadStack;
import dev.sandprof.wire.ThreadStacks;
import dev.sandprof.wire.ThreadStacksReply;
import dev.sandprof.wire.RefCount;
import dev.sandprof.wire.RemoteRef;
import dev.sandprof.wire.DefineClasses;
import dev.sandprof.wire.Done;
import dev.sandprof.wire.InvokeMain;
import dev.sandprof.wire.InvokeStatic;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import dev.sandprof.wire.Shutdown;
import dev.sandprof.sandbox.profile.ProfileRefused;
import dev.sandprof.sandbox.profile.Profiling;
import dev.sandprof.wire.ProfileReply;
import dev.sandprof.sandbox.bench.BenchmarkDiscovery;
import dev.sandprof.sandbox.bench.BenchmarkRefused;
import dev.sandprof.sandbox.bench.BenchmarkRunner;
import dev.sandprof.wire.BenchmarkList;
import dev.sandprof.wire.DescribeBenchmarks;
import dev.sandprof.wire.RunBenchmark;
import dev.sandprof.wire.Interrupt;
import dev.sandprof.wire.RedefineClasses;
import dev.sandprof.wire.ReplValue;
import java.lang.instrument.UnmodifiableClassException;
import dev.sandprof.wire.StackFrameData;
import dev.sandprof.wire.StartProfile;
import dev.sandprof.wire.StopProfile;
import dev.sandprof.wire.TraceExceptions;
import dev.sandprof.wire.TracedExceptionData;
import dev.sandprof.wire.UserFailure;
import dev.sandprof.wire.ValueReply;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Serves the requests of the protocol: the same code answers them in the sandbox JVM (behind
 * {@link SandboxMain}'s channel) and in the host JVM for the in-process interpreter, where no
 * serialisation happens. User code runs on the calling thread.
 */
public final class SandboxRuntime {

    /** Why a request that needs the agent is refused where there is none. */
    public static final String NO_AGENT = "call stacks need the sandprof agent, which this sandbox was started"
            + " without: use an external sandbox (Interpreter.external), which always has it";

    private final long epoch;
    private final ClassGenerations generations;
    private final RefTable refs;
    private final Profiling profiling = new Profiling();
    /** The thread serving a request now (user code runs on it): what {@code Interrupt} interrupts. */
    private volatile Thread userThread;
    private volatile java.util.function.Consumer<dev.sandprof.wire.Event> events = e -> { };
    /** Set once exception tracing has been turned on: from then on, each request's raises are drained. */
    private volatile boolean traced;

    /**
     * @param epoch this incarnation's epoch, carried by every ref it hands out
     * @param root the parent of the first class-loader generation
     */
    public SandboxRuntime(long epoch, ClassLoader root) {
        this.epoch = epoch;
        this.generations = new ClassGenerations(root);
        this.refs = new RefTable(epoch);
    }

    public long epoch() {
        return epoch;
    }

    /** Answers one request; never throws for anything user code or the request does wrong. */
    public Reply handle(Request request) {
        long id = request.requestId();
        if (request instanceof Interrupt) {
            Thread running = userThread;
            if (running != null) {
                running.interrupt();
            }
            return new Done(id);
        }
        if (request instanceof ThreadStacks || request instanceof Shutdown) {
            return serve(request, id); // answered out of turn, beside the request that runs user code
        }
        Thread previous = userThread;
        userThread = Thread.currentThread();
        try {
            return serve(request, id);
        } finally {
            userThread = previous;
        }
    }

    private Reply serve(Request request, long id) {
        try {
            if (request instanceof Ping || request instanceof Shutdown) {
                return new Done(id);
            } else if (request instanceof DefineClasses) {
                generations.define(((DefineClasses) request).classes());
                return new Done(id);
            } else if (request instanceof AddClassPath) {
                generations.addClassPath(((AddClassPath) request).entries());
                return new Done(id);
            } else if (request instanceof InvokeMain) {
                return invokeMain((InvokeMain) request);
            } else if (request instanceof InvokeStatic) {
                return invokeStatic((InvokeStatic) request);
            } else if (request instanceof Evaluate) {
                return evaluate((Evaluate) request);
            } else if (request instanceof CallMethod) {
                return callMethod((CallMethod) request);
            } else if (request instanceof FreeRefs) {
                FreeRefs free = (FreeRefs) request;
                refs.free(free.epoch(), free.ids());
                return new Done(id);
            } else if (request instanceof CountRefs) {
                return new RefCount(id, refs.size());
            } else if (request instanceof Instrument) {
                return instrument(id, ((Instrument) request).include());
            } else if (request instanceof TraceExceptions) {
                return traceExceptions(id, ((TraceExceptions) request).on());
            } else if (request instanceof StartProfile) {
                profiling.start((StartProfile) request);
                return new Done(id);
            } else if (request instanceof StopProfile) {
                return profiling.stop(id);
            } else if (request instanceof DescribeBenchmarks) {
                List<Class<?>> classes = new ArrayList<>();
                for (String name : ((DescribeBenchmarks) request).classNames()) {
                    classes.add(loadShipped(name));
                }
                return new BenchmarkList(id, BenchmarkDiscovery.describe(classes));
            } else if (request instanceof RunBenchmark) {
                return runBenchmark((RunBenchmark) request);
            } else if (request instanceof RedefineClasses) {
                return redefine((RedefineClasses) request);
            } else if (request instanceof ReplValue) {
                return replValue((ReplValue) request);
            } else if (request instanceof ThreadStacks) {
                return threadStacks(id);
            }
            return new ProtocolError(id, "the sandbox does not serve " + request.getClass().getSimpleName()
                    + " requests: host and sandbox are of different sandprof builds");
        } catch (RequestRefused | IllegalArgumentException | ProfileRefused | BenchmarkRefused e) {
            return new ProtocolError(id, e.getMessage());
        } catch (LinkageError e) {
            // A class that fails verification or linking when defined or first loaded: user data.
            return new UserFailure(id, ExceptionCapture.capture(e, new StackTraceElement[0]));
        }
    }

    private static Reply threadStacks(long id) {
        try {
            List<ThreadStack> stacks = new ArrayList<>();
            dev.sandprof.agent.CallStack.allThreads().forEach((thread, frames) ->
                    stacks.add(new ThreadStack(thread.getName(), thread.getId(), frames)));
            return new ThreadStacksReply(id, stacks);
        } catch (NoClassDefFoundError e) {
            return new ProtocolError(id, NO_AGENT);
        }
    }

    private static Reply instrument(long id, List<String> include) {
        try {
            if (dev.sandprof.agent.SandprofAgent.instrument(include)) {
                return new Done(id);
            }
        } catch (NoClassDefFoundError e) {
            // the agent's classes are not even on this class path (the in-process interpreter)
        }
        return new ProtocolError(id, NO_AGENT);
    }

    private Reply traceExceptions(long id, boolean on) {
        try {
            if (dev.sandprof.agent.SandprofAgent.instrumentation() != null) {
                if (on) {
                    traced = true;
                    dev.sandprof.agent.ExceptionTrace.start();
                } else {
                    dev.sandprof.agent.ExceptionTrace.stop();
                }
                return new Done(id);
            }
        } catch (NoClassDefFoundError e) {
            // no agent on this class path
        }
        return new ProtocolError(id, NO_AGENT);
    }

    /**
     * The running profile, stopped, when the JVM is ending with one running; {@code null} when
     * none runs or it cannot be stopped now.
     */
    public ProfileReply stopProfileAtExit(long requestId) {
        try {
            return profiling.running() ? profiling.stop(requestId) : null;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * The exceptions raised in instrumented code since the last call, in the order of their first
     * raise; empty when tracing was never on. Called after each request that ran user code.
     */
    public List<TracedExceptionData> drainTracedExceptions() {
        if (!traced) {
            return List.of();
        }
        List<TracedExceptionData> out = new ArrayList<>();
        for (dev.sandprof.agent.TracedException e : dev.sandprof.agent.ExceptionTrace.drain()) {
            List<StackFrameData> stack = new ArrayList<>();
            e.stack().forEach(f -> stack.add(StackFrameData.of(f)));
            out.add(new TracedExceptionData(e.thread(), e.exceptionClass(), e.message(), e.count(),
                    TracedExceptionData.Outcome.valueOf(e.outcome().name()), stack,
                    e.stoppedAt() == null ? null : StackFrameData.of(e.stoppedAt()), e.hasJvmTrace()));
        }
        return out;
    }

    private Reply invokeMain(InvokeMain request) {
        Method main = findMethod(request.mainClass(), "main", String[].class);
        if (main.getReturnType() != void.class || !Modifier.isStatic(main.getModifiers())) {
            throw new RequestRefused(request.mainClass() + " has no static void main(String[])");
        }
        Set<Thread> before = request.awaitThreads() ? liveThreads() : Set.of();
        Object[] args = {request.args().toArray(String[]::new)};
        Reply reply = invoke(request.requestId(), main, null, args, false);
        if (request.awaitThreads()) {
            awaitNewThreads(before);
        }
        return reply;
    }

    private Reply invokeStatic(InvokeStatic request) {
        Method m = findMethod(request.targetClass(), request.method());
        if (!Modifier.isStatic(m.getModifiers())) {
            throw new RequestRefused(request.targetClass() + "." + request.method() + "() is not static");
        }
        return invoke(request.requestId(), m, null, new Object[0], true);
    }

    private Reply evaluate(Evaluate request) {
        Object[] args = resolve(request.args());
        ClassLoader loader = generations.defineLeaf(request.classes());
        Class<?> snippet;
        try {
            snippet = Class.forName(request.targetClass(), false, loader);
        } catch (ClassNotFoundException e) {
            throw new RequestRefused("the snippet's class " + request.targetClass() + " was not among its classes");
        }
        for (Method m : snippet.getDeclaredMethods()) {
            if (m.getName().equals(request.method()) && Modifier.isStatic(m.getModifiers())) {
                m.setAccessible(true);
                return invoke(request.requestId(), m, null, args, true);
            }
        }
        throw new RequestRefused("the snippet " + request.targetClass() + " has no static method " + request.method());
    }

    private Reply callMethod(CallMethod request) {
        Object receiver = refs.get(request.receiver());
        Object[] args = resolve(request.args());
        Method m = MethodChoice.choose(receiver.getClass(), request.method(), args);
        try {
            m.setAccessible(true);
        } catch (RuntimeException e) {
            throw new RequestRefused(m + " cannot be called from outside its module: " + e.getMessage());
        }
        return invoke(request.requestId(), m, receiver, args, true);
    }

    private Object[] resolve(List<RemoteRef> refList) {
        Object[] objects = new Object[refList.size()];
        for (int i = 0; i < objects.length; i++) {
            RemoteRef r = refList.get(i);
            objects[i] = r == null ? null : refs.get(r);
        }
        return objects;
    }

    /**
     * The live object a ref names, for the in-process interpreter's wormhole.
     *
     * @throws IllegalArgumentException for a ref of another epoch or a freed ref
     */
    public Object object(RemoteRef ref) {
        return refs.get(ref);
    }

    private Reply invoke(long id, Method m, Object receiver, Object[] args, boolean keepValue) {
        StackTraceElement[] callSite = new Throwable().getStackTrace();
        Object value;
        try {
            value = m.invoke(receiver, args);
        } catch (InvocationTargetException e) {
            return new UserFailure(id, ExceptionCapture.capture(e.getCause(), callSite));
        } catch (IllegalAccessException e) {
            throw new RequestRefused(m + " is not accessible: " + e.getMessage());
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            // Thrown by the class's static initialiser or a missing dependency, before m ran.
            return new UserFailure(id, ExceptionCapture.capture(e, callSite));
        }
        if (!keepValue || m.getReturnType() == void.class) {
            return new ValueReply(id, null, "void", "");
        }
        if (value == null) {
            return new ValueReply(id, null, "null", "null");
        }
        return new ValueReply(id, refs.add(value), value.getClass().getName(), ValueDisplay.of(value),
                StaticTypes.nameableType(value.getClass()));
    }

    /** Where events the requests make go (the channel, in the sandbox JVM). */
    public void onEvent(java.util.function.Consumer<dev.sandprof.wire.Event> sink) {
        events = sink;
    }

    private Reply runBenchmark(RunBenchmark request) {
        StackTraceElement[] callSite = new Throwable().getStackTrace();
        try {
            new BenchmarkRunner(this::loadShipped, events::accept, profiling,
                    profile -> events.accept(new dev.sandprof.wire.ProfileCollected(request.requestId(), profile))).run(request);
            return new Done(request.requestId());
        } catch (BenchmarkRefused | RequestRefused | ProfileRefused e) {
            throw e;
        } catch (Throwable e) {
            return new UserFailure(request.requestId(), ExceptionCapture.capture(e, callSite));
        }
    }

    /** HotSwap through the agent's Instrumentation; classes not loaded yet are simply defined. */
    private Reply redefine(RedefineClasses request) {
        java.lang.instrument.Instrumentation instrumentation;
        try {
            instrumentation = dev.sandprof.agent.SandprofAgent.instrumentation();
        } catch (NoClassDefFoundError e) {
            instrumentation = null;
        }
        if (instrumentation == null) {
            throw new RequestRefused("redefining classes needs the sandprof agent: use an external sandbox");
        }
        List<java.lang.instrument.ClassDefinition> loaded = new ArrayList<>();
        List<dev.sandprof.wire.ClassBytes> fresh = new ArrayList<>();
        for (dev.sandprof.wire.ClassBytes cb : request.classes()) {
            try {
                loaded.add(new java.lang.instrument.ClassDefinition(generations.load(cb.name()), cb.bytes()));
            } catch (ClassNotFoundException e) {
                fresh.add(cb);
            }
        }
        try {
            instrumentation.redefineClasses(loaded.toArray(java.lang.instrument.ClassDefinition[]::new));
        } catch (ClassNotFoundException | UnmodifiableClassException | UnsupportedOperationException | ClassFormatError e) {
            throw new RequestRefused("the JVM would not redefine " + loaded.size() + " classes: " + e);
        }
        if (!fresh.isEmpty()) {
            generations.define(fresh);
        }
        return new Done(request.requestId());
    }

    /** A REPL's value: a static method's result or a static field's, shown as JShell shows values. */
    private Reply replValue(ReplValue request) {
        Class<?> c = loadShipped(request.targetClass());
        StackTraceElement[] callSite = new Throwable().getStackTrace();
        Object value;
        String type;
        try {
            if (request.field()) {
                java.lang.reflect.Field f = c.getDeclaredField(request.member());
                f.setAccessible(true);
                value = f.get(null);
                type = f.getType().getName();
            } else {
                Method m = c.getDeclaredMethod(request.member());
                m.setAccessible(true);
                value = m.invoke(null);
                type = m.getReturnType().getName();
            }
        } catch (InvocationTargetException e) {
            return new UserFailure(request.requestId(), ExceptionCapture.capture(e.getCause(), callSite));
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            return new UserFailure(request.requestId(), ExceptionCapture.capture(e, callSite));
        } catch (NoSuchFieldException | NoSuchMethodException | IllegalAccessException e) {
            throw new RequestRefused(request.targetClass() + " has no static " + request.member() + ": " + e.getMessage());
        }
        return new ValueReply(request.requestId(), null, type, ReplDisplay.of(value));
    }

    private Class<?> loadShipped(String className) {
        try {
            return generations.load(className);
        } catch (ClassNotFoundException e) {
            throw new RequestRefused("no class named " + className + " in the sandbox: ship it first");
        }
    }

    private Method findMethod(String className, String name, Class<?>... parameters) {
        Class<?> c = loadShipped(className);
        Method m;
        try {
            m = c.getDeclaredMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new RequestRefused(className + " has no method " + name + signature(parameters));
        }
        try {
            m.setAccessible(true);
        } catch (RuntimeException e) {
            throw new RequestRefused(m + " is not accessible: " + e.getMessage());
        }
        return m;
    }

    private static String signature(Class<?>[] parameters) {
        List<String> names = new ArrayList<>();
        for (Class<?> p : parameters) {
            names.add(p.getSimpleName());
        }
        return "(" + String.join(", ", names) + ")";
    }

    /**
     * The live threads, from the root thread group: unlike {@code Thread.getAllStackTraces()} it
     * takes no stack of any thread, which cost milliseconds per request.
     */
    private static Set<Thread> liveThreads() {
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

    /** Waits, as the {@code java} launcher does, for the non-daemon threads user code started. */
    private static void awaitNewThreads(Set<Thread> before) {
        while (true) {
            Thread pending = null;
            for (Thread t : liveThreads()) {
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

    /** A request that names something that is not there; answered with a {@link ProtocolError}. */
    private static final class RequestRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RequestRefused(String message) {
            super(message, null, false, false);
        }
    }
}
