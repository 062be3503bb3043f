package dev.sandprof.host.internal;

import dev.sandprof.host.SandboxInfo;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.SandboxStartException;
import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.Framing;
import dev.sandprof.wire.Handshake;
import dev.sandprof.wire.MessageChannel;
import dev.sandprof.wire.OutputRing;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.io.File;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;

/**
 * Starts sandbox JVMs: the chosen {@code java} with the agent, Chronicle's flags and the user's,
 * connected back over a Unix-domain socket in a private (0700) directory. Only the child it
 * started is admitted to that socket ({@link ChannelGate}): it proves a secret written to its
 * stdin. A start that fails says why within seconds, with the JVM's own words; it never hangs.
 */
final class SandboxLauncher {

    /** The sandbox runtime's module and main class, on the sandbox's module path. */
    static final String MAIN = "dev.sandprof.sandbox/dev.sandprof.sandbox.SandboxMain";

    /**
     * Chronicle's flags (DEPENDENCIES.md) as the sandbox needs them: given to Chronicle's modules (and the wire
     * format's socket, which takes its descriptor from {@code sun.nio.ch}) by name, not to the
     * unnamed modules user code runs in. {@code java.lang.reflect} opened to user code would let it
     * read any field of any module (through {@code AccessibleObject}'s own), and {@code sun.nio.ch}
     * exported to it would let it write on the channel's descriptor. The runtime reads the agent,
     * which {@code -javaagent} puts in the unnamed module.
     */
    static final List<String> MODULE_FLAGS = List.of(
            "--add-opens=java.base/java.lang.reflect=chronicle.core",
            "--add-exports=java.base/jdk.internal.ref=chronicle.core",
            "--add-exports=java.base/sun.nio.ch=chronicle.core,chronicle.bytes,chronicle.wire,chronicle.threads,dev.sandprof.wire",
            "--add-reads=dev.sandprof.sandbox=ALL-UNNAMED",
            // The runtime's last shutdown hook, after the program's (LastShutdownHook): to it alone.
            "--add-exports=java.base/jdk.internal.access=dev.sandprof.sandbox",
            // User code keeps seeing every library the runtime has (JMH's API first of all), and the
            // JDK's modules that java gives a class-path program (java.sql, java.desktop, ...): with a
            // named main module they are not resolved unless added (JEP 261's default root modules).
            "--add-modules=ALL-MODULE-PATH,ALL-DEFAULT");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SandboxOptions options;
    private final SandboxLayout layout;
    private final int feature;
    private Optional<SandboxArchive> archive;

    SandboxLauncher(SandboxOptions options, SandboxLayout layout) {
        this.options = options;
        this.layout = layout;
        this.feature = JdkRelease.featureOf(options.java(), options.startTimeout());
    }

    /** The sandbox's class path: the runtime and its libraries (JMH's annotations among them). */
    List<Path> sandboxClassPath() {
        return layout.classPath();
    }

    Path agentJar() {
        return layout.agentJar();
    }

    /** The sandbox JDK's feature release, known before any sandbox starts. */
    int feature() {
        return feature;
    }

    /** A sandbox's command line up to its main class: what its archive is named after. */
    List<String> jvmCommand() {
        return jvmCommand(List.of());
    }

    private List<String> jvmCommand(List<String> archiveFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(options.java().toString());
        // No -XX:+ExitOnOutOfMemoryError: a program that catches OutOfMemoryError goes on, as under
        // java, and one that does not gets it reported as its uncaught exception.
        // The JVM's own messages (that OOM, a rejected CDS archive) belong with its stderr, which the
        // host quotes when it reports a death, not in the program's stdout.
        cmd.add("-XX:+DisplayVMOutputToStderr");
        if (options.agent()) {
            cmd.add("-javaagent:" + layout.agentJar());
        }
        cmd.addAll(MODULE_FLAGS);
        if (feature >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        if (feature >= 22) {
            // async-profiler's library; and user code's, as before (the flag itself is not the point here)
            cmd.add("--enable-native-access=async.profiler,ALL-UNNAMED");
        }
        cmd.addAll(options.jvmArgs());
        cmd.addAll(archiveFlags);
        // Named modules keep the runtime's objects out of user code's reach: README, "Containment".
        cmd.add("--module-path");
        cmd.add(layout.classPath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        cmd.add("-m");
        cmd.add(MAIN);
        return cmd;
    }

    /**
     * The whole command line of a sandbox: its JVM, the leader of a session of its own where
     * {@code setsid} is installed, so that the processes the program starts can be found and
     * ended with it, even once orphaned (see {@code ChildProcesses}). {@code setsid} replaces
     * itself with the JVM (the child is no group leader, so it does not fork): the pid stays the one
     * started, which the handshake must name.
     */
    List<String> command(Path socket, long epoch) {
        return command(socket, epoch, true);
    }

    /** @param ring whether the program's output goes through a ring beside the socket (else on the channel) */
    private List<String> command(Path socket, long epoch, boolean ring) {
        List<String> archiveFlags = archive().filter(SandboxArchive::exists)
                .map(SandboxArchive::useFlags).orElse(List.of());
        List<String> cmd = new ArrayList<>();
        SETSID.ifPresent(p -> cmd.add(p.toString()));
        cmd.addAll(jvmCommand(archiveFlags));
        cmd.addAll(List.of("--connect", socket.toString(), "--epoch", Long.toString(epoch)));
        if (ring) {
            cmd.addAll(List.of("--output-ring", SocketDirectory.outputRingBeside(socket).toString()));
        }
        return cmd;
    }

    /** util-linux's {@code setsid}, found on the {@code PATH} once. */
    private static final Optional<Path> SETSID = findOnPath("setsid");

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p.toAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }

    /** The class-data archive for these sandboxes, worked out once (it hashes the jars). */
    synchronized Optional<SandboxArchive> archive() {
        if (archive == null) {
            archive = SandboxArchive.forCommand(options.java(), feature, jvmCommand(), layout);
        }
        return archive;
    }

    /** Where this kind of sandbox's archive is, or would be. */
    Optional<Path> archiveFile() {
        return archive().map(SandboxArchive::file);
    }

    /**
     * Trains the archive if there is none yet; called once a sandbox of this kind has started,
     * so that a JDK or flag that cannot start a sandbox never trains anything.
     *
     * @return completes when the training has ended, with whether the archive is in place
     */
    Optional<java.util.concurrent.CompletableFuture<Boolean>> trainArchiveIfMissing() {
        return archive().flatMap(a -> a.train(jvmCommand(), layout.agentJar()));
    }

    /**
     * Starts a sandbox and waits for its handshake.
     *
     * @param unclaimed what takes the events of requests no longer pending (see {@link SandboxProcess})
     */
    SandboxProcess launch(long epoch, EventListener unclaimed) {
        SocketDirectory dir = SocketDirectory.create();
        Path socket = dir.socket();
        try (dir; ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            server.bind(UnixDomainSocketAddress.of(socket));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            byte[] secret = newSecret();
            // The sandbox maps it before its handshake; the directory and it are deleted after that,
            // and the mappings stay: nothing is left behind, whatever ends the sandbox.
            OutputRing ring = outputRing(dir);
            Process process = start(command(socket, epoch, ring != null));
            String stdinFailed = handStdin(process, secret);
            StderrTail tail = new StderrTail();
            HeldOutput heldOut = new HeldOutput(options.stdout());
            HeldOutput heldErr = new HeldOutput(options.stderr());
            Thread outPump = SandboxProcess.pump(process.getInputStream(), heldOut, null,
                    "sandprof-stdout-" + process.pid());
            Thread errPump = SandboxProcess.pump(process.getErrorStream(), heldErr, tail,
                    "sandprof-stderr-" + process.pid());
            try {
                ChannelGate.Admitted admitted = admit(server, selector, socket, secret, process, stdinFailed, tail, errPump);
                MessageChannel channel = MessageChannel.over(admitted.socket(), Framing.DEFAULT_MAX_FRAME_BYTES);
                Handshake h = admitted.handshake();
                SandboxInfo info = new SandboxInfo(h.pid(), h.javaVersion(), h.javaFeature(), h.epoch(), h.capabilities());
                heldOut.release();
                heldErr.release();
                trainArchiveIfMissing();
                return new SandboxProcess(process, channel, ring, info, tail, outPump, errPump, unclaimed);
            } catch (Throwable e) { // an Error too: a child left running would outlive the failed start
                process.destroyForcibly();
                SandboxProcess.unregister(process);
                throw e;
            }
        } catch (IOException e) {
            throw new SandboxStartException("cannot open the sandbox's channel at " + socket + ": " + e.getMessage(), e);
        }
    }

    /**
     * The ring the program's output comes through, or {@code null} where the temporary directory
     * cannot hold a file both processes map (its file system refuses {@code mmap}): output then
     * comes on the channel, a frame a write, as fast as the channel goes.
     */
    private static OutputRing outputRing(SocketDirectory dir) {
        try {
            return OutputRing.create(dir.outputRing());
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private Process start(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            SandboxProcess.register(p);
            return p;
        } catch (IOException e) {
            throw new SandboxStartException("cannot start the sandbox with " + options.java() + ": " + e.getMessage()
                    + " (choose an installed JDK's bin/java with --java)", e);
        }
    }

    /** 32 fresh random bytes per launch: what the child proves in its handshake (see {@link ChannelGate}). */
    private static byte[] newSecret() {
        byte[] secret = new byte[Handshake.SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /**
     * The sandbox's stdin: the launch secret, then either its end at once or, when the options
     * name a stdin, the program's input, which the interpreter copies into the pipe once it hands
     * the sandbox out ({@link StdinForwarder}). A pipe holds far more than the secret, so the write
     * does not wait for the child to read it.
     *
     * @return null, or why the secret could not be written (the child died at once, say)
     */
    private String handStdin(Process process, byte[] secret) {
        OutputStream stdin = process.getOutputStream();
        try {
            stdin.write(secret);
            stdin.flush();
            if (options.stdin().isEmpty()) {
                stdin.close();
            }
            return null;
        } catch (IOException e) {
            return "writing the launch secret to its stdin failed: " + e.getMessage();
        }
    }

    /**
     * Waits for the child's own connection, refusing (and reporting) any other that comes first;
     * fails with the JVM's own words when it dies, or when the start timeout passes.
     */
    private ChannelGate.Admitted admit(ServerSocketChannel server, Selector selector, Path socket, byte[] secret,
                                       Process process, String stdinFailed, StderrTail tail, Thread errPump)
            throws IOException {
        process.onExit().thenRun(selector::wakeup);
        ChannelGate gate = new ChannelGate(server, selector, socket, Files.getOwner(socket), secret, process.pid(),
                this::report);
        Optional<ChannelGate.Admitted> admitted = gate.await(options.startTimeout(), () -> !process.isAlive());
        if (admitted.isPresent()) {
            return admitted.get();
        }
        List<String> refused = gate.refusals();
        String why = (stdinFailed == null ? "" : "; " + stdinFailed)
                + (refused.isEmpty() ? "" : "; refused " + refused.size()
                        + (refused.size() == 1 ? " connection" : " connections") + " to its channel: "
                        + String.join("; ", refused));
        if (!process.isAlive()) {
            joinQuietly(errPump);
            throw new SandboxStartException("the sandbox JVM (" + options.java() + ") could not start: it "
                    + ExitStatus.describe(process.exitValue(), false) + why + said(tail));
        }
        throw new SandboxStartException("the sandbox JVM (pid " + process.pid() + ") did not "
                + (refused.isEmpty() ? "connect" : "complete a handshake") + " within "
                + options.startTimeout().toMillis() + " ms; it was ended" + why + said(tail));
    }

    /** A refused connection, on the stream the sandbox's stderr goes to. */
    private void report(String line) {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        SandboxProcess.write(options.stderr(), b, 0, b.length);
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String said(StderrTail tail) {
        List<String> lines = tail.lines();
        return lines.isEmpty() ? "" : "; it said:\n  " + String.join("\n  ", lines);
    }
}
