package dev.sandprof.host.internal;

import dev.sandprof.host.CompiledProgram;
import dev.sandprof.host.ForeignRef;
import dev.sandprof.host.Interpreter;
import dev.sandprof.host.RequestRefusedException;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.SandprofBugException;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.SandboxStartException;
import dev.sandprof.host.SandboxTimeoutException;
import dev.sandprof.host.SandboxDiedException;
import dev.sandprof.host.SourceCompiler;
import dev.sandprof.host.StaleRefException;
import dev.sandprof.host.TraceResult;
import dev.sandprof.host.bench.BenchmarkRun;
import dev.sandprof.host.ProfileOptions;
import dev.sandprof.host.ProfileResult;
import dev.sandprof.host.profile.CallPathProfile;
import dev.sandprof.host.profile.StackProfile;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.wire.AddClassPath;
import dev.sandprof.wire.BenchmarkInfo;
import dev.sandprof.wire.BenchmarkIteration;
import dev.sandprof.wire.CallMethod;
import dev.sandprof.wire.ClassBytes;
import dev.sandprof.wire.CountRefs;
import dev.sandprof.wire.DefineClasses;
import dev.sandprof.wire.DescribeBenchmarks;
import dev.sandprof.wire.Evaluate;
import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.ExceptionsTraced;
import dev.sandprof.wire.FreeRefs;
import dev.sandprof.wire.Instrument;
import dev.sandprof.wire.Interrupt;
import dev.sandprof.wire.InvokeMain;
import dev.sandprof.wire.InvokeStatic;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.ProfileCollected;
import dev.sandprof.wire.ProfileReply;
import dev.sandprof.wire.RedefineClasses;
import dev.sandprof.wire.RemoteRef;
import dev.sandprof.wire.ReplValue;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import dev.sandprof.wire.StartProfile;
import dev.sandprof.wire.StopProfile;
import dev.sandprof.wire.ThreadStacks;
import dev.sandprof.wire.ThreadStacksReply;
import dev.sandprof.wire.TraceExceptions;
import dev.sandprof.wire.TracedExceptionData;
import dev.sandprof.wire.ValueReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The {@link Interpreter} API in terms of protocol requests, shared by both implementations:
 * each only says how a request reaches a {@code SandboxRuntime}, how its reply comes back, and
 * which epoch the current sandbox has. Every request goes out through {@link #call}, which gives
 * it its id and turns its reply into the value asked for or the exception that says what failed.
 * Frees pending from dropped refs go out as one batch before the next request.
 */
abstract class RequestingInterpreter implements ToolInterpreter {

    private static final int FREE_BATCH = 1 << 20;
    /** The agent engine's tick when none is asked for (the sandbox's default). */
    private static final long AGENT_TICK_NANOS = 10_000_000;

    final FreeList frees = new FreeList(this::freeNowIfRunning);
    private final AtomicLong nextId = new AtomicLong(1);
    /** What was shipped, so that snippets compile against it. */
    private final Map<String, byte[]> defined = new ConcurrentHashMap<>();
    private final List<Path> classPath = new CopyOnWriteArrayList<>();
    private SnippetCompiler snippets;
    /** Whether a trace runs: traces do not nest. */
    private boolean tracing;
    /** The sandbox the shipped classes went to: a new one has none of them. */
    private long shippedEpoch;
    /** Where the events of requests go that are not given a listener of their own. */
    final EventScopes inScope;

    RequestingInterpreter(SandboxOptions options) {
        inScope = new EventScopes(new OutputToStreams(options.stdout(), options.stderr()));
    }

    @Override
    public int pendingFrees() {
        return frees.size();
    }

    /**
     * Sends a request and returns its reply, whatever it is, or throws how the sandbox failed (it
     * died, it timed out).
     *
     * @param listener where the request's events go until its reply
     */
    abstract Reply send(Request<?> request, EventListener listener);

    /**
     * Sends a request whose reply nobody waits for (a batch of frees ahead of the next request);
     * by default it is waited for like any other.
     */
    void sendAhead(Request<?> request) {
        Replies.expect(request, send(request, inScope));
    }

    /** The current sandbox's epoch, starting one if none runs. */
    abstract long epoch();

    /** A fresh request id: unique for this interpreter, across its sandboxes. */
    final long nextId() {
        return nextId.getAndIncrement();
    }

    /** {@link #call(LongFunction, EventListener)}, its events going to the traces and profiles running. */
    final <R extends Reply> R call(LongFunction<? extends Request<R>> make) {
        return call(make, inScope);
    }

    /**
     * Sends the pending frees, then the request, and returns its reply.
     *
     * @param make builds the request from its id
     * @param listener where the request's events go
     * @throws UserCodeException when user code threw
     * @throws RequestRefusedException when the sandbox refused the request
     * @throws SandprofBugException when sandprof's own code failed in the sandbox
     */
    final <R extends Reply> R call(LongFunction<? extends Request<R>> make, EventListener listener) {
        Request<R> request = make.apply(nextId());
        if (!request.outOfTurn()) {
            sendFrees(); // an out-of-turn request overtakes the running one; the frees would queue behind it
        }
        Reply reply = send(request, listener);
        return fromSandbox(request.getClass().getSimpleName(), () -> Replies.expect(request, reply));
    }

    /**
     * Reads what the sandbox sent. A message that decodes but lacks what its type promises (found by
     * ReplyReaderFuzzTest: a UserFailure without its exception, a traced exception without its
     * outcome) is the sandbox's fault, and reported as a {@link SandboxException}, never as a
     * NullPointerException of the host's.
     */
    static <T> T fromSandbox(String what, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (SandboxException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SandboxException("malformed reply or event for " + what + " (" + e
                    + "): the sandbox is of another sandprof build or broken", e);
        }
    }

    @Override
    public List<Path> apiClassPath() {
        return List.of();
    }

    /** Whether a sandbox is up to take requests now, without starting one. */
    abstract boolean running();

    /**
     * {@code ForeignRef.close()}: frees at once when a sandbox is running; otherwise there is no
     * object to free (its sandbox is gone, or this interpreter is closed), and nothing is started.
     */
    private void freeNowIfRunning() {
        if (running()) {
            sendFrees();
        }
    }

    private void sendFrees() {
        if (frees.isEmpty()) {
            return;
        }
        long epoch = epoch();
        long[] ids = frees.drain(epoch);
        // At most a million ids (8 MB) a frame, well under the frame cap however many are pending.
        for (int from = 0; from < ids.length; from += FREE_BATCH) {
            long[] batch = java.util.Arrays.copyOfRange(ids, from, Math.min(ids.length, from + FREE_BATCH));
            sendAhead(new FreeRefs(nextId(), epoch, batch));
        }
    }

    @Override
    public void ping() {
        call(Ping::new);
    }

    @Override
    public void define(Map<String, byte[]> classes) {
        List<ClassBytes> shipped = new ArrayList<>();
        classes.forEach((name, bytes) -> shipped.add(new ClassBytes(name, bytes)));
        call(id -> new DefineClasses(id, shipped));
        shipped().putAll(classes);
    }

    @Override
    public void addClassPath(List<Path> entries) {
        List<String> paths = new ArrayList<>();
        entries.forEach(p -> paths.add(p.toAbsolutePath().toString()));
        call(id -> new AddClassPath(id, paths));
        shipped();
        classPath.addAll(entries);
    }

    @Override
    public void runMain(String className, List<String> args) {
        call(id -> new InvokeMain(id, className, args, true));
    }

    @Override
    public ForeignRef<?> invokeStatic(String className, String method) {
        return value(call(id -> new InvokeStatic(id, className, method)));
    }

    @Override
    public ForeignRef<?> eval(String code, Map<String, ForeignRef<?>> bindings) {
        Map<String, String> types = new LinkedHashMap<>();
        List<RemoteRef> args = new ArrayList<>();
        bindings.forEach((name, ref) -> {
            types.put(name, ForeignRefs.remote(ref).isPresent() ? ref.staticType() : "Object");
            args.add(live(ref));
        });
        List<Path> compileClassPath = new ArrayList<>(classPath);
        compileClassPath.addAll(apiClassPath());
        CompiledProgram snippet = snippets().compile(code, types, shipped(), compileClassPath,
                SourceCompiler.releaseFor(info().javaFeature()));
        List<ClassBytes> classes = new ArrayList<>();
        snippet.classes().forEach((name, bytes) -> classes.add(new ClassBytes(name, bytes)));
        return value(call(id -> new Evaluate(id, classes, snippet.firstClass(), SnippetCompiler.METHOD, args)));
    }

    @Override
    public ForeignRef<?> call(ForeignRef<?> receiver, String method, ForeignRef<?>... args) {
        RemoteRef target = live(receiver);
        if (target == null) {
            throw new IllegalArgumentException("cannot call " + method + " on " + receiver.typeName() + ": there is no object");
        }
        List<RemoteRef> refs = new ArrayList<>();
        for (ForeignRef<?> a : args) {
            refs.add(live(a));
        }
        return value(call(id -> new CallMethod(id, target, method, refs)));
    }

    @Override
    public List<dev.sandprof.host.ThreadStack> threadStacks() {
        List<dev.sandprof.host.ThreadStack> out = new ArrayList<>();
        ThreadStacksReply reply = call(ThreadStacks::new);
        fromSandbox("ThreadStacks", () -> {
            reply.stacks().forEach(s -> out.add(FromWire.stack(s)));
            return out;
        });
        return out;
    }

    @Override
    public void instrument(List<String> include) {
        List<String> patterns = new ArrayList<>();
        for (String p : include) {
            // A path goes as an absolute one: the sandbox's working directory need not be ours.
            patterns.add(p.endsWith(".jar") || p.contains("/") ? Path.of(p).toAbsolutePath().normalize().toString() : p);
        }
        call(id -> new Instrument(id, patterns));
    }

    @Override
    public TraceResult traceExceptions(Consumer<Interpreter> action) {
        List<TracedExceptionData> raised = Collections.synchronizedList(new ArrayList<>());
        EventListener trace = new EventListener() {
            @Override
            public void exceptionsTraced(ExceptionsTraced event) {
                raised.addAll(event.exceptions());
            }
        };
        synchronized (this) {
            if (tracing) {
                throw new IllegalStateException("exceptions are being traced already: traces do not nest");
            }
            tracing = true;
            inScope.enter(trace);
        }
        RuntimeException failure = null;
        try {
            call(id -> new TraceExceptions(id, true));
            try {
                action.accept(this);
            } catch (UserCodeException e) {
                failure = e;
            } catch (SandboxException e) {
                failure = e; // if the sandbox is gone, what it raised came before its end
            }
            if (!sandboxGone(failure)) {
                // What other threads raised since the last reply comes before this one's.
                call(id -> new TraceExceptions(id, false));
            }
        } finally {
            synchronized (this) {
                inScope.leave(trace);
                tracing = false;
            }
        }
        RuntimeException failed = failure;
        return fromSandbox("TraceExceptions", () -> new TraceResult(FromWire.traced(List.copyOf(raised)), failed));
    }

    @Override
    public ProfileResult profile(ProfileOptions options, Consumer<Interpreter> action) {
        String engine = options.engine().name().toLowerCase(java.util.Locale.ROOT);
        long interval = options.interval().map(java.time.Duration::toNanos).orElse(0L);
        String jfr = options.jfrFile().map(p -> p.toAbsolutePath().normalize().toString()).orElse(null);
        // A sandbox that ends (System.exit) sends its profile as it goes.
        AtomicReference<ProfileReply> atExit = new AtomicReference<>();
        EventListener profiled = new EventListener() {
            @Override
            public void profileCollected(ProfileCollected event) {
                atExit.set(event.profile());
            }
        };
        call(id -> new StartProfile(id, engine, options.event(), interval, jfr));
        RuntimeException failure = null;
        inScope.enter(profiled);
        try {
            action.accept(this);
        } catch (SandboxException e) {
            failure = e;
        } finally {
            inScope.leave(profiled);
        }
        ProfileReply profile;
        if (sandboxGone(failure)) {
            // The sandbox is gone: what it sampled came before its end, if it could stop in time.
            profile = atExit.get();
            if (profile == null) {
                throw failure;
            }
        } else {
            profile = call(StopProfile::new);
        }
        ProfileReply collected = profile;
        RuntimeException failed = failure;
        return fromSandbox("StopProfile", () -> toResult(collected, interval, failed));
    }

    /**
     * Whether a request failed because its sandbox ended (or could not start): then nothing more can
     * be asked of it. A refusal, a stale ref, a user exception or a sandprof bug leave it serving.
     */
    private static boolean sandboxGone(RuntimeException failure) {
        return failure instanceof SandboxDiedException || failure instanceof SandboxTimeoutException
                || failure instanceof SandboxStartException;
    }

    private ProfileResult toResult(ProfileReply profile, long intervalNanos, RuntimeException failure) {
        String note = profile.note();
        if (!isExternal()) {
            String here = "in-process: this profiles sandprof's own JVM, not a sandbox";
            note = note == null ? here : here + "; " + note;
        }
        CallPathProfile callPaths = profile.callPaths() == null ? null
                : CallPathProfile.parse(profile.callPaths(), intervalNanos > 0 ? intervalNanos : AGENT_TICK_NANOS);
        return new ProfileResult(profile.engine(), profile.event(), note, StackProfile.parse(profile.collapsed()),
                profile.samples(), profile.jfrFile() == null ? null : Path.of(profile.jfrFile()), callPaths, failure);
    }

    @Override
    public void redefine(Map<String, byte[]> classes) {
        List<ClassBytes> shipped = new ArrayList<>();
        classes.forEach((name, bytes) -> shipped.add(new ClassBytes(name, bytes)));
        call(id -> new RedefineClasses(id, shipped));
        shipped().putAll(classes);
    }

    @Override
    public void interrupt() {
        if (running()) {
            call(Interrupt::new); // out of turn: it overtakes the running request
        }
    }

    @Override
    public String replValue(String className, String member, boolean field) {
        return call(id -> new ReplValue(id, className, member, field)).display();
    }

    @Override
    public List<BenchmarkInfo> describeBenchmarks(List<String> classNames) {
        return call(id -> new DescribeBenchmarks(id, classNames)).benchmarks();
    }

    @Override
    public void runBenchmark(BenchmarkRun run, Consumer<BenchmarkIteration> onIteration, Consumer<ProfileResult> onProfile) {
        EventListener events = new BenchmarkEvents(onIteration, reply -> onProfile.accept(toResult(reply, 0, null)), inScope);
        call(run::request, events);
    }

    @Override
    public void runJmhFork(java.util.function.LongFunction<dev.sandprof.wire.RunJmhFork> request,
                           dev.sandprof.wire.EventListener jmh, Consumer<ProfileResult> onProfile) {
        EventScopes others = inScope;
        call(request, new dev.sandprof.wire.EventListener() {
            @Override
            public void profileCollected(ProfileCollected event) {
                onProfile.accept(fromSandbox("ProfileCollected", () -> toResult(event.profile(), 0, null)));
            }

            @Override
            public void output(dev.sandprof.wire.Output event) {
                others.output(event);
            }

            @Override
            public void exceptionsTraced(dev.sandprof.wire.ExceptionsTraced event) {
                others.exceptionsTraced(event);
            }

            @Override
            public void jmhIterationStarted(dev.sandprof.wire.JmhIterationStarted event) {
                jmh.jmhIterationStarted(event);
            }

            @Override
            public void jmhIterationResult(dev.sandprof.wire.JmhIterationResult event) {
                jmh.jmhIterationResult(event);
            }

            @Override
            public void jmhOutput(dev.sandprof.wire.JmhOutput event) {
                jmh.jmhOutput(event);
            }

            @Override
            public void jmhForkEnded(dev.sandprof.wire.JmhForkEnded event) {
                jmh.jmhForkEnded(event);
            }
        });
    }

    @Override
    public long liveRefs() {
        return call(CountRefs::new).live();
    }

    /**
     * The ref of a value, checked to belong to the current sandbox.
     *
     * @throws StaleRefException when an earlier sandbox made it
     * @throws IllegalArgumentException when another interpreter made it
     */
    final RemoteRef live(ForeignRef<?> value) {
        RemoteRef ref = ForeignRefs.remote(value).orElse(null);
        if (ref != null && !ForeignRefs.madeBy(value, frees)) {
            throw new IllegalArgumentException("the ref to " + value.typeName() + " (" + value.display() + ") belongs to"
                    + " another interpreter: its object lives in that interpreter's sandbox; pass a ref only to the"
                    + " interpreter that made it");
        }
        if (ref != null && ref.epoch() != epoch()) {
            throw new StaleRefException("the ref to " + value.typeName() + " (" + value.display() + ") was made by an earlier"
                    + " sandbox, which has since died or restarted: its object is gone; evaluate it again");
        }
        return ref;
    }

    /** The classes shipped to the current sandbox; forgotten when it is not the one they went to. */
    private synchronized Map<String, byte[]> shipped() {
        long epoch = epoch();
        if (epoch != shippedEpoch) {
            defined.clear();
            classPath.clear();
            shippedEpoch = epoch;
        }
        return defined;
    }

    /** Made on first use: an interpreter that only runs programs never loads javac for snippets. */
    private synchronized SnippetCompiler snippets() {
        if (snippets == null) {
            snippets = new SnippetCompiler(new InMemoryJavac());
        }
        return snippets;
    }

    private ForeignRef<?> value(ValueReply v) {
        return fromSandbox("a value", () -> ForeignRefs.create(v.ref(), v.typeName(), v.display(), v.staticType(), frees));
    }
}
