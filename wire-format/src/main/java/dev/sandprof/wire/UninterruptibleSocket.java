package dev.sandprof.wire;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connected socket's two directions as plain {@code read(2)} and {@code write(2)} on its file
 * descriptor. A {@link SocketChannel} is an interruptible channel: a thread interrupted while it
 * reads or writes, or that comes to it with its interrupt status set, closes the socket for good.
 * In the sandbox the threads that send are user code's (a reply after a snippet that interrupted
 * itself, output from a pool's worker that {@code shutdownNow()} interrupts, a benchmark's
 * iteration as Ctrl-C arrives), so an interrupt meant for the program would end the sandbox. The
 * {@code java.io} streams over the same descriptor ignore interrupts.
 *
 * <p>The descriptor comes from the JDK's {@code sun.nio.ch.SelChImpl}, a package that the JVMs
 * loading Chronicle Wire export already; where it is not exported, {@link #of} gives the channel
 * itself.
 */
final class UninterruptibleSocket implements ReadableByteChannel, GatheringByteChannel {

    private static final Method GET_FD = descriptorGetter();

    private final SocketChannel socket;
    private final FileInputStream in;
    private final FileOutputStream out;
    private final Object writeLock = new Object();
    private byte[] scratch = new byte[8192];
    private final byte[] readBuffer = new byte[64 * 1024];
    private int readPos;
    private int readLimit;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Reads and writes under way: the descriptor is closed only once none is, so that a read or
     * write never lands on a descriptor number the process has reused.
     */
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();

    private UninterruptibleSocket(SocketChannel socket, FileDescriptor fd) {
        this.socket = socket;
        this.in = new FileInputStream(fd);
        this.out = new FileOutputStream(fd);
    }

    /**
     * The connected, blocking {@code socket} read and written past interrupts, or {@code null} where
     * this JVM does not give its descriptor.
     */
    static UninterruptibleSocket of(SocketChannel socket) {
        if (GET_FD != null && socket.isBlocking()) {
            try {
                return new UninterruptibleSocket(socket, (FileDescriptor) GET_FD.invoke(socket));
            } catch (ReflectiveOperationException | ClassCastException e) {
                // not the JDK's own socket channel
            }
        }
        return null;
    }

    private static Method descriptorGetter() {
        try {
            Method m = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFD");
            return Object.class.getModule().isExported("sun.nio.ch", UninterruptibleSocket.class.getModule()) ? m : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Reads through a buffer: a stream of small frames (a program's output, a line a frame) costs
     * one {@code read(2)} for many frames rather than two for each (its header, then its payload).
     * One reader thread at a time, as {@link MessageChannel} has it.
     */
    @Override
    public int read(ByteBuffer into) throws IOException {
        if (!into.hasRemaining()) {
            return 0;
        }
        if (readPos == readLimit) {
            enter();
            try {
                if (into.remaining() >= readBuffer.length && into.hasArray()) {
                    // A large payload goes straight where it belongs.
                    int n = in.read(into.array(), into.arrayOffset() + into.position(), into.remaining());
                    if (n > 0) {
                        into.position(into.position() + n);
                    }
                    return n;
                }
                int n = in.read(readBuffer);
                if (n <= 0) {
                    return n;
                }
                readPos = 0;
                readLimit = n;
            } finally {
                leave();
            }
        }
        int n = Math.min(into.remaining(), readLimit - readPos);
        into.put(readBuffer, readPos, n);
        readPos += n;
        return n;
    }

    /** The bytes read from the socket and not yet taken by {@link #read}, as a read-only view. */
    ByteBuffer buffered() {
        return ByteBuffer.wrap(readBuffer, readPos, readLimit - readPos).asReadOnlyBuffer();
    }

    /** Writes all that remains in {@code sources} in one {@code write(2)} where the kernel takes it whole. */
    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        synchronized (writeLock) {
            enter();
            try {
                return writeAll(sources, offset, length);
            } finally {
                leave();
            }
        }
    }

    /** A source this large is written from its own array, not copied next to the others first. */
    private static final int OWN_WRITE_BYTES = 64 * 1024;

    private long writeAll(ByteBuffer[] sources, int offset, int length) throws IOException {
        long total = 0;
        int at = 0;
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer source = sources[i];
            int n = source.remaining();
            total += n;
            if (n >= OWN_WRITE_BYTES && source.hasArray()) {
                // A large piece of output (up to a MiB) is not copied into a buffer of its size:
                // what went before it goes out first, then it from where it lies.
                if (at > 0) {
                    out.write(scratch, 0, at);
                    at = 0;
                }
                out.write(source.array(), source.arrayOffset() + source.position(), n);
                source.position(source.limit());
                continue;
            }
            if (scratch.length - at < n) {
                if ((long) at + n > Integer.MAX_VALUE - 8) {
                    throw new IOException("a write of " + ((long) at + n) + " bytes is over what one array holds");
                }
                scratch = Arrays.copyOf(scratch, (int) Math.max((long) at + n, Math.min(Integer.MAX_VALUE - 8, scratch.length * 2L)));
            }
            source.get(scratch, at, n);
            at += n;
        }
        if (at > 0) {
            out.write(scratch, 0, at);
        }
        if (scratch.length > 1 << 20) {
            scratch = new byte[8192]; // a large frame's buffer is not kept for the small ones after it
        }
        return total;
    }

    @Override
    public long write(ByteBuffer[] sources) throws IOException {
        return write(sources, 0, sources.length);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        return (int) write(new ByteBuffer[] {source}, 0, 1);
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    /**
     * Shuts both directions down, which wakes a reader blocked in {@code read(2)} (closing the
     * descriptor would not) and a writer blocked in {@code write(2)} on a peer that reads no more,
     * and closes the socket once no read or write is under way.
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.shutdownInput();
            socket.shutdownOutput();
        } catch (IOException e) {
            // the peer has gone already
        }
        if (inUse.get() == 0) {
            release();
        }
    }

    private void enter() throws ClosedChannelException {
        inUse.incrementAndGet();
        if (closed.get()) {
            leave();
            throw new ClosedChannelException();
        }
    }

    /** The last read or write to end after a close closes the socket: a close that came first left it open. */
    private void leave() {
        if (inUse.decrementAndGet() == 0 && closed.get()) {
            release();
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a socket that was shut down: nothing is lost
            }
        }
    }
}
