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
import java.util.function.LongSupplier;

/**
 * What user code writes to {@code System.out} and {@code System.err}, sent to the host as
 * {@link Output} events on the channel, in the order written across both streams. Every write is
 * on the channel (in the kernel's socket buffer) before it returns, as {@code java}'s own
 * {@code System.out} and {@code System.err} flush every write to their file descriptors: so what a
 * program printed before {@code Runtime.halt}, a crash of the JVM or a SIGKILL still reaches the
 * host, which reads the channel to its end. Writes of several threads at once go out together
 * (whoever sends takes what the others appended meanwhile). A large write goes in pieces of at most
 * {@value #MAX_EVENT_BYTES} bytes, each its own event, far below the frame cap.
 *
 * <p>Writes run on the program's threads: nothing of sandprof's own is thrown to the caller of
 * {@code System.out} or {@code System.err}. A channel that is gone swallows output (the sandbox is
 * ending); any other failure to send is said on the sandbox's real stderr. Only the JVM's own
 * errors (out of memory, out of stack) reach the caller, as they would from any {@code PrintStream}.
 */
final class OutputCapture {

    /** The most bytes one {@link Output} event carries. */
    static final int MAX_EVENT_BYTES = 1 << 20;

    private final MessageChannel channel;
    private final LongSupplier currentRequest;
    private final PrintStream diagnostics;
    private final Object bufferLock = new Object();
    private final Object sendLock = new Object();
    private final List<Chunk> chunks = new ArrayList<>();

    private static final class Chunk {
        final Output.Stream stream;
        byte[] bytes;
        int length;

        Chunk(Output.Stream stream, int capacity) {
            this.stream = stream;
            this.bytes = new byte[capacity];
        }

        void append(byte[] b, int off, int len) {
            if (length + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + len, bytes.length * 2));
            }
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }
    }

    /** @param diagnostics where failures to send are said: the sandbox's real stderr */
    OutputCapture(MessageChannel channel, LongSupplier currentRequest, PrintStream diagnostics) {
        this.channel = channel;
        this.currentRequest = currentRequest;
        this.diagnostics = diagnostics;
    }

    /** Replaces {@code System.out} and {@code System.err}. */
    void install() {
        Charset charset = Charset.defaultCharset();
        System.setOut(new PrintStream(new StreamView(Output.Stream.OUT), false, charset));
        System.setErr(new PrintStream(new StreamView(Output.Stream.ERR), false, charset));
    }

    private void write(Output.Stream stream, byte[] b, int off, int len) {
        // In pieces, so that a huge write neither makes an event over the frame cap nor a copy of its size.
        while (len > 0) {
            int n = Math.min(len, MAX_EVENT_BYTES);
            append(stream, b, off, n);
            flush();
            off += n;
            len -= n;
        }
    }

    private void append(Output.Stream stream, byte[] b, int off, int len) {
        synchronized (bufferLock) {
            Chunk last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
            if (last == null || last.stream != stream || last.length + len > MAX_EVENT_BYTES) {
                last = new Chunk(stream, len);
                chunks.add(last);
            }
            last.append(b, off, len);
        }
    }

    /**
     * Sends everything written so far; returns once it is on the channel. Never throws but the
     * JVM's own errors: it runs on the program's threads.
     */
    void flush() {
        synchronized (sendLock) {
            List<Chunk> taken;
            synchronized (bufferLock) {
                if (chunks.isEmpty()) {
                    return;
                }
                taken = new ArrayList<>(chunks);
                chunks.clear();
            }
            long request = currentRequest.getAsLong();
            try {
                for (Chunk c : taken) {
                    try {
                        send(request, c);
                    } catch (OutOfMemoryError e) {
                        // The program filled the heap (and may catch that): its output is not lost for it.
                        MemoryReserve.release();
                        send(request, c);
                    }
                }
            } catch (IOException e) {
                // The host is gone; the channel reader ends the sandbox. Output has nowhere to go.
            } catch (RuntimeException | LinkageError e) {
                // Not the program's doing: said where the host shows the sandbox's own complaints.
                diagnostics.println("sandprof sandbox: output could not be sent, some was lost: " + e);
            }
        }
    }

    private void send(long request, Chunk c) throws IOException {
        channel.send(new Output(request, c.stream, c.length == c.bytes.length ? c.bytes : Arrays.copyOf(c.bytes, c.length)));
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
