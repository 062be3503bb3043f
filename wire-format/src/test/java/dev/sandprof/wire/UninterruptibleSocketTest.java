package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages over a real Unix-domain socket survive the interrupts of the threads that send and
 * receive them: a {@link SocketChannel} used directly would close for good at the first one.
 */
class UninterruptibleSocketTest {

    @TempDir
    Path dir;

    private SocketChannel near;
    private SocketChannel far;
    private MessageChannel sender;
    private MessageChannel receiver;

    @BeforeEach
    void connect() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("socket"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            near = SocketChannel.open(StandardProtocolFamily.UNIX);
            near.connect(address);
            far = server.accept();
        }
        sender = MessageChannel.over(near, 1 << 20);
        receiver = MessageChannel.over(far, 1 << 20);
    }

    @AfterEach
    void close() throws Exception {
        sender.close();
        receiver.close();
        Files.deleteIfExists(dir.resolve("socket"));
    }

    @Test
    void outputSentFromASliceArrivesAsTheEventAndTheReaderKnowsWhetherTheNextFrameIsHere() throws Exception {
        byte[] big = new byte[100_000]; // within the socket's buffer: nothing reads until it is sent
        big[5] = 7;
        sender.sendOutput(4, Output.Stream.OUT, big, 5, big.length - 5);
        Output large = (Output) receiver.receive();
        assertThat(large.requestId()).isEqualTo(4);
        assertThat(large.bytes()).hasSize(big.length - 5).startsWith((byte) 7);
        assertThat(receiver.frameReady()).as("nothing more was sent").isFalse();

        // Both are in the socket before the first read, which takes them together.
        sender.sendOutput(3, Output.Stream.ERR, "xhello".getBytes(), 1, 5);
        sender.send(new Ping(5));
        assertThat(receiver.receive()).isEqualTo(new Output(3, Output.Stream.ERR, "hello".getBytes()));
        assertThat(receiver.frameReady()).isTrue();
        assertThat(receiver.receive()).isEqualTo(new Ping(5));
        assertThat(receiver.frameReady()).isFalse();
    }

    @Test
    void aSenderThatIsInterruptedStillSendsAndTheSocketStaysOpen() throws Exception {
        Thread.currentThread().interrupt();
        try {
            sender.send(new Ping(1));
            sender.send(new Output(2, Output.Stream.OUT, new byte[200_000]));
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is the caller's to see, untouched").isTrue();
        }
        assertThat(receiver.receive()).isEqualTo(new Ping(1));
        assertThat(((Output) receiver.receive()).bytes()).hasSize(200_000);
        assertThat(near.isOpen()).isTrue();
        sender.send(new Ping(3));
        assertThat(receiver.receive()).isEqualTo(new Ping(3));
    }

    @Test
    void aReaderInterruptedWhileItWaitsGoesOnWaitingAndClosingWakesIt() throws Exception {
        CompletableFuture<Message> first = new CompletableFuture<>();
        CompletableFuture<String> atClose = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                first.complete(receiver.receive());
                Message m = receiver.receive();
                atClose.complete(m == null ? "end of stream" : "got " + m);
            } catch (ClosedChannelException e) {
                atClose.complete("closed"); // the close came before this read started
            } catch (Exception e) {
                first.completeExceptionally(e);
                atClose.completeExceptionally(e);
            }
        });
        reader.start();
        reader.interrupt();
        sender.send(new Ping(7));
        assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo(new Ping(7));
        assertThat(far.isOpen()).isTrue();
        // Closing this end ends its own reader, blocked in read(2) or about to read, and the socket.
        receiver.close();
        assertThat(atClose.get(1, TimeUnit.MINUTES)).isIn("end of stream", "closed");
        reader.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(far.isOpen()).isFalse();
    }

    @Test
    void closingWakesAWriterBlockedOnAPeerThatReadsNoMore() throws Exception {
        CompletableFuture<Void> firstSent = new CompletableFuture<>();
        CompletableFuture<Exception> writer = CompletableFuture.supplyAsync(() -> {
            try {
                sender.send(new Ping(1));
                firstSent.complete(null);
                // Larger than the socket's buffers: with the far end reading nothing, write(2) blocks.
                while (true) {
                    sender.send(new Output(2, Output.Stream.OUT, new byte[768 * 1024]));
                }
            } catch (Exception e) {
                return e;
            }
        });
        firstSent.get(1, TimeUnit.MINUTES);
        // The close neither waits for the blocked writer nor lets it go on.
        sender.close();
        assertThat(writer.get(1, TimeUnit.MINUTES)).isInstanceOf(java.io.IOException.class);
        assertThat(near.isOpen()).isFalse();
    }

    @Test
    void theOtherEndClosingEndsTheStream() throws Exception {
        sender.send(new Ping(1));
        sender.close();
        assertThat(receiver.receive()).isEqualTo(new Ping(1));
        assertThat(receiver.receive()).isNull();
    }
}
