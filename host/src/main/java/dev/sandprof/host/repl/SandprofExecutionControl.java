package dev.sandprof.host.repl;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.internal.ToolInterpreter;
import dev.sandprof.host.RequestRefusedException;
import dev.sandprof.host.SandboxDiedException;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.SandboxStartException;
import dev.sandprof.host.SandboxTimeoutException;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.host.ExceptionInfo;
import dev.sandprof.host.StackFrame;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jdk.jshell.spi.ExecutionControl;

/**
 * JShell's execution engine over a sandprof sandbox: JShell compiles the snippets on the host and
 * this ships their classes to the sandbox, runs them there and brings their values back as JShell
 * shows them. Exceptions come back with the sandbox's frames, snippet frames named by snippet
 * ({@code #3}), as JShell's own engines give them.
 */
public final class SandprofExecutionControl implements ExecutionControl {

    private final Interpreter sandbox;
    private volatile String ended;
    /** Whether a snippet runs now, and how many have run: what an interrupt's watchdog checks. */
    private volatile boolean running;
    private volatile long invocations;

    public SandprofExecutionControl(Interpreter sandbox) {
        this.sandbox = sandbox;
    }

    /** How the sandbox ended under a snippet ({@code System.exit}, a crash), or {@code null} while it runs. */
    public String ended() {
        return ended;
    }

    /**
     * Runs a request on this engine's sandbox as a snippet runs (a snippet's value, or the REPL's
     * own {@code :bench}): {@link #stop()} interrupts it, and restarts its sandbox if it goes on.
     *
     * @throws SandboxException when the sandbox ends under it; the engine is then terminated
     */
    public <T> T run(Function<Interpreter, T> request) {
        invocations++;
        running = true;
        try {
            return request.apply(sandbox);
        } catch (SandboxDiedException | SandboxTimeoutException | SandboxStartException e) {
            terminated(e);
            throw e;
        } finally {
            running = false;
        }
    }

    /** Once the sandbox has ended (or been ended), JShell must see its engine gone: the snippets' classes went with it. */
    private void alive() throws EngineTerminationException {
        if (ended != null) {
            throw new EngineTerminationException(ended);
        }
    }

    private EngineTerminationException terminated(SandboxException e) {
        if (ended == null) {
            ended = e.getMessage();
        }
        return new EngineTerminationException(e.getMessage());
    }

    /** The sandbox the snippets run in, for the REPL's own commands. */
    public Interpreter sandbox() {
        return sandbox;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, EngineTerminationException {
        alive();
        try {
            sandbox.define(classes(cbcs));
        } catch (UserCodeException | RequestRefusedException e) {
            throw new ClassInstallException(e.getMessage(), new boolean[cbcs.length]);
        } catch (SandboxException e) {
            throw terminated(e);
        }
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, EngineTerminationException {
        alive();
        try {
            sandbox.redefine(classes(cbcs));
        } catch (UserCodeException | RequestRefusedException e) {
            throw new ClassInstallException(e.getMessage(), new boolean[cbcs.length]);
        } catch (SandboxException e) {
            throw terminated(e);
        }
    }

    @Override
    public String invoke(String className, String methodName) throws RunException, EngineTerminationException {
        return value(className, methodName, false);
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException {
        return value(className, varName, true);
    }

    private String value(String className, String member, boolean field) throws RunException, EngineTerminationException {
        alive();
        try {
            return run(s -> ToolInterpreter.of(s).replValue(className, member, field));
        } catch (UserCodeException e) {
            throw runException(e.exception());
        } catch (SandboxException e) {
            throw terminated(e);
        }
    }

    /** What JShell's generated code throws from a method that waits for a declaration (jdk.jshell's Corraller). */
    private static final String UNRESOLVED = "jdk.jshell.spi.SPIResolutionException";
    /** A wrapper class's name: {@code $JShell$} and the key indexes of its snippets, each with letters for its version. */
    private static final java.util.regex.Pattern WRAPPER = java.util.regex.Pattern.compile("REPL\\.\\$JShell\\$([0-9]+)[A-Z]*(_.*)?");

    /**
     * The sandbox's exception as JShell's: a call of a method that waits for a declaration as
     * JShell's own engines report it ({@link ResolutionException}, which JShell tells the user as
     * "attempted to call method ..."), any other as a {@link UserException}.
     */
    static RunException runException(ExceptionInfo e) {
        // Its id (the waiting method's key index) does not cross the wire, but its frame does: the
        // waiting method's, in its snippet's wrapper class, whose name holds that index.
        if (e.className().equals(UNRESOLVED) && !e.frames().isEmpty()) {
            java.util.regex.Matcher wrapper = WRAPPER.matcher(e.frames().get(0).className());
            if (wrapper.matches()) {
                // A class of several snippets (compiled together) names the first: JShell's index of the method's is not at hand.
                return new ResolutionException(Integer.parseInt(wrapper.group(1)), frames(e));
            }
        }
        return userException(e);
    }

    /** The sandbox's exception as JShell's: class, message, frames, and its cause's. */
    private static UserException userException(ExceptionInfo e) {
        UserException u = new UserException(e.message(), e.className(), frames(e));
        if (e.cause() != null) {
            u.initCause(runException(e.cause()));
        }
        return u;
    }

    private static StackTraceElement[] frames(ExceptionInfo e) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (StackFrame f : e.frames()) {
            frames.add(new StackTraceElement(f.className(), f.methodName(), f.fileName(), f.lineNumber()));
        }
        return frames.toArray(StackTraceElement[]::new);
    }

    @Override
    public void addToClasspath(String path) throws EngineTerminationException {
        alive();
        List<Path> entries = new ArrayList<>();
        for (String p : path.split(File.pathSeparator)) {
            if (!p.isEmpty()) {
                entries.add(Path.of(p));
            }
        }
        try {
            sandbox.addClassPath(entries);
        } catch (SandboxException e) {
            throw terminated(e);
        }
    }

    /**
     * Interrupts the running snippet (JShell calls this on Ctrl-C); if it is still running after
     * {@link #GRACE}, ignoring interrupts, its sandbox is restarted: JShell then sees its engine end,
     * and the REPL replays the declarations in the fresh one.
     */
    @Override
    public void stop() throws EngineTerminationException {
        long invocation = invocations;
        if (!running) {
            return;
        }
        try {
            sandbox.interrupt();
        } catch (SandboxException e) {
            throw terminated(e);
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (running && invocations == invocation) {
                ended = "the snippet did not stop within " + GRACE.toSeconds() + " s of its interrupt, so its sandbox was ended";
                sandbox.restart();
            }
        }, "sandprof-repl-interrupt");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** How long an interrupted snippet has to stop before its sandbox is restarted. */
    static final java.time.Duration GRACE = java.time.Duration.ofSeconds(2);

    @Override
    public Object extensionCommand(String command, Object arg) throws NotImplementedException {
        throw new NotImplementedException("the sandprof engine has no extension command " + command);
    }

    @Override
    public void close() {
        sandbox.close();
    }

    private static Map<String, byte[]> classes(ClassBytecodes[] cbcs) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (ClassBytecodes c : cbcs) {
            out.put(c.name(), c.bytecodes());
        }
        return out;
    }
}
