package dev.sandprof.sandbox;

import dev.sandprof.wire.ClassBytes;
import dev.sandprof.wire.StackFrameData;
import dev.sandprof.wire.ThreadStack;
import dev.sandprof.wire.TracedExceptionData;
import java.io.PrintStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the sandprof agent does for requests: call stacks, instrumentation, exception tracing and
 * HotSwap. The agent's classes are referred to only here, each time after {@link AgentPresence}
 * has said it runs: where it does not, a request that needs it is refused, never failed.
 */
final class AgentRequests {

    /** Why a request that needs the agent is refused where there is none. */
    static final String NO_AGENT = "call stacks need the sandprof agent, which this sandbox was started"
            + " without: use an external sandbox (Interpreter.external), which always has it";

    /** Set once exception tracing has been turned on: from then on, each request's raises are drained. */
    private volatile boolean traced;

    /**
     * Has the agent cut the sandbox's frames from the bottom of the stack traces the program sees,
     * before any user code runs, so that they end at its {@code main} as under {@code java}. Where
     * it cannot, says so on {@code complaints} (the sandbox's stderr, which the user sees): the
     * program's traces then go on below {@code main}.
     */
    static void trimProgramStackTraces(PrintStream complaints) {
        java.lang.instrument.Instrumentation instrumentation = AgentPresence.instrumentation();
        if (instrumentation == null) {
            return; // the in-process interpreter: the host's frames are below the program's
        }
        try {
            // java.lang opened to this module only, which user code cannot reach (see module-info):
            // the agent defines the class Throwable is made to call there.
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(AgentRequests.class.getModule())), Set.of(), Map.of());
            dev.sandprof.agent.SandprofAgent.trimStackTraces(instrumentation,
                    MethodHandles.privateLookupIn(Throwable.class, MethodHandles.lookup()));
        } catch (IllegalStateException | IllegalAccessException | IllegalArgumentException | UnsupportedOperationException e) {
            complaints.println("sandprof sandbox: the stack traces the program prints will show sandprof's frames below main: " + e);
        }
    }

    List<ThreadStack> threadStacks() {
        AgentPresence.require(NO_AGENT);
        List<ThreadStack> stacks = new ArrayList<>();
        dev.sandprof.agent.CallStack.allThreads().forEach((thread, frames) ->
                // A thread's name is the program's: it may be megabytes.
                stacks.add(new ThreadStack(ExceptionCapture.cut(thread.getName(), ExceptionCapture.MAX_NAME_CHARS),
                        thread.getId(), frames)));
        return stacks;
    }

    void instrument(List<String> include) {
        dev.sandprof.agent.SandprofAgent.instrument(AgentPresence.require(NO_AGENT), ClassGenerations::isShipped, include);
    }

    void traceExceptions(boolean on) {
        AgentPresence.require(NO_AGENT);
        if (on) {
            traced = true;
            dev.sandprof.agent.ExceptionTrace.start();
        } else {
            dev.sandprof.agent.ExceptionTrace.stop();
        }
    }

    /**
     * The exceptions raised in instrumented code since the last call, in the order of their first
     * raise; empty when tracing was never on. Their messages, thread names and stacks (the user's:
     * a {@code getMessage} may return megabytes) are cut to {@link ExceptionCapture}'s caps.
     */
    List<TracedExceptionData> drainTracedExceptions() {
        if (!traced) {
            return List.of();
        }
        List<TracedExceptionData> out = new ArrayList<>();
        for (dev.sandprof.agent.TracedException e : dev.sandprof.agent.ExceptionTrace.drain()) {
            List<StackFrameData> stack = new ArrayList<>();
            List<StackTraceElement> frames = e.stack();
            for (int i = 0; i < frames.size(); i++) {
                if (i == ExceptionCapture.MAX_FRAMES) {
                    stack.add(new StackFrameData("", "...", (frames.size() - i) + " more frames, cut by sandprof", -1));
                    break;
                }
                stack.add(frame(frames.get(i)));
            }
            out.add(new TracedExceptionData(ExceptionCapture.cut(e.thread(), ExceptionCapture.MAX_NAME_CHARS), e.threadId(),
                    e.exceptionClass(), ExceptionCapture.cut(e.message(), ExceptionCapture.MAX_MESSAGE_CHARS), e.count(),
                    TracedExceptionData.Outcome.valueOf(e.outcome().name()), stack,
                    e.stoppedAt() == null ? null : frame(e.stoppedAt()), e.hasJvmTrace()));
        }
        return out;
    }

    private static StackFrameData frame(StackTraceElement e) {
        int max = ExceptionCapture.MAX_NAME_CHARS;
        return new StackFrameData(ExceptionCapture.cut(e.getClassName(), max), ExceptionCapture.cut(e.getMethodName(), max),
                ExceptionCapture.cut(e.getFileName(), max), e.getLineNumber());
    }

    private static String names(List<ClassDefinition> classes) {
        List<String> names = new ArrayList<>();
        for (ClassDefinition d : classes) {
            names.add(d.getDefinitionClass().getName());
        }
        return String.join(", ", names);
    }

    /** HotSwap through the agent's Instrumentation; classes not loaded yet are simply defined. */
    void redefine(List<ClassBytes> classes, ClassGenerations generations) {
        Instrumentation instrumentation =
                AgentPresence.require("redefining classes needs the sandprof agent: use an external sandbox");
        List<ClassDefinition> loaded = new ArrayList<>();
        List<ClassBytes> fresh = new ArrayList<>();
        for (ClassBytes cb : classes) {
            try {
                loaded.add(new ClassDefinition(generations.load(cb.name()), cb.bytes()));
            } catch (ClassNotFoundException e) {
                fresh.add(cb);
            }
        }
        try {
            instrumentation.redefineClasses(loaded.toArray(ClassDefinition[]::new));
        } catch (ClassNotFoundException | UnmodifiableClassException | UnsupportedOperationException | ClassFormatError
                 | InternalError e) {
            // InternalError: JVMTI refused ("class redefinition failed: invalid class"), a refusal too.
            throw new RequestRefused("the JVM would not redefine " + names(loaded) + ": " + e);
        }
        if (!fresh.isEmpty()) {
            generations.define(fresh);
        }
    }
}
