package dev.sandprof.sandbox;

import dev.sandprof.sandbox.bench.BenchmarkDiscovery;
import dev.sandprof.sandbox.bench.BenchmarkRunner;
import dev.sandprof.sandbox.bench.jmh.JmhFork;
import dev.sandprof.sandbox.profile.Profiling;
import dev.sandprof.wire.AddClassPath;
import dev.sandprof.wire.BenchmarkList;
import dev.sandprof.wire.CallMethod;
import dev.sandprof.wire.CountRefs;
import dev.sandprof.wire.DefineClasses;
import dev.sandprof.wire.DescribeBenchmarks;
import dev.sandprof.wire.Done;
import dev.sandprof.wire.Evaluate;
import dev.sandprof.wire.ExceptionData;
import dev.sandprof.wire.Event;
import dev.sandprof.wire.FreeRefs;
import dev.sandprof.wire.Heartbeat;
import dev.sandprof.wire.Instrument;
import dev.sandprof.wire.Interrupt;
import dev.sandprof.wire.InvokeMain;
import dev.sandprof.wire.InvokeStatic;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.ProfileCollected;
import dev.sandprof.wire.ProfileReply;
import dev.sandprof.wire.RedefineClasses;
import dev.sandprof.wire.RefCount;
import dev.sandprof.wire.RemoteRef;
import dev.sandprof.wire.ReplValue;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import dev.sandprof.wire.RequestHandler;
import dev.sandprof.wire.RunBenchmark;
import dev.sandprof.wire.RunJmhFork;
import dev.sandprof.wire.Shutdown;
import dev.sandprof.wire.StartProfile;
import dev.sandprof.wire.StopProfile;
import dev.sandprof.wire.ThreadStacks;
import dev.sandprof.wire.ThreadStacksReply;
import dev.sandprof.wire.TraceExceptions;
import dev.sandprof.wire.TracedExceptionData;
import dev.sandprof.wire.ValueReply;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Serves the requests of the protocol, one {@link RequestHandler} method each: the same code
 * answers them in the sandbox JVM (behind {@link SandboxMain}'s channel) and in the host JVM for
 * the in-process interpreter, where no serialisation happens. User code runs on the calling thread.
 * A method that cannot do what it is asked throws {@link RequestRefused}; one whose user code threw
 * ends with {@link UserCodeFailed}; {@link #handle} makes the reply of either.
 */
public final class SandboxRuntime implements RequestHandler {

    private final long epoch;
    private final ClassGenerations generations;
    private final RefTable refs;
    private final Profiling profiling = new Profiling();
    private final AgentRequests agent = new AgentRequests();
    private final Consumer<Event> events;
    /** Guards the fields below: an interrupt never outlives its request. */
    private final Object userThreadLock = new Object();
    /** The thread serving a request in turn now (user code runs on it): what {@code Interrupt} interrupts. */
    private Thread userThread;
    private boolean interruptSent;
    /** The last request read that runs user code ({@link #received}), and the last one started. */
    private long lastReceived;
    private long lastStarted;
    /** A request an {@code Interrupt} came for after it was read but before it started: it starts interrupted. */
    private long interruptOnStart;

    /**
     * @param epoch this incarnation's epoch, carried by every ref it hands out
     * @param root the parent of the first class-loader generation
     * @param events where the events requests make go (the channel, in the sandbox JVM), each
     *     carrying the id of the request that made it
     */
    public SandboxRuntime(long epoch, ClassLoader root, Consumer<Event> events) {
        this.epoch = epoch;
        this.generations = new ClassGenerations(root);
        this.refs = new RefTable(epoch);
        this.events = events;
    }

    public long epoch() {
        return epoch;
    }

    /** Answers one request; never throws, whatever user code or the request does wrong. */
    public Reply handle(Request<?> request) {
        if (request.outOfTurn()) {
            return RequestDispatch.answer(this, request); // beside the request that runs user code
        }
        Thread previous;
        synchronized (userThreadLock) {
            previous = userThread;
            userThread = Thread.currentThread();
            if (request.runsUserCode()) {
                lastReceived = Math.max(lastReceived, request.requestId());
                lastStarted = request.requestId();
                if (interruptOnStart == request.requestId()) {
                    interruptSent = true;
                    Thread.currentThread().interrupt();
                }
            }
        }
        try {
            return RequestDispatch.answer(this, request);
        } finally {
            synchronized (userThreadLock) {
                if (interruptSent) {
                    // An Interrupt is for the request it came during; user code that ignored it must
                    // not leave it to the next (in-process, this thread is the host's caller).
                    interruptSent = false;
                    Thread.interrupted();
                }
                userThread = previous;
            }
        }
    }

    /**
     * A request that runs user code was read and waits for the thread that serves requests in
     * turn: an {@code Interrupt} read after it and before it starts is for it (the host sent the
     * interrupt while that request was under way), and must not be lost in the hand-over.
     */
    public void received(Request<?> request) {
        if (request.runsUserCode() && !request.outOfTurn()) {
            synchronized (userThreadLock) {
                lastReceived = Math.max(lastReceived, request.requestId());
            }
        }
    }

    @Override
    public Done interrupt(Interrupt request) {
        synchronized (userThreadLock) {
            if (userThread != null) {
                interruptSent = true;
                userThread.interrupt();
            } else if (lastReceived > lastStarted) {
                interruptOnStart = lastReceived; // read, not started yet: it starts interrupted
            }
        }
        return new Done(request.requestId());
    }

    /** Whether an {@code Interrupt} reached the request this thread serves. */
    private boolean interruptSent() {
        synchronized (userThreadLock) {
            return interruptSent && userThread == Thread.currentThread();
        }
    }

    @Override
    public Done heartbeat(Heartbeat request) {
        return new Done(request.requestId());
    }

    @Override
    public Done ping(Ping request) {
        return new Done(request.requestId());
    }

    @Override
    public Done shutdown(Shutdown request) {
        return new Done(request.requestId());
    }

    @Override
    public Done defineClasses(DefineClasses request) {
        generations.define(request.classes());
        return new Done(request.requestId());
    }

    @Override
    public Done addClassPath(AddClassPath request) {
        generations.addClassPath(request.entries());
        return new Done(request.requestId());
    }

    @Override
    public Done freeRefs(FreeRefs request) {
        refs.free(request.epoch(), request.ids());
        return new Done(request.requestId());
    }

    @Override
    public RefCount countRefs(CountRefs request) {
        return new RefCount(request.requestId(), refs.size());
    }

    @Override
    public ThreadStacksReply threadStacks(ThreadStacks request) {
        return new ThreadStacksReply(request.requestId(), agent.threadStacks());
    }

    @Override
    public Done instrument(Instrument request) {
        agent.instrument(request.include());
        return new Done(request.requestId());
    }

    @Override
    public Done traceExceptions(TraceExceptions request) {
        agent.traceExceptions(request.on());
        return new Done(request.requestId());
    }

    @Override
    public Done redefineClasses(RedefineClasses request) {
        agent.redefine(request.classes(), generations);
        return new Done(request.requestId());
    }

    @Override
    public Done startProfile(StartProfile request) {
        profiling.start(request);
        return new Done(request.requestId());
    }

    @Override
    public ProfileReply stopProfile(StopProfile request) {
        return profiling.stop(request.requestId());
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
        return agent.drainTracedExceptions();
    }

    @Override
    public Done invokeMain(InvokeMain request) {
        Method main = findMethod(request.mainClass(), "main", String[].class);
        if (main.getReturnType() != void.class || !Modifier.isStatic(main.getModifiers())) {
            throw new RequestRefused(request.mainClass() + " has no static void main(String[])");
        }
        Set<Thread> before = request.awaitThreads() ? ProgramThreads.live() : Set.of();
        invoke(request.requestId(), main, null, new Object[] {request.args().toArray(String[]::new)}, false);
        if (request.awaitThreads()) {
            ProgramThreads.awaitNew(before);
        }
        return new Done(request.requestId());
    }

    @Override
    public ValueReply invokeStatic(InvokeStatic request) {
        Method m = findMethod(request.targetClass(), request.method());
        if (!Modifier.isStatic(m.getModifiers())) {
            throw new RequestRefused(request.targetClass() + "." + request.method() + "() is not static");
        }
        return invoke(request.requestId(), m, null, new Object[0], true);
    }

    @Override
    public ValueReply evaluate(Evaluate request) {
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

    @Override
    public ValueReply callMethod(CallMethod request) {
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
     * @throws RequestRefused for a ref of another epoch or a freed ref
     */
    public Object object(RemoteRef ref) {
        return refs.get(ref);
    }

    /**
     * What user code threw, as data. An {@code OutOfMemoryError} may come with the heap full (the
     * program holds all it allocated): the sandbox's reserve is let go first, and the report is
     * made before the exception that carries it.
     */
    private static UserCodeFailed userFailure(Throwable thrown, StackTraceElement[] callSite) {
        if (thrown instanceof OutOfMemoryError) {
            MemoryReserve.release();
        }
        ExceptionData data = ExceptionCapture.capture(thrown, callSite);
        return new UserCodeFailed(data);
    }

    private ValueReply invoke(long id, Method m, Object receiver, Object[] args, boolean keepValue) {
        StackTraceElement[] callSite = new Throwable().getStackTrace();
        Object value;
        // Under java a program's context class loader is the one that loaded it, and the threads it
        // starts inherit it: ServiceLoader.load, script engines and frameworks look its classes up
        // there (Rhino found none of its own through the sandbox's system loader).
        Thread self = Thread.currentThread();
        ClassLoader context = self.getContextClassLoader();
        self.setContextClassLoader(generations.newest());
        try {
            value = m.invoke(receiver, args);
        } catch (InvocationTargetException e) {
            throw userFailure(e.getCause(), callSite);
        } catch (IllegalAccessException e) {
            throw new RequestRefused(m + " is not accessible: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new RequestRefused("the arguments do not fit " + m + ": " + e.getMessage());
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            // Thrown by the class's static initialiser or a missing dependency, before m ran.
            throw userFailure(e, callSite);
        } catch (OutOfMemoryError e) {
            // The program's heap was full as it threw: no room for the InvocationTargetException that
            // would wrap what it threw (java's launcher reports the same error from the same place).
            throw userFailure(e, callSite);
        } finally {
            self.setContextClassLoader(context);
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

    @Override
    public BenchmarkList describeBenchmarks(DescribeBenchmarks request) {
        List<Class<?>> classes = new ArrayList<>();
        for (String name : request.classNames()) {
            classes.add(loadShipped(name));
        }
        return new BenchmarkList(request.requestId(), BenchmarkDiscovery.describe(classes));
    }

    @Override
    public Done runBenchmark(RunBenchmark request) {
        // The runner calls the benchmark and its fixtures from its own threads, and passes on
        // what they threw: user code, as far as can be told from here.
        return benchmarkRun(request.requestId(), new Throwable().getStackTrace(), () ->
                new BenchmarkRunner(this::loadShipped, events::accept, profiling,
                        profile -> events.accept(new ProfileCollected(request.requestId(), profile))).run(request));
    }

    /** A benchmark's run, which throws what its user code threw. */
    private interface BenchmarkWork {
        void run() throws Throwable;
    }

    /**
     * Runs a benchmark, by either runner: what it throws is the user's failure, and an interrupt at
     * any point (a state's constructor, the last iteration's end, user code that turned the
     * interrupt into an exception of its own) means the run was interrupted. The frames this
     * method and the work's lambda add are the runtime's, cut from the user's trace as the
     * runner's own are.
     */
    private Done benchmarkRun(long requestId, StackTraceElement[] callSite, BenchmarkWork work) {
        Throwable failed;
        try {
            work.run();
            failed = null;
        } catch (RequestRefused e) {
            throw e;
        } catch (Throwable e) {
            failed = e;
        }
        if (interruptSent() && !(failed instanceof InterruptedException)) {
            InterruptedException interrupted = new InterruptedException("the benchmark was interrupted");
            if (failed != null) {
                interrupted.initCause(failed);
            }
            failed = interrupted;
        }
        if (failed != null) {
            throw new UserCodeFailed(ExceptionCapture.capture(failed, callSite));
        }
        return new Done(requestId);
    }

    /**
     * One fork of a JMH benchmark, by JMH's own runner, in a loader of its own ({@link JmhFork}).
     * What JMH's runner throws (a benchmark that failed, with {@code -foe}) is the user's failure.
     */
    @Override
    public Done runJmhFork(RunJmhFork request) {
        return benchmarkRun(request.requestId(), new Throwable().getStackTrace(), () ->
                JmhFork.run(request, generations.shippedClasses(), generations.classPathEntries(), generations.root(),
                        events::accept, profiling, UserClasses::defined));
    }

    /** A REPL's value: a static method's result or a static field's, shown as JShell shows values. */
    @Override
    public ValueReply replValue(ReplValue request) {
        Class<?> c = loadShipped(request.targetClass());
        StackTraceElement[] callSite = new Throwable().getStackTrace();
        Object value;
        String type;
        try {
            if (request.field()) {
                Field f = c.getDeclaredField(request.member());
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
            throw userFailure(e.getCause(), callSite);
        } catch (ExceptionInInitializerError | NoClassDefFoundError | OutOfMemoryError e) {
            throw userFailure(e, callSite);
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
}
