package dev.sandprof.sandbox;

import dev.sandprof.wire.MessageChannel;
import dev.sandprof.wire.Output;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * What user code writes to {@code System.out} and {@code System.err}, sent to the host as
 * {@link Output} events on the channel, in the order written across both streams. Writes are
 * buffered and sent by a flusher thread shortly after they happen (so output appears as the
 * program runs, without a frame per {@code println}) and before every reply (so a request's output
 * always arrives before its answer).
 */
final class OutputCapture {

    private static final int FLUSH_AT_BYTES = 64 * 1024;
    private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final MessageChannel channel;
    private final LongSupplier currentRequest;
    private final Object bufferLock = new Object();
    private final Object sendLock = new Object();
    private final List<Chunk> chunks = new ArrayList<>();
    private int buffered;

    private static final class Chunk {
        final Output.Stream stream;
        byte[] bytes;
        int length;

        Chunk(Output.Stream stream, int capacity) {
            this.stream = stream;
            this.bytes = new byte[Math.max(capacity, 256)];
        }

        void append(byte[] b, int off, int len) {
            if (length + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + len, bytes.length * 2));
            }
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }
    }

    OutputCapture(MessageChannel channel, LongSupplier currentRequest) {
        this.channel = channel;
        this.currentRequest = currentRequest;
    }

    /** Replaces {@code System.out} and {@code System.err} and starts the flusher. */
    void install() {
        Charset charset = Charset.defaultCharset();
        System.setOut(new PrintStream(new StreamView(Output.Stream.OUT), false, charset));
        System.setErr(new PrintStream(new StreamView(Output.Stream.ERR), false, charset));
        Thread flusher = new Thread(this::flushLoop, "sandprof-output");
        flusher.setDaemon(true);
        flusher.start();
    }

    private void write(Output.Stream stream, byte[] b, int off, int len) {
        boolean drainNow;
        synchronized (bufferLock) {
            Chunk last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
            if (last == null || last.stream != stream) {
                last = new Chunk(stream, len);
                chunks.add(last);
            }
            last.append(b, off, len);
            buffered += len;
            drainNow = buffered >= FLUSH_AT_BYTES;
            bufferLock.notifyAll();
        }
        if (drainNow) {
            flush();
        }
    }

    /** Sends everything written so far; returns once it is on the channel. */
    void flush() {
        synchronized (sendLock) {
            List<Chunk> taken;
            synchronized (bufferLock) {
                if (chunks.isEmpty()) {
                    return;
                }
                taken = new ArrayList<>(chunks);
                chunks.clear();
                buffered = 0;
            }
            long request = currentRequest.getAsLong();
            try {
                for (Chunk c : taken) {
                    channel.send(new Output(request, c.stream, Arrays.copyOf(c.bytes, c.length)));
                }
            } catch (IOException e) {
                // The host is gone; the channel reader ends the sandbox. Output has nowhere to go.
            }
        }
    }

    private void flushLoop() {
        while (true) {
            synchronized (bufferLock) {
                while (chunks.isEmpty()) {
                    try {
                        bufferLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            // Let a burst of prints gather into one frame.
            LockSupport.parkNanos(BATCH_NANOS);
            flush();
        }
    }

    /** The stream user code sees; closing it only flushes, the channel stays open. */
    private final class StreamView extends OutputStream {
        private final Output.Stream stream;

        StreamView(Output.Stream stream) {
            this.stream = stream;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > 0) {
                OutputCapture.this.write(stream, b, off, len);
            }
        }

        @Override
        public void flush() {
            OutputCapture.this.flush();
        }

        @Override
        public void close() {
            OutputCapture.this.flush();
        }
    }
}
