package dev.sandprof.host;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How sandboxes are started and how requests run: an immutable value made with {@link #builder()}.
 * {@link #toCommandLine()} gives the {@code sandprof} options that produce the same value.
 */
public final class SandboxOptions {

    private final Path java;
    private final List<String> jvmArgs;
    private final Duration timeout;
    private final Duration startTimeout;
    private final Duration livenessTimeout;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final InputStream stdin;
    private final boolean stdinOnDemand;
    private final boolean spare;
    private final boolean agent;

    private SandboxOptions(Builder b) {
        this.java = b.java;
        this.jvmArgs = List.copyOf(b.jvmArgs);
        this.timeout = b.timeout;
        this.startTimeout = b.startTimeout;
        this.livenessTimeout = b.livenessTimeout;
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.stdin = b.stdin;
        this.stdinOnDemand = b.stdinOnDemand;
        this.spare = b.spare;
        this.agent = b.agent;
    }

    /** The host's own {@code java}, no extra flags, no timeout, output to the host's stdout/stderr. */
    public static SandboxOptions defaults() {
        return builder().build();
    }

    /** A builder with every setting at its default (those of {@link #defaults()}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this value, to change some of it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.java = java;
        b.jvmArgs.addAll(jvmArgs);
        b.timeout = timeout;
        b.startTimeout = startTimeout;
        b.livenessTimeout = livenessTimeout;
        b.stdout = stdout;
        b.stderr = stderr;
        b.stdin = stdin;
        b.stdinOnDemand = stdinOnDemand;
        b.spare = spare;
        b.agent = agent;
        return b;
    }

    /** The {@code java} launcher the sandbox runs on; by default the host's own. */
    public Path java() {
        return java;
    }

    /** Whether {@link #java()} was chosen, rather than left to the host's own. */
    public boolean javaChosen() {
        return !java.equals(Builder.hostJava());
    }

    /** Extra flags for the sandbox JVM, after sandprof's own. */
    public List<String> jvmArgs() {
        return jvmArgs;
    }

    /** The wall-clock limit of one request; a request past it ends the sandbox. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** How long a sandbox may take from spawn to handshake before its start counts as failed. */
    public Duration startTimeout() {
        return startTimeout;
    }

    /**
     * How long a sandbox may leave a liveness check unanswered while a request is pending. The
     * host sends one now and then during each request; the sandbox's channel thread answers it
     * even while user code runs, so only a sandbox stopped by a signal, or hung as a whole, stays
     * silent. Past this it is reported unresponsive ({@link SandboxUnresponsiveException}) and
     * ended, and the next request gets a fresh sandbox. The default, 30 s, outlasts long garbage
     * collection pauses on a busy machine; the bound restarts when this host was itself stopped
     * (Ctrl-Z, a suspended machine), since its sandbox was stopped with it.
     */
    public Duration livenessTimeout() {
        return livenessTimeout;
    }

    /** Where the sandbox's stdout goes: both {@code System.out} and file descriptor 1. */
    public OutputStream stdout() {
        return stdout;
    }

    /** Where the sandbox's stderr goes: both {@code System.err} and file descriptor 2. */
    public OutputStream stderr() {
        return stderr;
    }

    /**
     * What the program reads from its stdin ({@code System.in}, and file descriptor 0 in a
     * sandbox); by default nothing: its stdin is at its end at once, as under
     * {@code java < /dev/null}.
     *
     * <p>In a sandbox JVM, a thread of the interpreter copies the stream into the sandbox's stdin
     * (a pipe) once the sandbox is handed a request (or, {@link #stdinOnDemand()}, once its
     * program first reads {@code System.in}), paced by the pipe: the stream is read ahead
     * of the program by at most the pipe's capacity (64 KiB on Linux) and one 64 KiB chunk, never
     * held whole. When it ends (or a read of it fails) the program sees the end of its input. The
     * sandboxes of one interpreter read it in turn: after {@link Interpreter#restart()}, or a
     * sandbox's death, the next sandbox reads on from where the copying stopped; what was copied
     * to the ended sandbox and not read by it is lost with it. A spare gets the stream only when
     * it is handed out. The program's {@code System.in} is a {@code BufferedInputStream}, as under
     * {@code java}; output the program wrote is sent before a read of it waits, so a prompt
     * printed without a newline shows before the program blocks. {@code System.console()} is
     * {@code null} in a sandbox, whatever the stream is.
     *
     * <p>In-process ({@link Interpreter#inProcess}), {@code System.in} is this stream while each
     * request runs (an empty one without it), and is restored afterwards.
     *
     * <p>The interpreter never closes the stream. A read of it still blocked when the interpreter
     * is closed stays blocked (on a daemon thread), and what it returns then is dropped.
     */
    public Optional<InputStream> stdin() {
        return Optional.ofNullable(stdin);
    }

    /**
     * Whether a sandbox's {@link #stdin()} is read only once its program has first read
     * {@code System.in}, rather than from the sandbox's first request on. Right for a terminal,
     * where reading ahead would take lines typed for the shell after the program, and would stop
     * a background job ({@code SIGTTIN}) whose program never reads its input; {@code sandprof}'s
     * commands ask for it when their stdin is a terminal. The price: input that the program reads
     * from file descriptor 0 by other means before {@code System.in} (a child process that
     * inherits it) waits until {@code System.in} is read. Off by default; in-process it changes
     * nothing (the program reads the stream itself).
     */
    public boolean stdinOnDemand() {
        return stdinOnDemand;
    }

    /**
     * Whether a spare sandbox is kept started ahead, so that the sandbox after this one (after a
     * crash, a timeout or {@link Interpreter#restart()}) answers at once. A spare never has run
     * user code when it is handed out.
     */
    public boolean spare() {
        return spare;
    }

    /**
     * Whether the sandbox JVM runs sandprof's agent ({@code -javaagent}): call stacks, exception
     * traces, the agent's profile and the program's stack traces cut of sandprof's frames need it.
     * On by default. A benchmark's fork runs without it unless its profile needs it, as JMH's forks
     * run with none.
     */
    public boolean agent() {
        return agent;
    }

    /**
     * The {@code sandprof run} options that give this value. The streams and {@link #spare()}
     * have no option: the command line always reads its own stdin, writes to its own stdout and
     * stderr, and runs one program per sandbox, so it keeps no spare.
     */
    public List<String> toCommandLine() {
        List<String> args = new ArrayList<>();
        if (javaChosen()) {
            args.add("--java");
            args.add(java.toString());
        }
        for (String a : jvmArgs) {
            args.add("--jvm-arg=" + a);
        }
        if (timeout != null) {
            args.add("--timeout");
            args.add(timeout.toMillis() + "ms");
        }
        if (!startTimeout.equals(Builder.DEFAULT_START_TIMEOUT)) {
            args.add("--start-timeout");
            args.add(startTimeout.toMillis() + "ms");
        }
        if (!livenessTimeout.equals(Builder.DEFAULT_LIVENESS_TIMEOUT)) {
            args.add("--liveness-timeout");
            args.add(livenessTimeout.toMillis() + "ms");
        }
        return args;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SandboxOptions)) {
            return false;
        }
        SandboxOptions that = (SandboxOptions) o;
        return java.equals(that.java) && jvmArgs.equals(that.jvmArgs) && Objects.equals(timeout, that.timeout)
                && startTimeout.equals(that.startTimeout) && livenessTimeout.equals(that.livenessTimeout)
                && spare == that.spare && agent == that.agent
                && stdout == that.stdout && stderr == that.stderr && stdin == that.stdin
                && stdinOnDemand == that.stdinOnDemand;
    }

    @Override
    public int hashCode() {
        return Objects.hash(java, jvmArgs, timeout, startTimeout, livenessTimeout, spare, agent);
    }

    @Override
    public String toString() {
        return "SandboxOptions" + toCommandLine();
    }

    /** Builds {@link SandboxOptions}; every setting has the default of {@link #defaults()}. */
    public static final class Builder {

        static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
        static final Duration DEFAULT_LIVENESS_TIMEOUT = Duration.ofSeconds(30);
        /** This JVM's file descriptors 1 and 2, unbuffered: output appears as the sandbox writes it. */
        private static final OutputStream HOST_STDOUT = new FileOutputStream(FileDescriptor.out);
        private static final OutputStream HOST_STDERR = new FileOutputStream(FileDescriptor.err);

        private Path java = hostJava();
        private final List<String> jvmArgs = new ArrayList<>();
        private Duration timeout;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private Duration livenessTimeout = DEFAULT_LIVENESS_TIMEOUT;
        private OutputStream stdout = HOST_STDOUT;
        private OutputStream stderr = HOST_STDERR;
        private InputStream stdin;
        private boolean stdinOnDemand;
        private boolean spare = true;
        private boolean agent = true;

        private Builder() {}

        static Path hostJava() {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }

        /** The {@code java} launcher the sandbox runs on ({@code bin/java} of another JDK). */
        public Builder java(Path java) {
            this.java = Objects.requireNonNull(java, "java");
            return this;
        }

        /** Adds one flag for the sandbox JVM, after sandprof's own. */
        public Builder jvmArg(String arg) {
            jvmArgs.add(Objects.requireNonNull(arg, "arg"));
            return this;
        }

        /** Adds flags for the sandbox JVM, after sandprof's own. */
        public Builder jvmArgs(List<String> args) {
            args.forEach(this::jvmArg);
            return this;
        }

        /** A wall-clock limit per request, or {@code null} for none. */
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** How long a sandbox may take from spawn to handshake before its start counts as failed. */
        public Builder startTimeout(Duration startTimeout) {
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("start timeout must be positive: " + startTimeout);
            }
            this.startTimeout = startTimeout;
            return this;
        }

        /** How long a sandbox may leave a liveness check unanswered (see {@link SandboxOptions#livenessTimeout()}). */
        public Builder livenessTimeout(Duration livenessTimeout) {
            if (livenessTimeout.isNegative() || livenessTimeout.isZero()) {
                throw new IllegalArgumentException("liveness timeout must be positive: " + livenessTimeout);
            }
            this.livenessTimeout = livenessTimeout;
            return this;
        }

        /** Where the sandbox's stdout goes (both {@code System.out} and file descriptor 1). */
        public Builder stdout(OutputStream stdout) {
            this.stdout = Objects.requireNonNull(stdout, "stdout");
            return this;
        }

        /** Where the sandbox's stderr goes (both {@code System.err} and file descriptor 2). */
        public Builder stderr(OutputStream stderr) {
            this.stderr = Objects.requireNonNull(stderr, "stderr");
            return this;
        }

        /**
         * What the program reads from its stdin, or {@code null} for nothing (the default): see
         * {@link SandboxOptions#stdin()}.
         */
        public Builder stdin(InputStream stdin) {
            this.stdin = stdin;
            return this;
        }

        /** Whether the stdin is read only once the program asks for it: see {@link SandboxOptions#stdinOnDemand()}. */
        public Builder stdinOnDemand(boolean onDemand) {
            this.stdinOnDemand = onDemand;
            return this;
        }

        /** Whether to keep a spare sandbox started ahead (see {@link SandboxOptions#spare()}). */
        public Builder spare(boolean spare) {
            this.spare = spare;
            return this;
        }

        /** Whether the sandbox JVM runs sandprof's agent (see {@link SandboxOptions#agent()}). */
        public Builder agent(boolean agent) {
            this.agent = agent;
            return this;
        }

        /** The options as set. */
        public SandboxOptions build() {
            return new SandboxOptions(this);
        }
    }
}
