package dev.sandprof.host.internal;

import dev.sandprof.host.CompiledProgram;
import dev.sandprof.host.ForeignRef;
import dev.sandprof.host.FreeList;
import dev.sandprof.host.Interpreter;
import dev.sandprof.host.RequestRefusedException;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.SnippetCompiler;
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
import dev.sandprof.wire.CallMethod;
import dev.sandprof.wire.ClassBytes;
import dev.sandprof.wire.CountRefs;
import dev.sandprof.wire.DefineClasses;
import dev.sandprof.wire.Done;
import dev.sandprof.wire.Evaluate;
import dev.sandprof.wire.FreeRefs;
import dev.sandprof.wire.BenchmarkInfo;
import dev.sandprof.wire.BenchmarkIteration;
import dev.sandprof.wire.BenchmarkList;
import dev.sandprof.wire.DescribeBenchmarks;
import dev.sandprof.wire.Interrupt;
import dev.sandprof.wire.RedefineClasses;
import dev.sandprof.wire.ReplValue;
import dev.sandprof.wire.ExceptionsTraced;
import dev.sandprof.wire.ProfileCollected;
import dev.sandprof.wire.ProfileReply;
import dev.sandprof.wire.StartProfile;
import dev.sandprof.wire.StopProfile;
import dev.sandprof.wire.Instrument;
import dev.sandprof.wire.TraceExceptions;
import dev.sandprof.wire.TracedExceptionData;
import dev.sandprof.wire.ThreadStack;
import dev.sandprof.wire.ThreadStacks;
import dev.sandprof.wire.ThreadStacksReply;
import dev.sandprof.wire.InvokeMain;
import dev.sandprof.wire.InvokeStatic;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.RefCount;
import dev.sandprof.wire.RemoteRef;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import dev.sandprof.wire.UserFailure;
import dev.sandprof.wire.ValueReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The {@link Interpreter} API in terms of protocol requests, shared by both implementations:
 * each only says how a request reaches a {@code SandboxRuntime}, how its reply comes back, and
 * which epoch the current sandbox has. Frees pending from dropped refs go out as one batch before
 * the next request.
 */
abstract class RequestingInterpreter implements Interpreter {

    private static final int FREE_BATCH = 1 << 20;
    /** The agent engine's tick when none is asked for (the sandbox's default). */
    private static final long AGENT_TICK_NANOS = 10_000_000;

    final FreeList frees = new FreeList(this::freeNowIfRunning);
    /** What was shipped, so that snippets compile against it. */
    private final Map<String, byte[]> defined = new ConcurrentHashMap<>();
    private final List<Path> classPath = new CopyOnWriteArrayList<>();
    private SnippetCompiler snippets;
    /** Where a benchmark's measurement profile goes while {@link #runBenchmark} runs. */
    private volatile Consumer<ProfileReply> benchProfileSink;
    /** Where benchmark iterations go while {@link #runBenchmark} runs. */
    private volatile Consumer<BenchmarkIteration> iterationSink;
    /** The profile a sandbox sent as it ended, for {@link #profile} of a program that exits. */
    private volatile ProfileReply profiledAtExit;
    /** Where reported exceptions go while {@link #traceExceptions} runs. */
    private volatile List<TracedExceptionData> traceSink;
    /** The sandbox the shipped classes went to: a new one has none of them. */
    private long shippedEpoch;

    /** How many refs the host has let go of whose frees wait for the next request. */
    public int pendingFrees() {
        return frees.size();
    }

    /** Sends a request built from its id and returns the reply, or throws how the sandbox failed. */
    abstract Reply send(LongFunction<Request> request);

    /**
     * Sends a request whose reply nobody waits for (a batch of frees ahead of the next request);
     * by default it is waited for like any other.
     */
    void sendAhead(LongFunction<Request> request) {
        expectDone(send(request));
    }

    /** The current sandbox's epoch, starting one if none runs. */
    abstract long epoch();

    /** Sends the pending frees, then the request. */
    final Reply call(LongFunction<Request> request) {
        sendFrees();
        return send(request);
    }

    /**
     * Jars with the API code in the sandbox may call (the agent's {@code CallStack}): compiled
     * against, never shipped, since the sandbox has them already.
     */
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
            sendAhead(id -> new FreeRefs(id, epoch, batch));
        }
    }

    @Override
    public void ping() {
        expectDone(call(Ping::new));
    }

    @Override
    public void define(Map<String, byte[]> classes) {
        List<ClassBytes> shipped = new ArrayList<>();
        classes.forEach((name, bytes) -> shipped.add(new ClassBytes(name, bytes)));
        expectDone(call(id -> new DefineClasses(id, shipped)));
        shipped().putAll(classes);
    }

    @Override
    public void addClassPath(List<Path> entries) {
        List<String> paths = new ArrayList<>();
        entries.forEach(p -> paths.add(p.toAbsolutePath().toString()));
        expectDone(call(id -> new AddClassPath(id, paths)));
        shipped();
        classPath.addAll(entries);
    }

    @Override
    public void runMain(String className, List<String> args) {
        value(call(id -> new InvokeMain(id, className, args, true)));
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
            types.put(name, ref.ref().isPresent() ? ref.staticType() : "Object");
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
    public List<ThreadStack> threadStacks() {
        Reply reply = call(ThreadStacks::new);
        if (reply instanceof ThreadStacksReply) {
            return ((ThreadStacksReply) reply).stacks();
        }
        throw fail(reply);
    }

    @Override
    public void instrument(List<String> include) {
        List<String> patterns = new ArrayList<>();
        for (String p : include) {
            // A path goes as an absolute one: the sandbox's working directory need not be ours.
            patterns.add(p.endsWith(".jar") || p.contains("/") ? Path.of(p).toAbsolutePath().normalize().toString() : p);
        }
        expectDone(call(id -> new Instrument(id, patterns)));
    }

    @Override
    public TraceResult traceExceptions(Consumer<Interpreter> action) {
        List<TracedExceptionData> raised = Collections.synchronizedList(new ArrayList<>());
        synchronized (this) {
            if (traceSink != null) {
                throw new IllegalStateException("exceptions are being traced already: traces do not nest");
            }
            traceSink = raised;
        }
        RuntimeException failure = null;
        try {
            expectDone(call(id -> new TraceExceptions(id, true)));
            try {
                action.accept(this);
            } catch (UserCodeException e) {
                failure = e;
            } catch (SandboxException e) {
                failure = e; // the sandbox is gone: what it raised came before its end
            }
            if (!(failure instanceof SandboxException) || failure instanceof UserCodeException) {
                // What other threads raised since the last reply comes before this one's.
                expectDone(call(id -> new TraceExceptions(id, false)));
            }
        } finally {
            synchronized (this) {
                traceSink = null;
            }
        }
        return new TraceResult(List.copyOf(raised), failure);
    }

    @Override
    public ProfileResult profile(ProfileOptions options, Consumer<Interpreter> action) {
        String engine = options.engine().name().toLowerCase(java.util.Locale.ROOT);
        long interval = options.interval().map(java.time.Duration::toNanos).orElse(0L);
        String jfr = options.jfrFile().map(p -> p.toAbsolutePath().normalize().toString()).orElse(null);
        profiledAtExit = null;
        expectDone(call(id -> new StartProfile(id, engine, options.event(), interval, jfr)));
        RuntimeException failure = null;
        ProfileReply profile;
        try {
            action.accept(this);
        } catch (SandboxException e) {
            failure = e;
        }
        if (failure instanceof SandboxException && !(failure instanceof UserCodeException)
                && !(failure instanceof RequestRefusedException)) {
            // The sandbox is gone: what it sampled came before its end, if it could stop in time.
            profile = profiledAtExit;
            if (profile == null) {
                throw failure;
            }
        } else {
            Reply reply = call(StopProfile::new);
            if (!(reply instanceof ProfileReply)) {
                throw fail(reply);
            }
            profile = (ProfileReply) reply;
        }
        return toResult(profile, interval, failure);
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
        expectDone(call(id -> new RedefineClasses(id, shipped)));
        shipped().putAll(classes);
    }

    @Override
    public void interrupt() {
        if (running()) {
            expectDone(send(Interrupt::new)); // not behind the pending frees: it must overtake the running request
        }
    }

    @Override
    public String replValue(String className, String member, boolean field) {
        Reply reply = call(id -> new ReplValue(id, className, member, field));
        if (reply instanceof ValueReply) {
            return ((ValueReply) reply).display();
        }
        throw fail(reply);
    }

    @Override
    public List<BenchmarkInfo> describeBenchmarks(List<String> classNames) {
        Reply reply = call(id -> new DescribeBenchmarks(id, classNames));
        if (reply instanceof BenchmarkList) {
            return ((BenchmarkList) reply).benchmarks();
        }
        throw fail(reply);
    }

    @Override
    public void runBenchmark(BenchmarkRun run, Consumer<BenchmarkIteration> onIteration, Consumer<ProfileResult> onProfile) {
        iterationSink = onIteration;
        benchProfileSink = reply -> onProfile.accept(toResult(reply, 0, null));
        try {
            expectDone(call(run::request));
        } finally {
            iterationSink = null;
            benchProfileSink = null;
        }
    }

    /** A {@code BenchmarkIteration} event: to whoever runs the benchmark. */
    final void benchmarkIteration(BenchmarkIteration event) {
        Consumer<BenchmarkIteration> sink = iterationSink;
        if (sink != null) {
            sink.accept(event);
        }
    }

    /**
     * A {@code ProfileCollected} event: a benchmark's measurement profile while one runs, else the
     * profile a sandbox stopped on its way out.
     */
    final void profiledAtExit(ProfileCollected event) {
        Consumer<ProfileReply> bench = benchProfileSink;
        if (bench != null) {
            bench.accept(event.profile());
        } else {
            profiledAtExit = event.profile();
        }
    }

    /** An {@code ExceptionsTraced} event from the sandbox: kept when a trace is on. */
    final void traced(ExceptionsTraced event) {
        List<TracedExceptionData> sink = traceSink;
        if (sink != null) {
            sink.addAll(event.exceptions());
        }
    }

    @Override
    public long liveRefs() {
        Reply reply = call(CountRefs::new);
        if (reply instanceof RefCount) {
            return ((RefCount) reply).live();
        }
        value(reply);
        throw new SandboxException("unexpected reply " + reply);
    }

    /**
     * The ref of a value, checked to belong to the current sandbox.
     *
     * @throws StaleRefException when an earlier sandbox made it
     */
    final RemoteRef live(ForeignRef<?> value) {
        RemoteRef ref = value.ref().orElse(null);
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
            snippets = new SnippetCompiler(new SourceCompiler());
        }
        return snippets;
    }

    static void expectDone(Reply reply) {
        if (!(reply instanceof Done)) {
            fail(reply);
        }
    }

    /** The value of a reply; a failure becomes the exception that says what failed. */
    ForeignRef<?> value(Reply reply) {
        if (reply instanceof ValueReply) {
            ValueReply v = (ValueReply) reply;
            return new ForeignRef<>(v.ref(), v.typeName(), v.display(), v.staticType(), frees);
        } else if (reply instanceof Done) {
            return new ForeignRef<>(null, "void", "", "void", frees);
        }
        throw fail(reply);
    }

    static RuntimeException fail(Reply reply) {
        if (reply instanceof UserFailure) {
            throw new UserCodeException(((UserFailure) reply).exception());
        } else if (reply instanceof ProtocolError) {
            throw new RequestRefusedException(((ProtocolError) reply).message());
        }
        throw new SandboxException("unexpected reply " + reply);
    }
}
