package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MessageChannelTest {

    private final Pipe pipe = openPipe();
    private final MessageChannel writer = new MessageChannel(null, pipe.sink(), 1 << 20);
    private final MessageChannel reader = new MessageChannel(pipe.source(), null, 1 << 20);

    private static Pipe openPipe() {
        try {
            return Pipe.open();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void handshakeThenMessagesThenCleanEnd() throws Exception {
        Handshake hello = new Handshake(Handshake.PROTOCOL_VERSION, 1, "17", 17, 3, List.of(Handshake.AGENT));
        writer.sendHandshake(hello);
        writer.send(new Ping(1));
        writer.send(new ValueReply(1, new RemoteRef(3, 1), "java.lang.String", "hi"));
        pipe.sink().close();

        assertThat(reader.receiveHandshake()).isEqualTo(hello);
        assertThat(reader.receive()).isEqualTo(new Ping(1));
        assertThat(reader.receive()).isEqualTo(new ValueReply(1, new RemoteRef(3, 1), "java.lang.String", "hi"));
        assertThat(reader.receive()).isNull();
    }

    @Test
    void framesFromManyThreadsNeverInterleave() throws Exception {
        int threads = 8;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> sent = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            sent.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    writer.send(new Output(base + i, Output.Stream.OUT, new byte[i % 700]));
                }
                return null;
            }));
        }
        boolean[] seen = new boolean[threads * each];
        for (int i = 0; i < threads * each; i++) {
            for (Future<?> f : sent) {
                if (f.isDone()) {
                    f.get(); // a sender that failed fails the test instead of leaving the reader waiting
                }
            }
            Output o = (Output) reader.receive();
            assertThat(o.bytes()).hasSize((int) (o.requestId() % each) % 700);
            seen[(int) o.requestId()] = true;
        }
        for (Future<?> f : sent) {
            f.get();
        }
        pool.shutdown();
        assertThat(seen).doesNotContain(false);
    }

    @Test
    void aChannelThatEndsBeforeTheHandshakeSaysSo() throws Exception {
        pipe.sink().close();
        assertThatThrownBy(reader::receiveHandshake)
                .isInstanceOf(ProtocolException.class).hasMessageContaining("before the sandbox sent its handshake");
    }

    @Test
    void aFrameOverTheReadersCapIsRefused() throws Exception {
        MessageChannel bigWriter = new MessageChannel(null, pipe.sink(), 8 << 20);
        MessageChannel smallReader = new MessageChannel(pipe.source(), null, 1024);
        Thread t = new Thread(() -> {
            try {
                bigWriter.send(new Output(1, Output.Stream.OUT, new byte[4096]));
            } catch (IOException ignored) {
                // the reader stops reading; the writer may see the pipe close
            }
        });
        t.setDaemon(true);
        t.start();
        assertThatThrownBy(smallReader::receive)
                .isInstanceOf(ProtocolException.class).hasMessageContaining("cap is 1024");
        pipe.source().close();
        t.join();
    }

    @Test
    void sentFramesUseTheLengthPrefixOfFraming() throws Exception {
        writer.send(new Ping(42));
        pipe.sink().close();
        ByteBuffer all = ByteBuffer.allocate(1024);
        while (pipe.source().read(all) >= 0) {
            // drain
        }
        all.flip();
        assertThat(all.getInt()).isEqualTo(all.remaining());
    }
}
