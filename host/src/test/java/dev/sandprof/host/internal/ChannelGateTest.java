package dev.sandprof.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.wire.Handshake;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate of a sandbox's channel, with real Unix-domain sockets and the test playing both the
 * child (pid {@value #CHILD}, with the right secret) and the impostors that connect before it.
 */
class ChannelGateTest {

    static final long CHILD = 4242;
    static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Path socket;
    ServerSocketChannel server;
    Selector selector;
    final byte[] secret = new byte[Handshake.SECRET_BYTES];
    final BlockingQueue<String> reports = new LinkedBlockingQueue<>();
    final List<String> reported = new ArrayList<>();
    final List<SocketChannel> clients = new ArrayList<>();

    @BeforeEach
    void bind() throws IOException {
        new java.security.SecureRandom().nextBytes(secret);
        socket = dir.resolve("channel");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        server.configureBlocking(false);
        selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    @AfterEach
    void close() throws IOException {
        for (SocketChannel c : clients) {
            c.close();
        }
        selector.close();
        server.close();
    }

    private ChannelGate gate(UserPrincipal user) {
        return new ChannelGate(server, selector, socket, user, secret, CHILD, reports::add);
    }

    private ChannelGate gate() throws IOException {
        return gate(Files.getOwner(socket));
    }

    /** The gate waits on its own thread, as the launch's thread does, while the test connects. */
    private static CompletableFuture<Optional<ChannelGate.Admitted>> waitIn(ChannelGate gate, Duration limit,
                                                                            AtomicBoolean gone) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return gate.await(limit, gone::get);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private SocketChannel connect() throws IOException {
        SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        clients.add(c);
        return c;
    }

    private static void send(SocketChannel c, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            c.write(bytes);
        }
    }

    private static ByteBuffer framed(Handshake h) {
        ByteBuffer body = h.encode();
        return ByteBuffer.allocate(4 + body.remaining()).putInt(body.remaining()).put(body).flip();
    }

    private Handshake handshake(long pid, byte[] proof) {
        return new Handshake(Handshake.PROTOCOL_VERSION, pid, "17.0.15", 17, 1, List.of(Handshake.AGENT), proof);
    }

    /**
     * What a refused peer sees: the end of the stream (or a reset, when the gate closed with its
     * bytes unread), never a byte. Bounded: the gate has closed it by the time this is called.
     */
    private static void assertClosedWithNothingSent(SocketChannel c) throws IOException {
        c.configureBlocking(false);
        try (Selector s = Selector.open()) {
            c.register(s, SelectionKey.OP_READ);
            assertThat(s.select(30_000)).as("the refused connection was closed").isEqualTo(1);
        }
        ByteBuffer b = ByteBuffer.allocate(16);
        try {
            assertThat(c.read(b)).as("bytes the gate sent to a refused peer").isEqualTo(-1);
        } catch (IOException reset) {
            assertThat(reset.getMessage()).contains("reset");
            assertThat(b.position()).isZero();
        }
    }

    /** Waits for the gate to have reported n refusals in all. */
    private void awaitReports(int n) throws InterruptedException {
        while (reported.size() < n) {
            String line = reports.poll(30, TimeUnit.SECONDS);
            assertThat(line).as("refusal %d reported", reported.size() + 1).isNotNull();
            reported.add(line);
        }
    }

    /** Every refusal reported so far: call once the gate has returned. */
    private List<String> reported() {
        reports.drainTo(reported);
        return reported;
    }

    @Test
    void theChildIsAdmittedAfterEveryKindOfImpostorAndEachImpostorIsRefusedAndReported() throws Exception {
        CompletableFuture<Optional<ChannelGate.Admitted>> waiting = waitIn(gate(), LONG, new AtomicBoolean());
        SocketChannel silent = connect();
        SocketChannel wrongSecret = connect();
        send(wrongSecret, framed(handshake(CHILD, new byte[Handshake.SECRET_BYTES])));
        SocketChannel wrongPid = connect();
        send(wrongPid, framed(handshake(CHILD + 1, secret)));
        SocketChannel noSecret = connect();
        send(noSecret, framed(new Handshake(Handshake.PROTOCOL_VERSION, CHILD, "17", 17, 1, List.of())));
        SocketChannel garbage = connect();
        send(garbage, ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes()));
        SocketChannel smallGarbage = connect();
        send(smallGarbage, ByteBuffer.allocate(12).putInt(8).putLong(0x1234_5678_9abc_def0L).flip());
        SocketChannel quitter = connect();
        quitter.close();
        awaitReports(6);

        SocketChannel child = connect();
        send(child, framed(handshake(CHILD, secret)));
        ChannelGate.Admitted admitted = waiting.get(60, TimeUnit.SECONDS).orElseThrow();

        assertThat(admitted.handshake()).isEqualTo(handshake(CHILD, secret));
        assertThat(admitted.socket().isBlocking()).isTrue();
        for (SocketChannel impostor : List.of(silent, wrongSecret, wrongPid, noSecret, garbage, smallGarbage)) {
            assertClosedWithNothingSent(impostor);
        }
        assertThat(reported()).hasSize(7).allMatch(l -> l.startsWith(
                "sandprof: refused a connection to the channel of sandbox 4242: "));
        assertThat(String.join("\n", reported))
                .contains("wrong secret: its handshake does not prove the launch secret")
                .contains("wrong pid: its handshake names pid 4243, and the host started pid 4242")
                .contains("its first frame says it has 1195725856 bytes, and a handshake has 1 to 4096")
                .contains("not a handshake of this build: the peer is not a sandprof sandbox")
                .contains("it sent nothing and closed")
                .contains("it sent no complete handshake before the sandbox's own was admitted");
        assertThat(reported.stream().filter(l -> l.contains("wrong secret"))).hasSize(2);
        assertThat(Files.exists(socket)).as("the socket is gone once the child is in").isFalse();
    }

    @Test
    void aPeerOfAnotherUserIsRefusedEvenWithTheRightHandshake() throws Exception {
        UserPrincipal us = Files.getOwner(socket);
        UserPrincipal other = FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(us.getName().equals("nobody") ? "root" : "nobody");
        ChannelGate gate = gate(other);
        // The gate waits on for a peer it admits until its bound: long enough for this connection to come first on a busy machine.
        CompletableFuture<Optional<ChannelGate.Admitted>> waiting = waitIn(gate, Duration.ofSeconds(5), new AtomicBoolean());
        SocketChannel c = connect();
        send(c, framed(handshake(CHILD, secret)));
        assertThat(waiting.get(60, TimeUnit.SECONDS)).isEmpty();
        assertClosedWithNothingSent(c);
        assertThat(gate.refusals()).containsExactly(
                "wrong user: it runs as " + us.getName() + ", the host as " + other.getName());
    }

    @Test
    void aHandshakeThatComesInPiecesIsAdmittedAndNothingAfterItIsConsumed() throws Exception {
        CompletableFuture<Optional<ChannelGate.Admitted>> waiting = waitIn(gate(), LONG, new AtomicBoolean());
        SocketChannel child = connect();
        ByteBuffer frame = framed(handshake(CHILD, secret));
        ByteBuffer after = ByteBuffer.wrap("next frame".getBytes());
        ByteBuffer all = ByteBuffer.allocate(frame.remaining() + after.remaining()).put(frame).put(after).flip();
        send(child, all.duplicate().limit(2));
        send(child, all.duplicate().position(2).limit(30));
        send(child, all.duplicate().position(30));
        ChannelGate.Admitted admitted = waiting.get(60, TimeUnit.SECONDS).orElseThrow();
        ByteBuffer rest = ByteBuffer.allocate(10);
        while (rest.hasRemaining()) {
            assertThat(admitted.socket().read(rest)).isNotNegative();
        }
        assertThat(new String(rest.array())).isEqualTo("next frame");
        assertThat(reported()).isEmpty();
    }

    @Test
    void connectionsThatSendNothingAreHeldUpToTheCapAndTheOldestMakesRoom() throws Exception {
        CompletableFuture<Optional<ChannelGate.Admitted>> waiting = waitIn(gate(), LONG, new AtomicBoolean());
        List<SocketChannel> silent = new ArrayList<>();
        for (int i = 0; i <= ChannelGate.MAX_CANDIDATES; i++) {
            silent.add(connect());
        }
        awaitReports(1);
        assertThat(reported.get(0)).contains(ChannelGate.MAX_CANDIDATES + " connections were held: the oldest makes room");
        assertClosedWithNothingSent(silent.get(0));

        SocketChannel child = connect();
        send(child, framed(handshake(CHILD, secret)));
        assertThat(waiting.get(60, TimeUnit.SECONDS)).isPresent();
        assertThat(reported()).hasSize(1 + ChannelGate.MAX_CANDIDATES);
        for (SocketChannel c : silent) {
            assertClosedWithNothingSent(c);
        }
    }

    @Test
    void whenTheTimeIsUpEveryHeldConnectionIsRefusedSayingSo() throws Exception {
        ChannelGate gate = gate();
        // 3 s: the connection must come while the gate still waits, also on a busy machine.
        CompletableFuture<Optional<ChannelGate.Admitted>> waiting = waitIn(gate, Duration.ofSeconds(3), new AtomicBoolean());
        SocketChannel silent = connect();
        assertThat(waiting.get(60, TimeUnit.SECONDS)).isEmpty();
        assertClosedWithNothingSent(silent);
        assertThat(gate.refusals()).containsExactly("it sent no handshake within 3000 ms");
    }

    @Test
    void whenTheChildEndsTheGateStopsWaiting() throws Exception {
        AtomicBoolean gone = new AtomicBoolean();
        ChannelGate gate = gate();
        CompletableFuture<Optional<ChannelGate.Admitted>> waiting = waitIn(gate, LONG, gone);
        SocketChannel silent = connect();
        send(silent, ByteBuffer.allocate(2)); // half a header: held, accepted yet or not
        gone.set(true);
        selector.wakeup();
        assertThat(waiting.get(60, TimeUnit.SECONDS)).isEmpty();
        assertClosedWithNothingSent(silent);
        assertThat(gate.refusals()).containsExactly("it sent no complete handshake before the sandbox ended");
    }
}
