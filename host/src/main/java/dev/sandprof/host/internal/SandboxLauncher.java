package dev.sandprof.host.internal;

import dev.sandprof.host.SandboxInfo;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.SandboxStartException;
import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.Framing;
import dev.sandprof.wire.Handshake;
import dev.sandprof.wire.MessageChannel;
import dev.sandprof.wire.ProtocolException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.io.File;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Starts sandbox JVMs: the chosen {@code java} with the agent, Chronicle's flags and the user's,
 * connected back over a Unix-domain socket in a private (0700) directory. A start that fails says
 * why within seconds, with the JVM's own words; it never hangs.
 */
final class SandboxLauncher {

    /** Flags every JVM that loads Chronicle Wire needs (DEPENDENCIES.md). */
    static final List<String> CHRONICLE_FLAGS = List.of(
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandprof-watchdog");
        t.setDaemon(true);
        return t;
    });

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
        // A sandbox out of memory is in no state to go on: end it, so the host reports it.
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        // The JVM's own messages (that OOM, a rejected CDS archive) belong with its stderr, which the
        // host quotes when it reports a death, not in the program's stdout.
        cmd.add("-XX:+DisplayVMOutputToStderr");
        cmd.add("-javaagent:" + layout.agentJar());
        cmd.addAll(CHRONICLE_FLAGS);
        if (feature >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        if (feature >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(options.jvmArgs());
        cmd.addAll(archiveFlags);
        cmd.add("-cp");
        cmd.add(layout.classPath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        cmd.add("dev.sandprof.sandbox.SandboxMain");
        return cmd;
    }

    /** The whole command line of a sandbox. */
    List<String> command(Path socket, long epoch) {
        List<String> archiveFlags = archive().filter(SandboxArchive::exists)
                .map(SandboxArchive::useFlags).orElse(List.of());
        List<String> cmd = jvmCommand(archiveFlags);
        cmd.addAll(List.of("--connect", socket.toString(), "--epoch", Long.toString(epoch)));
        return cmd;
    }

    /** The class-data archive for these sandboxes, worked out once (it hashes the jars). */
    private synchronized Optional<SandboxArchive> archive() {
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
            Process process = start(command(socket, epoch));
            StderrTail tail = new StderrTail();
            HeldOutput heldOut = new HeldOutput(options.stdout());
            HeldOutput heldErr = new HeldOutput(options.stderr());
            Thread outPump = SandboxProcess.pump(process.getInputStream(), heldOut, null,
                    "sandprof-stdout-" + process.pid());
            Thread errPump = SandboxProcess.pump(process.getErrorStream(), heldErr, tail,
                    "sandprof-stderr-" + process.pid());
            try {
                SocketChannel accepted = accept(server, selector, process, tail, errPump);
                MessageChannel channel = MessageChannel.over(accepted, Framing.DEFAULT_MAX_FRAME_BYTES);
                Handshake h = handshake(channel, process);
                SandboxInfo info = new SandboxInfo(h.pid(), h.javaVersion(), h.javaFeature(), h.epoch(), h.capabilities());
                heldOut.release();
                heldErr.release();
                trainArchiveIfMissing();
                return new SandboxProcess(process, channel, info, options.stderr(), tail, outPump, errPump, unclaimed);
            } catch (RuntimeException | IOException e) {
                process.destroyForcibly();
                SandboxProcess.unregister(process);
                throw e;
            }
        } catch (IOException e) {
            throw new SandboxStartException("cannot open the sandbox's channel at " + socket + ": " + e.getMessage(), e);
        }
    }

    private Process start(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            SandboxProcess.register(p);
            p.getOutputStream().close(); // the sandbox reads nothing from stdin
            return p;
        } catch (IOException e) {
            throw new SandboxStartException("cannot start the sandbox with " + options.java() + ": " + e.getMessage()
                    + " (choose an installed JDK's bin/java with --java)", e);
        }
    }

    private SocketChannel accept(ServerSocketChannel server, Selector selector, Process process,
                                 StderrTail tail, Thread errPump) throws IOException {
        process.onExit().thenRun(selector::wakeup);
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        while (true) {
            SocketChannel accepted = server.accept();
            if (accepted != null) {
                accepted.configureBlocking(true);
                return accepted;
            }
            if (!process.isAlive()) {
                joinQuietly(errPump);
                throw new SandboxStartException("the sandbox JVM (" + options.java() + ") could not start: it "
                        + ExitStatus.describe(process.exitValue()) + said(tail));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SandboxStartException("the sandbox JVM (pid " + process.pid() + ") did not connect within "
                        + options.startTimeout().toMillis() + " ms; it was ended" + said(tail));
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            selector.selectedKeys().clear();
        }
    }

    private Handshake handshake(MessageChannel channel, Process process) throws IOException {
        Duration limit = options.startTimeout();
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> {
            late.set(true);
            try {
                channel.close(); // wakes the read below
            } catch (IOException ignored) {
                // closing is all the alarm does
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return channel.receiveHandshake();
        } catch (IOException | ProtocolException e) {
            if (late.get()) {
                throw new SandboxStartException("the sandbox (pid " + process.pid() + ") sent no handshake within "
                        + limit.toMillis() + " ms", e);
            }
            throw new SandboxStartException("the sandbox (pid " + process.pid() + ") failed its handshake: " + e.getMessage(), e);
        } finally {
            alarm.cancel(false);
        }
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
