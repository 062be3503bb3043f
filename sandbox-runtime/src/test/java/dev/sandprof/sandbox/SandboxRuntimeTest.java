package dev.sandprof.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.wire.CallMethod;
import dev.sandprof.wire.CountRefs;
import dev.sandprof.wire.DefineClasses;
import dev.sandprof.wire.Done;
import dev.sandprof.wire.Event;
import dev.sandprof.wire.FreeRefs;
import dev.sandprof.wire.Instrument;
import dev.sandprof.wire.Interrupt;
import dev.sandprof.wire.InvokeMain;
import dev.sandprof.wire.InvokeStatic;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.RedefineClasses;
import dev.sandprof.wire.RefCount;
import dev.sandprof.wire.RunBenchmark;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.SandboxBug;
import dev.sandprof.wire.StartProfile;
import dev.sandprof.wire.ThreadStacks;
import dev.sandprof.wire.TraceExceptions;
import dev.sandprof.wire.UserFailure;
import dev.sandprof.wire.ValueReply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime both interpreters serve requests with, driven in this JVM as the in-process
 * interpreter drives it (this JVM has no agent): each request's reply, refusal, user failure or bug.
 */
class SandboxRuntimeTest {

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final SandboxRuntime runtime = new SandboxRuntime(5, SandboxRuntimeTest.class.getClassLoader(), events::add);
    private final ExecutorService user = Executors.newSingleThreadExecutor();

    private static final String APP = "public class AppUnderTest {\n"
            + "  public static Object list() { return new java.util.ArrayList<>(java.util.List.of(1, 2)); }\n"
            + "  public static Object badArgument() { throw new IllegalArgumentException(\"the user's own\"); }\n"
            + "  public static void main(String[] a) throws Exception {\n"
            + "    dev.sandprof.sandbox.TestHooks.started.countDown();\n"
            + "    try { new java.util.concurrent.CountDownLatch(1).await(60, java.util.concurrent.TimeUnit.SECONDS); }\n"
            + "    catch (InterruptedException e) { dev.sandprof.sandbox.TestHooks.interrupted = true; }\n"
            + "  }\n"
            + "}\n";

    @AfterEach
    void stop() {
        user.shutdownNow();
    }

    private void shipApp() {
        // Not in a package of sandprof's: the frames of those are cut from the user's exceptions.
        assertThat(runtime.handle(new DefineClasses(1, Sources.compile(Map.of("AppUnderTest", APP)))))
                .isEqualTo(new Done(1));
    }

    @Test
    void aPingIsDone() {
        assertThat(runtime.handle(new Ping(3))).isEqualTo(new Done(3));
        assertThat(events).isEmpty();
    }

    @Test
    void aClassNotShippedIsRefusedByName() {
        assertThat(runtime.handle(new InvokeStatic(2, "Nowhere", "value")))
                .isEqualTo(new ProtocolError(2, "no class named Nowhere in the sandbox: ship it first"));
    }

    @Test
    void aRequestSandprofFailsOnIsABugNotARefusal() {
        Reply reply = runtime.handle(new InvokeMain(2, null, List.of(), false));
        assertThat(reply).isInstanceOf(SandboxBug.class);
        assertThat(((SandboxBug) reply).exception().className()).isEqualTo("java.lang.NullPointerException");
        assertThat(((SandboxBug) reply).exception().frames())
                .anySatisfy(f -> assertThat(f.className() + "." + f.methodName()).isEqualTo("dev.sandprof.sandbox.SandboxRuntime.invokeMain"));
    }

    @Test
    void anIllegalArgumentOfTheUsersIsAUserFailure() {
        shipApp();
        Reply reply = runtime.handle(new InvokeStatic(2, "AppUnderTest", "badArgument"));
        assertThat(reply).isInstanceOf(UserFailure.class);
        assertThat(((UserFailure) reply).exception().headline()).isEqualTo("java.lang.IllegalArgumentException: the user's own");
        assertThat(((UserFailure) reply).exception().frames()).hasSize(1)
                .first().satisfies(f -> assertThat(f.className() + "." + f.methodName()).isEqualTo("AppUnderTest.badArgument"));
    }

    @Test
    void aValueStaysBehindARefUntilFreedAndIsRefusedAfter() {
        shipApp();
        ValueReply list = (ValueReply) runtime.handle(new InvokeStatic(2, "AppUnderTest", "list"));
        assertThat(list.typeName()).isEqualTo("java.util.ArrayList");
        assertThat(list.ref().epoch()).isEqualTo(5);
        ValueReply size = (ValueReply) runtime.handle(new CallMethod(3, list.ref(), "size", List.of()));
        assertThat(size.display()).isEqualTo("2");
        assertThat(runtime.handle(new CountRefs(4))).isEqualTo(new RefCount(4, 2));
        assertThat(runtime.handle(new FreeRefs(5, 5, new long[] {list.ref().id()}))).isEqualTo(new Done(5));
        assertThat(runtime.handle(new CallMethod(6, list.ref(), "size", List.of())))
                .isEqualTo(new ProtocolError(6, "ref " + list.ref().id() + " was freed"));
    }

    @Test
    void aMethodThatDoesNotFitIsRefused() {
        shipApp();
        ValueReply list = (ValueReply) runtime.handle(new InvokeStatic(2, "AppUnderTest", "list"));
        Reply reply = runtime.handle(new CallMethod(3, list.ref(), "fly", List.of()));
        assertThat(reply).isInstanceOf(ProtocolError.class);
        assertThat(((ProtocolError) reply).message()).contains("has no public method fly");
    }

    @Test
    void withoutTheAgentWhatNeedsItIsRefusedSayingSo() {
        assertThat(runtime.handle(new ThreadStacks(2))).isEqualTo(new ProtocolError(2, AgentRequests.NO_AGENT));
        assertThat(runtime.handle(new Instrument(3, List.of()))).isEqualTo(new ProtocolError(3, AgentRequests.NO_AGENT));
        assertThat(runtime.handle(new TraceExceptions(4, true))).isEqualTo(new ProtocolError(4, AgentRequests.NO_AGENT));
        assertThat(runtime.handle(new RedefineClasses(5, List.of())))
                .isEqualTo(new ProtocolError(5, "redefining classes needs the sandprof agent: use an external sandbox"));
        Reply profile = runtime.handle(new StartProfile(6, "agent", "cpu", 0, null));
        assertThat(profile).isInstanceOf(ProtocolError.class);
        assertThat(((ProtocolError) profile).message()).startsWith("the agent engine needs the sandprof agent");
    }

    @Test
    void anInterruptReachesTheRunningRequestAndDoesNotOutliveIt() throws Exception {
        shipApp();
        TestHooks.started = new CountDownLatch(1);
        TestHooks.interrupted = false;
        Future<Object[]> running = user.submit(() -> {
            Reply reply = runtime.handle(new InvokeMain(2, "AppUnderTest", List.of(), false));
            return new Object[] {reply, Thread.currentThread().isInterrupted()};
        });
        assertThat(TestHooks.started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runtime.handle(new Interrupt(3))).isEqualTo(new Done(3));
        Object[] done = running.get(30, TimeUnit.SECONDS);
        assertThat(done[0]).isEqualTo(new Done(2));
        assertThat(TestHooks.interrupted).isTrue();
        assertThat(done[1]).as("the thread's interrupt status after its request").isEqualTo(false);
    }

    @Test
    void anInterruptReadAfterItsRequestButBeforeItStartsReachesItAsItStarts() throws Exception {
        // The sandbox's channel reader notes the request it hands to the main thread; the Interrupt
        // that follows it on the channel comes before the main thread has taken it up.
        shipApp();
        TestHooks.started = new CountDownLatch(1);
        TestHooks.interrupted = false;
        InvokeMain main = new InvokeMain(2, "AppUnderTest", List.of(), false);
        runtime.received(main);
        assertThat(runtime.handle(new Interrupt(3))).isEqualTo(new Done(3));
        Object[] done = user.submit(() -> new Object[] {runtime.handle(main), Thread.currentThread().isInterrupted()})
                .get(30, TimeUnit.SECONDS);
        assertThat(done[0]).isEqualTo(new Done(2));
        assertThat(TestHooks.interrupted).as("the program saw the interrupt").isTrue();
        assertThat(done[1]).as("the thread's interrupt status after its request").isEqualTo(false);

        // An interrupt for a request that has ended reaches none after it.
        TestHooks.started = new CountDownLatch(1);
        TestHooks.interrupted = false;
        assertThat(runtime.handle(new Interrupt(4))).isEqualTo(new Done(4));
        InvokeMain next = new InvokeMain(5, "AppUnderTest", List.of(), false);
        runtime.received(next);
        Future<Reply> running = user.submit(() -> runtime.handle(next));
        assertThat(TestHooks.started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(TestHooks.interrupted).isFalse();
        assertThat(runtime.handle(new Interrupt(6))).isEqualTo(new Done(6)); // ends it
        assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(new Done(5));
        assertThat(TestHooks.interrupted).isTrue();
    }

    /** A state whose constructor turns an interrupt into an exception of its own, and its stub. */
    private static final String STUBBORN_STATE = "@org.openjdk.jmh.annotations.State(org.openjdk.jmh.annotations.Scope.Benchmark)\n"
            + "public class StubbornState {\n"
            + "  public StubbornState() {\n"
            + "    dev.sandprof.sandbox.TestHooks.started.countDown();\n"
            + "    try { new java.util.concurrent.CountDownLatch(1).await(60, java.util.concurrent.TimeUnit.SECONDS); }\n"
            + "    catch (InterruptedException e) { throw new IllegalStateException(\"the user's own\"); }\n"
            + "  }\n"
            + "  @org.openjdk.jmh.annotations.Benchmark public int work() { return 1; }\n"
            + "}\n";
    private static final String STUBBORN_STUB = "public class StubbornStub implements dev.sandprof.sandbox.stub.BenchmarkStub {\n"
            + "  public long loop(Object[] a, org.openjdk.jmh.infra.Blackhole bh, dev.sandprof.sandbox.stub.Control c) { return 0; }\n"
            + "  public long sample(Object[] a, org.openjdk.jmh.infra.Blackhole bh, dev.sandprof.sandbox.stub.Control c,\n"
            + "      dev.sandprof.sandbox.stub.SampleBuffer s) { return 0; }\n"
            + "  public void once(Object[] a, org.openjdk.jmh.infra.Blackhole bh) {}\n"
            + "}\n";

    @Test
    void aBenchmarkInterruptedAnywhereIsReportedAsInterruptedWhateverUserCodeMadeOfIt() throws Exception {
        assertThat(runtime.handle(new DefineClasses(1, Sources.compile(Map.of("StubbornState", STUBBORN_STATE,
                "StubbornStub", STUBBORN_STUB))))).isEqualTo(new Done(1));
        TestHooks.started = new CountDownLatch(1);
        Future<Reply> running = user.submit(() -> runtime.handle(new RunBenchmark(2, "StubbornState", "work", "StubbornStub",
                "avgt", TimeUnit.NANOSECONDS, 1, Map.of(), 1, TimeUnit.MINUTES.toNanos(10), 1, TimeUnit.MINUTES.toNanos(10), 1,
                null, null, null)));
        assertThat(TestHooks.started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runtime.handle(new Interrupt(3))).isEqualTo(new Done(3));
        Reply reply = running.get(30, TimeUnit.SECONDS);
        assertThat(reply).isInstanceOf(UserFailure.class);
        assertThat(((UserFailure) reply).exception().className()).isEqualTo(InterruptedException.class.getName());
        assertThat(((UserFailure) reply).exception().cause()).as("what the user's code made of it, kept as the cause")
                .isNotNull();
    }

    @Test
    void anInterruptWithNothingRunningInterruptsNoOne() {
        assertThat(runtime.handle(new Interrupt(3))).isEqualTo(new Done(3));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
