package dev.sandprof.sandbox;

import dev.sandprof.wire.ClassBytes;
import dev.sandprof.wire.DefineClasses;
import dev.sandprof.wire.Handshake;
import dev.sandprof.wire.InvokeMain;
import dev.sandprof.wire.InvokeStatic;
import dev.sandprof.wire.Message;
import dev.sandprof.wire.MessageChannel;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.Framing;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import dev.sandprof.wire.Shutdown;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Instant;

/**
 * {@code SandboxMain --train}: one whole session, with a host played by a thread of this JVM, so
 * that a class-data archive (AppCDS on 17, the AOT cache on 25) dumped when it exits holds the
 * classes a real session loads: the channel, Chronicle Wire's codec, output capture, invocation
 * and exception capture. The host starts it in the background when a sandbox JDK has no archive.
 */
final class ArchiveTraining {

    private ArchiveTraining() {}

    /** A program for the session to run: output, a value, an exception. */
    public static final class Workload {
        private Workload() {}

        public static void main(String[] args) {
            System.out.println("training " + String.join(",", args));
            System.err.println("training stderr");
        }

        public static Object value() {
            return new ArrayList<>(List.of(1, 2, 3));
        }

        public static Object fail() {
            return Integer.parseInt("not a number");
        }
    }

    /** Set by the host that starts a training: its pid. */
    private static final String HOST_PID_ENV = "SANDPROF_TRAINING_HOST_PID";

    static void run() throws IOException {
        watchHost();
        // Named like the host's socket directories, with this JVM's pid: the next host to start
        // deletes it if this JVM is killed before it could.
        Path dir = Files.createTempDirectory("sandprof-" + ProcessHandle.current().pid() + "-training-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("channel");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread host = new Thread(() -> playHost(server, socket, dir), "sandprof-training-host");
        host.setDaemon(true);
        host.start();
        // Serves until the played host's Shutdown ends this JVM, which writes the archive.
        // No launch secret comes on stdin: the host is played by this JVM, which needs no proof of
        // who connected; the handshake carries a secret of the real length all the same.
        SandboxMain.connectAndServe(socket.toString(), null, 0, new byte[Handshake.SECRET_BYTES], false);
    }

    /**
     * A training must not outlive the host that started it: once that host is gone, this JVM ends
     * at once, by SIGKILL, so that it does not spend seconds dumping an archive nobody installs.
     */
    private static void watchHost() {
        String pid = System.getenv(HOST_PID_ENV);
        if (pid == null) {
            return; // started by hand
        }
        Optional<ProcessHandle> host = ProcessHandle.of(Long.parseLong(pid));
        Optional<Instant> started = host.flatMap(h -> h.info().startInstant());
        Thread watch = new Thread(() -> {
            while (host.map(h -> h.isAlive() && h.info().startInstant().equals(started)).orElse(false)) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    // keep watching
                }
            }
            killSelf();
        }, "sandprof-training-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /**
     * SIGKILL, not an exit: on 17 the archive is dumped at any exit, halt included, and sun.misc.Signal
     * will not raise KILL. kill(1) is started as an argument vector; halt if it cannot be.
     */
    private static void killSelf() {
        try {
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).start().waitFor();
        } catch (IOException | InterruptedException e) {
            // no kill(1): exit all the same
        }
        Runtime.getRuntime().halt(3);
    }

    private static void playHost(ServerSocketChannel server, Path socket, Path dir) {
        try (SocketChannel sc = server.accept()) {
            server.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
            MessageChannel channel = new MessageChannel(sc, sc, Framing.DEFAULT_MAX_FRAME_BYTES);
            channel.receiveHandshake();
            String name = Workload.class.getName();
            byte[] bytes;
            try (InputStream in = ArchiveTraining.class.getResourceAsStream("ArchiveTraining$Workload.class")) {
                bytes = in.readAllBytes();
            }
            List<Request<?>> session = List.of(new Ping(1),
                    new DefineClasses(2, List.of(new ClassBytes(name, bytes))),
                    new InvokeMain(3, name, List.of("a", "b"), true),
                    new InvokeStatic(4, name, "value"),
                    new InvokeStatic(5, name, "fail"),
                    new Ping(6));
            for (Request<?> r : session) {
                channel.send(r);
                awaitReply(channel);
            }
            channel.send(new Shutdown(7));
            awaitReply(channel);
        } catch (IOException | RuntimeException e) {
            System.exit(1); // no archive from a session that went wrong: the host keeps none
        }
    }

    private static void awaitReply(MessageChannel channel) throws IOException {
        Message m;
        do {
            m = channel.receive();
        } while (m != null && !(m instanceof Reply));
    }
}
