package dev.sandprof.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Copies an interpreter's stdin ({@link dev.sandprof.host.SandboxOptions#stdin()}) into the stdin
 * pipe of the sandbox it has handed out, on a daemon thread of its own: from the moment the sandbox
 * is handed out or, {@linkplain dev.sandprof.host.SandboxOptions#stdinOnDemand() on demand}, from
 * its program's first read of {@code System.in} on. The pipe paces it: a write
 * waits while the pipe is full, so the source is read ahead of the program by at most the pipe's
 * capacity and one chunk. At the source's end the pipe is closed, and so is every pipe attached
 * afterwards: the program sees the end of its input. When a sandbox is replaced, copying goes on
 * into the next one's pipe; a chunk whose write failed (its sandbox ended) is dropped, since how
 * much of it the pipe took is unknown.
 *
 * <p>Nothing waits for this thread: it may stay blocked in a read of the source (a terminal)
 * when its interpreter closes or the host exits.
 */
final class StdinForwarder {

    /** What one read of the source asks for: the Linux pipe's default capacity. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final InputStream source;
    private final boolean onDemand;
    private final OutputStream diagnostics;
    private final Object lock = new Object();
    /** The pipe of the sandbox handed out last. */
    private OutputStream handedOut;
    /** The pipe written to: the one handed out, once it wants input, until a write to it fails. */
    private OutputStream target;
    /** The source has ended: every pipe is closed as it comes. */
    private boolean ended;
    private boolean closed;
    private Thread thread;

    /**
     * @param onDemand whether a sandbox gets input only once its program asks for it
     * @param diagnostics where a failed read of the source is said (the sandbox's stderr)
     */
    StdinForwarder(InputStream source, boolean onDemand, OutputStream diagnostics) {
        this.source = source;
        this.onDemand = onDemand;
        this.diagnostics = diagnostics;
    }

    /**
     * The sandbox now handed out: what the source gives from now on goes to its stdin pipe, at
     * once, or on demand once {@code wanted} completes (its program read {@code System.in}).
     */
    void handOut(OutputStream pipe, CompletableFuture<Void> wanted) {
        synchronized (lock) {
            if (ended || closed) {
                closeQuietly(pipe); // the end of input, at once
                return;
            }
            handedOut = pipe;
            target = null;
        }
        if (onDemand) {
            wanted.thenRun(() -> wanted(pipe));
        } else {
            wanted(pipe);
        }
    }

    private void wanted(OutputStream pipe) {
        synchronized (lock) {
            if (handedOut != pipe || ended || closed) {
                return; // another sandbox has been handed out since
            }
            target = pipe;
            lock.notifyAll();
            if (thread == null) {
                thread = new Thread(this::copy, "sandprof-stdin");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    /** No pipe is written after this; a read in progress finishes on its own and is dropped. */
    void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }

    private void copy() {
        byte[] chunk = new byte[CHUNK_BYTES];
        try {
            while (awaitTarget() != null) {
                int n = read(chunk);
                if (n < 0) {
                    break;
                }
                // The sandbox may have been replaced during the read: the chunk goes to the current one.
                OutputStream to = awaitTarget();
                if (to == null) {
                    return;
                }
                try {
                    to.write(chunk, 0, n);
                    to.flush();
                } catch (IOException e) {
                    lost(to); // its sandbox ended; the next one reads on from the next chunk
                }
            }
            end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the bytes read, or -1 at the source's end or when a read of it failed (said on stderr) */
    private int read(byte[] chunk) {
        try {
            int n;
            do {
                n = source.read(chunk, 0, chunk.length);
            } while (n == 0);
            return n;
        } catch (IOException | RuntimeException e) {
            byte[] line = ("sandprof: reading stdin failed: " + e + "; the program's stdin ends here\n")
                    .getBytes(StandardCharsets.UTF_8);
            SandboxProcess.write(diagnostics, line, 0, line.length);
            return -1;
        }
    }

    /** The pipe to write to, once there is one; {@code null} once closed. */
    private OutputStream awaitTarget() throws InterruptedException {
        synchronized (lock) {
            // An idle wait between sandboxes: it ends with the next sandbox handed out, or with close().
            while (target == null && !closed) {
                lock.wait();
            }
            return closed ? null : target;
        }
    }

    private void lost(OutputStream pipe) {
        synchronized (lock) {
            if (target == pipe) {
                target = null;
            }
        }
        closeQuietly(pipe);
    }

    private void end() {
        OutputStream last;
        synchronized (lock) {
            ended = true;
            last = handedOut;
            handedOut = null;
            target = null;
        }
        if (last != null) {
            closeQuietly(last);
        }
    }

    private static void closeQuietly(OutputStream pipe) {
        try {
            pipe.close();
        } catch (IOException ignored) {
            // its sandbox has ended: the pipe is gone with it
        }
    }
}
