package dev.sandprof.host.internal;

import dev.sandprof.wire.Handshake;
import dev.sandprof.wire.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The door of a sandbox's channel: admits the one connection that comes from the child the host
 * started, and refuses every other before a byte is sent to it. The socket's path is on the
 * child's command line (so in {@code /proc/PID/cmdline}), and any process of the user may connect
 * to it first; a connection is admitted only when
 *
 * <ol>
 *   <li>its peer runs as the host's user ({@code SO_PEERCRED}),
 *   <li>its handshake proves the launch secret the host wrote to the child's stdin, and
 *   <li>its handshake names the pid of the child the host started.
 * </ol>
 *
 * <p>A refused connection is closed and reported, naming what was wrong, and the gate goes on
 * waiting. Candidates are read without blocking, side by side, so a connection that sends nothing
 * delays no one; at most {@link #MAX_CANDIDATES} are held, and a newcomer over the cap pushes out
 * the oldest. Not thread-safe: one launch's thread uses it.
 */
final class ChannelGate {

    /** Connections held at once while their handshakes come in. */
    static final int MAX_CANDIDATES = 8;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Path socket;
    private final UserPrincipal user;
    private final byte[] secret;
    private final long pid;
    private final Consumer<String> report;
    private final Deque<Candidate> candidates = new ArrayDeque<>();
    private final List<String> refusals = new ArrayList<>();
    private Admitted admitted;

    /**
     * @param server the channel's listening socket, non-blocking and registered for accepts with {@code selector}
     * @param socket the socket's path, removed once the child is admitted so that no one else can connect
     * @param user the host's own user: the owner of the socket it bound
     * @param secret the launch secret written to the child's stdin
     * @param pid the child's pid
     * @param report takes one line for every refused connection
     */
    ChannelGate(ServerSocketChannel server, Selector selector, Path socket, UserPrincipal user, byte[] secret,
                long pid, Consumer<String> report) {
        this.server = server;
        this.selector = selector;
        this.socket = socket;
        this.user = user;
        this.secret = secret.clone();
        this.pid = pid;
        this.report = report;
    }

    /** The child's connection, blocking again, with its handshake read and nothing more. */
    static final class Admitted {
        private final SocketChannel socket;
        private final Handshake handshake;

        Admitted(SocketChannel socket, Handshake handshake) {
            this.socket = socket;
            this.handshake = handshake;
        }

        SocketChannel socket() {
            return socket;
        }

        Handshake handshake() {
            return handshake;
        }
    }

    /**
     * Waits for the child's connection for at most {@code limit}, or until {@code gone} says the
     * child ended (the caller wakes the selector when it does).
     *
     * @return the admitted connection, or empty when the time is up or the child ended first
     */
    Optional<Admitted> await(Duration limit, BooleanSupplier gone) throws IOException {
        try {
            return awaitAdmission(limit, gone);
        } catch (IOException | RuntimeException e) {
            // The selector or the listening socket failed: no one held stays connected.
            for (Candidate c : candidates) {
                try {
                    c.socket.close();
                } catch (IOException ignored) {
                    e.addSuppressed(ignored);
                }
            }
            candidates.clear();
            throw e;
        }
    }

    private Optional<Admitted> awaitAdmission(Duration limit, BooleanSupplier gone) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext() && admitted == null; ) {
                SelectionKey key = it.next();
                it.remove();
                if (key.channel() == server) {
                    acceptAll();
                } else if (key.isValid()) {
                    ((Candidate) key.attachment()).read();
                }
            }
            selector.selectedKeys().clear();
            if (admitted != null) {
                selector.selectNow(); // deregisters its cancelled key, so that its socket may block again
                selector.selectedKeys().clear();
                admitted.socket().configureBlocking(true);
                closeTheDoor();
                return Optional.of(admitted);
            }
            if (gone.getAsBoolean()) {
                refuseAll("it sent no complete handshake before the sandbox ended");
                return Optional.empty();
            }
            if (deadline - System.nanoTime() <= 0) {
                refuseAll("it sent no handshake within " + limit.toMillis() + " ms");
                return Optional.empty();
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    /** Why each connection so far was refused, in order. */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void acceptAll() throws IOException {
        SocketChannel s;
        while (admitted == null && (s = server.accept()) != null) {
            String wrongUser = wrongUser(s);
            if (wrongUser != null) {
                refuse(s, wrongUser);
                continue;
            }
            if (candidates.size() == MAX_CANDIDATES) {
                Candidate oldest = candidates.removeFirst();
                oldest.refuse("it sent no complete handshake, and " + MAX_CANDIDATES
                        + " connections were held: the oldest makes room");
            }
            s.configureBlocking(false);
            Candidate c = new Candidate(s);
            c.key = s.register(selector, SelectionKey.OP_READ, c);
            candidates.addLast(c);
        }
    }

    /** Why the peer's user is not the host's, or null when it is (or cannot be asked: see {@link PeerUser}). */
    private String wrongUser(SocketChannel s) {
        if (!PeerUser.AVAILABLE) {
            if (!PeerUser.noted.getAndSet(true)) {
                report.accept("sandprof: this JVM has no module jdk.net, so the sandbox channel's peer user is not"
                        + " checked (SO_PEERCRED); its launch secret and pid are. Add --add-modules=jdk.net"
                        + " (jshell: -J--add-modules=jdk.net) for the check.");
            }
            return null;
        }
        UserPrincipal peer;
        try {
            peer = PeerUser.of(s);
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot learn the user it runs as (SO_PEERCRED): " + e.getMessage();
        }
        return peer.equals(user) ? null : "wrong user: it runs as " + peer.getName() + ", the host as " + user.getName();
    }

    /**
     * The user a peer runs as, from module jdk.net. A JVM whose main class is in a module resolves
     * only what that module needs: jshell's has no jdk.net unless told, and this class is the one
     * place that names it, loaded only when the module is there.
     */
    private static final class PeerUser {
        static final boolean AVAILABLE = present();
        static final AtomicBoolean noted = new AtomicBoolean();

        private static boolean present() {
            try {
                Class.forName("jdk.net.ExtendedSocketOptions", false, ChannelGate.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        static UserPrincipal of(SocketChannel s) throws IOException {
            UnixDomainPrincipal credentials = s.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return credentials.user();
        }
    }

    /** The child is in: no one else may connect now, and those who did are refused. */
    private void closeTheDoor() throws IOException {
        Files.deleteIfExists(socket);
        refuseAll("it sent no complete handshake before the sandbox's own was admitted");
    }

    /** Refuses those held and those not yet accepted: every connection that came is reported. */
    private void refuseAll(String why) throws IOException {
        while (!candidates.isEmpty()) {
            candidates.removeFirst().refuse(why);
        }
        SocketChannel waiting;
        while ((waiting = server.accept()) != null) {
            refuse(waiting, why);
        }
    }

    private void refuse(SocketChannel s, String why) {
        try {
            s.close();
        } catch (IOException e) {
            why += " (closing it failed: " + e.getMessage() + ")";
        }
        refusals.add(why);
        report.accept("sandprof: refused a connection to the channel of sandbox " + pid + ": " + why);
    }

    /** One connection whose handshake is coming in: its frame's header, then exactly its payload. */
    private final class Candidate {
        private final SocketChannel socket;
        private final ByteBuffer header = ByteBuffer.allocate(4);
        private ByteBuffer payload;
        private SelectionKey key;

        Candidate(SocketChannel socket) {
            this.socket = socket;
        }

        /** Reads what has come, never past the handshake's frame: what follows it is the channel's. */
        void read() {
            try {
                while (true) {
                    ByteBuffer into = payload == null ? header : payload;
                    int n = socket.read(into);
                    if (n < 0) {
                        int got = header.position() + (payload == null ? 0 : payload.position());
                        refuse(got == 0 ? "it sent nothing and closed"
                                : "it closed after " + got + " bytes, before its handshake was complete");
                        return;
                    }
                    if (into.hasRemaining()) {
                        return; // more to come, or not: the selector says
                    }
                    if (payload == null) {
                        int length = header.getInt(0);
                        if (length <= 0 || length > Handshake.MAX_FRAME_BYTES) {
                            refuse("its first frame says it has " + Integer.toUnsignedString(length)
                                    + " bytes, and a handshake has 1 to " + Handshake.MAX_FRAME_BYTES);
                            return;
                        }
                        payload = ByteBuffer.allocate(length);
                    } else {
                        check(Handshake.decode(payload.flip()));
                        return;
                    }
                }
            } catch (ProtocolException e) {
                refuse("not a handshake of this build: " + e.getMessage());
            } catch (IOException e) {
                refuse("reading its handshake failed: " + e.getMessage());
            }
        }

        private void check(Handshake h) {
            if (!h.proves(secret)) {
                refuse("wrong secret: its handshake does not prove the launch secret given to the sandbox");
            } else if (h.pid() != pid) {
                refuse("wrong pid: its handshake names pid " + h.pid() + ", and the host started pid " + pid
                        + " (a --java that is a script must exec the real java)");
            } else {
                candidates.remove(this);
                key.cancel();
                admitted = new Admitted(socket, h);
            }
        }

        void refuse(String why) {
            candidates.remove(this);
            ChannelGate.this.refuse(socket, why);
        }
    }
}
