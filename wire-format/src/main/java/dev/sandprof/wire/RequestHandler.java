package dev.sandprof.wire;

/**
 * Serves the protocol's requests, one method per request, as JShell's {@code ExecutionControl} has
 * one per command. A request reaches its method through {@link Request#dispatchTo}, so the sandbox
 * JVM's serve loop and the in-process interpreter, which both dispatch to the same implementation,
 * cannot come to serve different sets of requests.
 *
 * <p>A method returns the request's reply when it did what was asked, and throws when it did not:
 * what it throws (a refusal, user code that threw, or anything else, which is a bug) is turned into
 * the {@link ProtocolError}, {@link UserFailure} or {@link SandboxBug} reply by the one caller that
 * dispatches.
 */
public interface RequestHandler {

    Done ping(Ping request);

    /** Answers; the caller then ends the sandbox. */
    Done shutdown(Shutdown request);

    Done defineClasses(DefineClasses request);

    Done addClassPath(AddClassPath request);

    Done invokeMain(InvokeMain request);

    ValueReply invokeStatic(InvokeStatic request);

    ValueReply evaluate(Evaluate request);

    ValueReply callMethod(CallMethod request);

    Done freeRefs(FreeRefs request);

    RefCount countRefs(CountRefs request);

    Done instrument(Instrument request);

    ThreadStacksReply threadStacks(ThreadStacks request);

    Done traceExceptions(TraceExceptions request);

    Done startProfile(StartProfile request);

    ProfileReply stopProfile(StopProfile request);

    BenchmarkList describeBenchmarks(DescribeBenchmarks request);

    Done runBenchmark(RunBenchmark request);

    Done runJmhFork(RunJmhFork request);

    Done redefineClasses(RedefineClasses request);

    ValueReply replValue(ReplValue request);

    Done interrupt(Interrupt request);

    /** Answers at once: the sandbox is alive and its channel thread is served. */
    Done heartbeat(Heartbeat request);
}
