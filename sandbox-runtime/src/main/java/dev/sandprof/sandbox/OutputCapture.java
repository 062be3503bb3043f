package dev.sandprof.sandbox;

import dev.sandprof.wire.MessageChannel;
import dev.sandprof.wire.Output;
import dev.sandprof.wire.OutputRing;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * What user code writes to {@code System.out} and {@code System.err}, sent to the host in the
 * order written across both streams: through the {@link OutputRing} the host mapped for it, or,
 * without one, as {@link Output} events on the channel. Every write is in the ring (in memory the
 * host has mapped) or on the channel (in the kernel's socket buffer) before it returns, as
 * {@code java}'s own {@code System.out} and {@code System.err} flush every write to their file
 * descriptors: so what a program printed before {@code Runtime.halt}, a crash of the JVM or a
 * SIGKILL still reaches the host, which reads the ring and the channel to their end. Writes of
 * several threads at once go out together (whoever sends takes what the others appended
 * meanwhile). A large write goes in pieces of at most {@value #MAX_EVENT_BYTES} bytes on the
 * channel, far below the frame cap, or {@link OutputRing#MAX_RECORD_BYTES} in the ring; a full ring
 * holds the writer back until the host has read (so does a full socket).
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
    /** Where output goes when the host gave one; {@code null} sends it on the channel. */
    private final OutputRing ring;
    private final LongSupplier currentRequest;
    private final PrintStream diagnostics;
    private final Object bufferLock = new Object();
    private final Object sendLock = new Object();
    /**
     * Held to check the ring's room and write in it: output is written under {@link #sendLock}, a
     * message's mark under the channel's own lock ({@link #markMessage}), which output takes after
     * {@link #sendLock} (to wake the host): a third lock, taken last, keeps them from deadlock.
     */
    private final Object ringLock = new Object();
    /** What was written and not yet sent; under {@link #bufferLock}. */
    private List<Chunk> chunks = new ArrayList<>();
    /** The list {@link #chunks} is swapped with when a flush takes them; under {@link #sendLock}. */
    private List<Chunk> spare = new ArrayList<>();

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
    OutputCapture(MessageChannel channel, OutputRing ring, LongSupplier currentRequest, PrintStream diagnostics) {
        this.channel = channel;
        this.ring = ring;
        this.currentRequest = currentRequest;
        this.diagnostics = diagnostics;
        if (ring != null) {
            channel.markEachMessage(this::markMessage);
        }
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
                // Swapped, not copied: a println each flush, an allocation saved each.
                taken = chunks;
                chunks = spare;
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
            } finally {
                taken.clear();
                spare = taken;
            }
        }
    }

    private void send(long request, Chunk c) throws IOException {
        if (ring == null) {
            channel.sendOutput(request, c.stream, c.bytes, 0, c.length);
            return;
        }
        for (int off = 0; off < c.length; off += OutputRing.MAX_RECORD_BYTES) {
            int len = Math.min(OutputRing.MAX_RECORD_BYTES, c.length - off);
            put(request, c.stream, c.bytes, off, len);
        }
    }

    /**
     * Puts a mark in the ring before a message goes out on the channel (under the channel's lock),
     * so that the host gives the message on after what was written before it and before what is
     * written after. The message itself wakes the host, which then reads the ring up to its mark.
     */
    private void markMessage() {
        try {
            put(currentRequest.getAsLong(), null, null, 0, 0);
        } catch (IOException e) {
            // The host is gone: the message's own write fails next.
        }
    }

    /** How long a writer waits for room at most before it rings the host again (and learns whether it is gone). */
    private static final long WAIT_STEP_MAX_NANOS = 1_000_000;
    private static final long RING_AGAIN_NANOS = 100_000_000;

    /**
     * Puts a record ({@code stream} {@code null}: a mark) once the ring has room for it: the host
     * reads it as fast as the caller's stdout takes what it writes. A host that waits is woken; one
     * that is gone makes the wake-up fail with an {@link IOException}, and the output has nowhere to go.
     */
    private void put(long request, Output.Stream stream, byte[] b, int off, int len) throws IOException {
        long step = 1_000;
        long rangAt = System.nanoTime();
        boolean interrupted = false;
        try {
            while (true) {
                boolean put = false;
                boolean wake;
                // The host is woken outside the lock: the channel's lock comes before it on a mark's way.
                synchronized (ringLock) {
                    if (ring.hasRoom(len)) {
                        put = true;
                        if (stream == null) {
                            ring.putMark();
                            wake = false;
                        } else {
                            wake = ring.put(request, stream, b, off, len);
                        }
                    } else {
                        wake = ring.takeWakeDuty();
                    }
                }
                if (put) {
                    if (wake) {
                        wakeHost(request);
                    }
                    return;
                }
                if (wake || System.nanoTime() - rangAt > RING_AGAIN_NANOS) {
                    wakeHost(request);
                    rangAt = System.nanoTime();
                }
                // An interrupt is the program's, for later: here it would turn the wait into a spin.
                interrupted |= Thread.interrupted();
                LockSupport.parkNanos(step);
                step = Math.min(2 * step, WAIT_STEP_MAX_NANOS);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An empty {@link Output} on the channel: the host's reader then reads the ring. */
    private void wakeHost(long request) throws IOException {
        try {
            channel.sendOutput(request, Output.Stream.OUT, NOTHING, 0, 0);
        } catch (OutOfMemoryError e) {
            // Here, not in flush: flush would put the record in the ring a second time.
            MemoryReserve.release();
            channel.sendOutput(request, Output.Stream.OUT, NOTHING, 0, 0);
        }
    }

    private static final byte[] NOTHING = new byte[0];

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
