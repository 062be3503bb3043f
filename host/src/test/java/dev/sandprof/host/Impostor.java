package dev.sandprof.host;

import dev.sandprof.wire.Handshake;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A process of the user that races a sandbox's own JVM to its channel: it watches the descendants
 * of a host for a new sandbox, takes the socket's path from its command line (as anyone can, from
 * {@code /proc/PID/cmdline}), connects at once and plays one {@link Mode}. Used as a thread of the
 * test's JVM and, through {@link #main}, as a separate process.
 */
public final class Impostor {

    /** What the impostor sends once connected. */
    enum Mode {
        /** Nothing: it holds the connection open. */
        SILENT,
        /** A well-formed handshake naming the sandbox's own pid, with a guessed secret. */
        WRONG_SECRET,
        /** A well-formed handshake naming the impostor's own pid. */
        OTHER_PID,
        /** Random bytes. */
        GARBAGE
    }

    /** How one race ended for the impostor. */
    enum Outcome {
        /** It connected and was closed without being sent a byte. */
        REFUSED,
        /** It could not connect: the sandbox was admitted first and the socket was gone. */
        TOO_LATE,
        /** It was sent bytes: the host took it for its sandbox. */
        ADMITTED
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private Impostor() {}

    /**
     * One race: waits (up to {@code waitSeconds}) for a descendant of {@code host} with a channel
     * not in {@code seen}, connects and plays {@code mode}, then waits for the host to close the
     * connection.
     *
     * @return the outcome and the socket's path, as "OUTCOME path"
     */
    static String race(ProcessHandle host, Set<String> seen, Mode mode, long waitSeconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (true) {
            // Each process's command line read once: read again, it can be gone (the process ended).
            Optional<Map.Entry<ProcessHandle, String>> target = host.descendants()
                    .flatMap(p -> channelOf(p).filter(s -> !seen.contains(s)).map(s -> Map.entry(p, s)).stream())
                    .findFirst();
            if (target.isPresent()) {
                String socket = target.get().getValue();
                seen.add(socket);
                return play(socket, target.get().getKey().pid(), mode) + " " + socket;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no new sandbox under pid " + host.pid() + " in " + waitSeconds + " s");
            }
            // /proc tells no one when a process starts: look again soon.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** The socket named after {@code --connect} on a process's command line. */
    private static Optional<String> channelOf(ProcessHandle p) {
        List<String> args = p.info().arguments().map(List::of).orElse(List.of());
        int i = args.indexOf("--connect");
        return i >= 0 && i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
    }

    private static Outcome play(String socket, long sandboxPid, Mode mode) throws IOException {
        SocketChannel c;
        try {
            c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return Outcome.TOO_LATE;
        }
        try (c) {
            try {
                switch (mode) {
                    case SILENT:
                        break;
                    case WRONG_SECRET:
                        send(c, handshake(sandboxPid));
                        break;
                    case OTHER_PID:
                        send(c, handshake(ProcessHandle.current().pid()));
                        break;
                    case GARBAGE:
                        byte[] junk = new byte[64];
                        RANDOM.nextBytes(junk);
                        c.write(ByteBuffer.wrap(junk));
                        break;
                    default:
                        throw new IllegalArgumentException(mode.toString());
                }
            } catch (IOException refusedWhileSending) {
                return Outcome.REFUSED; // closed under it: nothing was sent to it
            }
            // Blocks until the host closes it: the host refuses every impostor before its launch returns.
            ByteBuffer b = ByteBuffer.allocate(1);
            try {
                return c.read(b) < 0 ? Outcome.REFUSED : Outcome.ADMITTED;
            } catch (IOException reset) {
                return Outcome.REFUSED; // closed with our bytes unread: a reset, nothing sent
            }
        }
    }

    private static ByteBuffer handshake(long pid) {
        byte[] guess = new byte[Handshake.SECRET_BYTES];
        RANDOM.nextBytes(guess);
        ByteBuffer body = new Handshake(Handshake.PROTOCOL_VERSION, pid, System.getProperty("java.version"),
                Runtime.version().feature(), 1, List.of(Handshake.AGENT), guess).encode();
        return ByteBuffer.allocate(4 + body.remaining()).putInt(body.remaining()).put(body).flip();
    }

    private static void send(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    /**
     * {@code Impostor HOST_PID MODE...}: one race per mode, in order, against the host's sandboxes;
     * prints one line per race ("OUTCOME socket"), and "ready" once it is watching.
     */
    public static void main(String[] args) throws IOException {
        ProcessHandle host = ProcessHandle.of(Long.parseLong(args[0]))
                .orElseThrow(() -> new IllegalArgumentException("no process " + args[0]));
        Set<String> seen = new java.util.HashSet<>();
        host.descendants().forEach(p -> channelOf(p).ifPresent(seen::add)); // sandboxes started before
        System.out.println("ready");
        for (int i = 1; i < args.length; i++) {
            System.out.println(race(host, seen, Mode.valueOf(args[i]), 120));
        }
    }
}
