package dev.sandprof.host;

import dev.sandprof.host.internal.ExternalInterpreter;
import dev.sandprof.host.internal.InProcessInterpreter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs shipped bytecode and reports what happened: the one contract of sandprof's host, as
 * {@code jdk.jshell.spi.ExecutionControl} is JShell's. Two implementations stand behind it:
 * {@link #external(SandboxOptions)} runs the code in a separate sandbox JVM (the normal case: the
 * host stays unprofiled and a crash ends only the sandbox), {@link #inProcess(SandboxOptions)}
 * runs the same requests in this JVM.
 *
 * <p>Requests are answered in order; the methods may be called from several threads. A failure of
 * user code is a {@link UserCodeException}; a sandbox that dies while a request is pending is a
 * {@link SandboxDiedException}, and the next request then starts a fresh sandbox (with no classes:
 * ship them again).
 */
public interface Interpreter extends AutoCloseable {

    /** An interpreter whose code runs in a separate sandbox JVM, started with the sandprof agent. */
    static Interpreter external(SandboxOptions options) {
        return new ExternalInterpreter(options);
    }

    /**
     * An interpreter whose code runs in this JVM, on the calling thread, with output going to this
     * JVM's {@code System.out}/{@code System.err}. The price: a program calling
     * {@code System.exit} ends this JVM too, and what only a separate process has (another JDK,
     * JVM flags, the agent, a timeout) is refused with an {@link UnsupportedOperationException}.
     */
    static Interpreter inProcess(SandboxOptions options) {
        return new InProcessInterpreter(options);
    }

    /** Whether the code runs in a separate JVM. */
    boolean isExternal();

    /** The current sandbox's handshake, starting it if none is running. */
    SandboxInfo info();

    /** Answers once the sandbox is up and serving. */
    void ping();

    /**
     * Defines classes from bytes in a new loader generation; a class defined again shadows the
     * older definition for code loaded afterwards.
     *
     * @param classes class files by binary name
     */
    void define(Map<String, byte[]> classes);

    /** Adds jars or class directories to the class path of the classes defined from now on. */
    void addClassPath(List<Path> entries);

    /**
     * Runs {@code main(String[])} of a defined class and waits, as the {@code java} launcher
     * does, for the threads it left running.
     *
     * @throws UserCodeException when the program throws
     * @throws SandboxDiedException when the sandbox ends before main returns ({@code System.exit})
     */
    void runMain(String className, List<String> args);

    /**
     * Calls a static method without parameters of a defined class.
     *
     * @return its value, which stays in the sandbox heap
     * @throws UserCodeException when the method throws
     */
    ForeignRef<?> invokeStatic(String className, String method);

    /**
     * Evaluates a snippet: an expression, or statements ending in one. It is compiled on the host
     * (against the classes defined so far and the class path), shipped and run in the sandbox.
     *
     * @return the value of the last expression, boxed if primitive; for a snippet whose last
     *     statement has no value, a ref whose {@link ForeignRef#typeName()} is {@code "void"}
     * @throws CompilationException when the snippet does not compile
     * @throws UserCodeException when it throws
     */
    default ForeignRef<?> eval(String code) {
        return eval(code, Map.of());
    }

    /**
     * Evaluates a snippet in which each binding is a local variable holding the ref's object,
     * declared as its {@link ForeignRef#staticType()} (its runtime class, or the nearest public
     * supertype where that class cannot be named).
     *
     * @throws StaleRefException for a ref of a sandbox that has since died or restarted
     * @throws IllegalArgumentException for a ref made by another interpreter
     */
    ForeignRef<?> eval(String code, Map<String, ForeignRef<?>> bindings);

    /**
     * Calls a public method on the object a ref names, chosen by name and by the arguments'
     * runtime classes as Java's overload resolution would.
     *
     * @throws RequestRefusedException when no method, or more than one, fits
     * @throws StaleRefException for a ref of a sandbox that has since died or restarted
     * @throws IllegalArgumentException for a ref made by another interpreter
     */
    ForeignRef<?> call(ForeignRef<?> receiver, String method, ForeignRef<?>... args);

    /**
     * The live object a ref names, GHC's {@code wormholeRef}. Only an in-process interpreter has
     * the object in this JVM's heap; an external one refuses with an
     * {@link UnsupportedOperationException} that says so.
     */
    Object wormhole(ForeignRef<?> ref);

    /**
     * Turns on the agent's call-stack recording and exception hooks for the classes shipped from
     * now on, so that code in the sandbox can ask {@code dev.sandprof.agent.CallStack.current()}
     * and {@link #traceExceptions} sees them. The first call sets up Byte Buddy in the sandbox
     * (about a second).
     *
     * @throws RequestRefusedException in-process, where there is no agent
     */
    default void instrument() {
        instrument(List.of());
    }

    /**
     * {@link #instrument()}, and also the classes, loaded from now on, that {@code include} names:
     * class-name patterns where {@code *} stands for any characters ({@code com.example.*}; a name
     * without {@code *} takes in the package below it too), or paths of jars and class directories
     * on the class path ({@link #addClassPath}).
     *
     * @throws RequestRefusedException in-process, where there is no agent
     */
    void instrument(List<String> include);

    /**
     * Runs {@code action} (requests to this interpreter) with exception tracing on, and returns
     * every exception raised in instrumented code meanwhile, caught or not, with the call stack at
     * its raise, in the order of their first raise; repeats at one place that ended one way come
     * folded with a count. Each request's exceptions come back with its reply, and those of a
     * program that ends the sandbox ({@code System.exit}) before its end. Instrument first
     * ({@link #instrument()}) and then ship the classes to trace.
     *
     * @return the exceptions, and how {@code action} failed in the sandbox if it did (an exception
     *     that escaped, a sandbox that died): the trace is worth most then
     * @throws RequestRefusedException in-process, where there is no agent
     */
    TraceResult traceExceptions(Consumer<Interpreter> action);

    /**
     * Runs {@code action} (requests to this interpreter) with a profiler sampling the sandbox, and
     * returns what it sampled, trimmed to the program's code: stacks without a frame of the
     * program (the sandbox's own and the JVM's threads) are dropped, frames below the program's
     * first frame cut. A program that ends the sandbox ({@code System.exit}) still gets its
     * profile. In-process, the profiler samples the host's own JVM (the result's note says so).
     *
     * @return the profile, and how {@code action} failed in the sandbox if it did
     * @throws RequestRefusedException when the engine cannot profile here (the message says why)
     */
    ProfileResult profile(ProfileOptions options, Consumer<Interpreter> action);

    /**
     * Gives defined classes new bytecode in place (method bodies may change, their shape may not),
     * as JShell's remote agent does; classes not loaded yet are defined as with {@link #define}.
     *
     * @throws RequestRefusedException when the JVM refuses (a changed shape), or in-process
     */
    void redefine(Map<String, byte[]> classes);

    /**
     * Interrupts the thread running user code for the request in progress, from any thread (what
     * Ctrl-C does in a REPL); whether the code stops is up to it. Nothing happens when none runs.
     */
    void interrupt();

    /**
     * The agent's call stacks of all sandbox threads that have run instrumented code, taken now,
     * even while a request runs: what a stuck or slow program is doing, in shipped code.
     *
     * @return per thread, the running instrumented methods as {@code Class.method}, innermost first
     * @throws RequestRefusedException in-process, where there is no agent
     */
    List<ThreadStack> threadStacks();

    /** How many objects the sandbox holds for this host, after sending the frees pending now. */
    long liveRefs();

    /**
     * Ends the current sandbox and starts a fresh one for the next request (a spare, if one is
     * ready). Defined classes are gone; refs of the old sandbox are refused.
     */
    void restart();

    /** Ends the sandbox (and any spare); the interpreter takes no more requests. */
    @Override
    void close();
}
