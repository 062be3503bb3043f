package dev.sandprof.wire;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A program's output on its way from the sandbox to the host through memory both map: a ring of
 * records (request id, stream, bytes) in a file the host creates in the sandbox's private
 * directory. A write is a copy into the ring: no system call, as against one {@code sendmsg(2)}
 * for the sandbox and a share of a {@code read(2)} for the host per {@code println} on the
 * channel, which made a program's output under sandprof several times slower than under
 * {@code java}. What a write put in the ring is in the file's pages, which the host has mapped
 * too: it reaches the host still when the sandbox ends by {@code Runtime.halt}, a crash or SIGKILL
 * an instant later, as a write to a pipe would.
 *
 * <p>One writer (the sandbox, under a lock of its own) and one reader (the host, under a lock of
 * its own). The writer publishes how far it wrote, the reader how far it read; a reader about to
 * sleep says so ({@link #announceWait()}), and the first writer after that takes the duty to wake
 * it ({@link #put} returns {@code true}), over the channel. The host trusts nothing the sandbox
 * wrote: every position and record is checked, and a ring that breaks the layout is a
 * {@link ProtocolException}. A program that found the mapping (it is in no variable of its reach,
 * and its file is deleted once both have mapped it) could write only output through it, or break
 * its own sandbox, as it can by writing on the channel's descriptor: the ring carries no reply.
 *
 * <p>The ring also says where, among the output, each message went out on the channel: the writer
 * puts a mark ({@link #putMark}) just before it sends one, and the reader gives on nothing past a
 * mark until it has taken that mark's message from the channel and given it on ({@link #drain}).
 * So an event (a benchmark's iteration, say) is given on after everything written before it was
 * sent, and before everything written after, as it happened in the sandbox.
 *
 * <p>Layout: a page of positions (written up to, at offset 0; read up to, at 64; the reader
 * waits, at 128), then {@link #CAPACITY} bytes of records, each 4 bytes of length, 1 of stream
 * (0 out, 1 err, 2 a mark), 8 of request id (a mark's number, for a mark), then the bytes; a record
 * may wrap round the end.
 */
public final class OutputRing {

    /** The bytes of records the ring holds. */
    public static final int CAPACITY = 1 << 20;
    /** The most bytes of output one record carries: a larger write goes in pieces. */
    public static final int MAX_RECORD_BYTES = CAPACITY / 4;
    static final int RECORD_HEADER = 13;
    private static final int POSITIONS = 4096;
    private static final int WRITTEN = 0;
    private static final int READ = 64;
    private static final int WAITING = 128;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final MappedByteBuffer map;
    private final byte[] header = new byte[RECORD_HEADER];
    private final ByteBuffer headerView = ByteBuffer.wrap(header);
    /** The writer's own copy of how far it wrote; the reader's of how far it read. Neither trusts the other's. */
    private long position;
    /** The writer's: marks put. The reader's: marks read. Marks are numbered from 1, one after the other. */
    private long marks;
    /** The reader's: whether its last {@link #drain} stopped at a mark whose message has not come. */
    private boolean atMark;

    private OutputRing(MappedByteBuffer map) {
        this.map = map;
    }

    /** The host's side: a new ring in {@code file}, which must not exist. */
    public static OutputRing create(Path file) throws IOException {
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer map = f.map(FileChannel.MapMode.READ_WRITE, 0, POSITIONS + CAPACITY);
            return new OutputRing(map);
        }
    }

    /** The sandbox's side: the ring the host created in {@code file}. */
    public static OutputRing open(Path file) throws IOException {
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (f.size() != POSITIONS + CAPACITY) {
                throw new IOException(file + " is not an output ring: " + f.size() + " bytes");
            }
            return new OutputRing(f.map(FileChannel.MapMode.READ_WRITE, 0, POSITIONS + CAPACITY));
        }
    }

    // ---- the writer (the sandbox) ----

    /** Whether a record of {@code len} bytes of output fits now. */
    public boolean hasRoom(int len) {
        long read = (long) LONGS.getAcquire(map, READ);
        return CAPACITY - (position - read) >= RECORD_HEADER + len;
    }

    /**
     * Puts one record, which must fit ({@link #hasRoom}), and publishes it.
     *
     * @return whether the reader was waiting and this writer must now wake it
     */
    public boolean put(long requestId, Output.Stream stream, byte[] b, int off, int len) {
        if (len > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException(len + " bytes in one record: the most is " + MAX_RECORD_BYTES);
        }
        headerView.clear();
        headerView.putInt(len).put((byte) stream.ordinal()).putLong(requestId);
        copyIn(position, header, 0, RECORD_HEADER);
        copyIn(position + RECORD_HEADER, b, off, len);
        position += RECORD_HEADER + len;
        // Volatile both: the reader's announcement of a wait and this publication must not pass
        // each other, or the reader sleeps with a record unseen and nobody to wake it.
        LONGS.setVolatile(map, WRITTEN, position);
        return takeWakeDuty();
    }

    /**
     * Puts a mark, which must fit ({@code hasRoom(0)}): a message goes out on the channel next.
     * Marks are put in the order their messages are sent (under the channel's lock). A mark leaves
     * a waiting reader's wake-up to the next record of output: its message wakes the reader up to
     * the mark, and what comes after it must wake the reader again.
     */
    public void putMark() {
        headerView.clear();
        headerView.putInt(0).put(MARK).putLong(++marks);
        copyIn(position, header, 0, RECORD_HEADER);
        position += RECORD_HEADER;
        LONGS.setVolatile(map, WRITTEN, position);
    }

    private static final byte MARK = 2;

    /** Whether the reader was waiting and this caller now must wake it (the first to see it waiting does). */
    public boolean takeWakeDuty() {
        return (int) INTS.getVolatile(map, WAITING) == 1 && INTS.compareAndSet(map, WAITING, 1, 0);
    }

    private void copyIn(long at, byte[] b, int off, int len) {
        int p = (int) (at & (CAPACITY - 1));
        int first = Math.min(len, CAPACITY - p);
        map.put(POSITIONS + p, b, off, first);
        if (first < len) {
            map.put(POSITIONS, b, off + first, len - first);
        }
    }

    // ---- the reader (the host) ----

    /** What takes the records read, in the order written. */
    @FunctionalInterface
    public interface Records {
        void record(long requestId, Output.Stream stream, byte[] bytes);
    }

    /**
     * Reads every record published since the last call, gives each to {@code to} and frees its room,
     * up to the first mark of a message not yet taken.
     *
     * @param messagesTaken how many marked messages the reader has taken from the channel and given
     *     on ({@link Long#MAX_VALUE} once the channel has ended: the rest is read whole)
     * @return the bytes of output read, records' headers included (marks are not counted)
     * @throws ProtocolException when the ring is not in its layout: the writer broke it
     */
    public int drain(Records to, long messagesTaken) {
        long written = (long) LONGS.getVolatile(map, WRITTEN);
        if (written - position < 0 || written - position > CAPACITY) {
            throw new ProtocolException("the sandbox's output ring says it holds " + (written - position)
                    + " bytes, outside 0.." + CAPACITY);
        }
        long from = position;
        long markBytes = 0;
        atMark = false;
        while (position < written) {
            if (written - position < RECORD_HEADER) {
                throw new ProtocolException("the sandbox's output ring ends inside a record's header");
            }
            copyOut(position, header, 0, RECORD_HEADER);
            int len = headerView.getInt(0);
            byte stream = headerView.get(4);
            long requestId = headerView.getLong(5);
            if (len < 0 || len > MAX_RECORD_BYTES || len > written - position - RECORD_HEADER) {
                throw new ProtocolException("the sandbox's output ring holds a record of " + len + " bytes where "
                        + (written - position - RECORD_HEADER) + " are written (the most is " + MAX_RECORD_BYTES + ")");
            }
            if (stream == MARK) {
                if (len != 0 || requestId != marks + 1) {
                    throw new ProtocolException("the sandbox's output ring holds mark " + requestId + " of " + len
                            + " bytes where mark " + (marks + 1) + " of 0 bytes comes next");
                }
                if (requestId > messagesTaken) {
                    atMark = true;
                    break;
                }
                marks = requestId;
                position += RECORD_HEADER;
                markBytes += RECORD_HEADER;
                LONGS.setRelease(map, READ, position);
                continue;
            }
            if (stream != 0 && stream != 1) {
                throw new ProtocolException("the sandbox's output ring holds output to stream " + stream
                        + ", neither out (0), err (1) nor a mark (2)");
            }
            byte[] bytes = new byte[len];
            copyOut(position + RECORD_HEADER, bytes, 0, len);
            position += RECORD_HEADER + len;
            // Its room is free before the record is given on (written to a pipe, say): the writer
            // fills it meanwhile, instead of waiting for the whole drain.
            LONGS.setRelease(map, READ, position);
            to.record(requestId, stream == 0 ? Output.Stream.OUT : Output.Stream.ERR, bytes);
        }
        return (int) (position - from - markBytes);
    }

    /** Whether the last {@link #drain} stopped at the mark of a message not yet taken: the reader waits for it. */
    public boolean atMark() {
        return atMark;
    }

    /** The reader is about to sleep: the next writer wakes it. Check {@link #isEmpty()} after this, before sleeping. */
    public void announceWait() {
        INTS.setVolatile(map, WAITING, 1);
    }

    /** The reader is awake: writers need not wake it. */
    public void cancelWait() {
        INTS.setVolatile(map, WAITING, 0);
    }

    /** Whether the reader has read everything published. */
    public boolean isEmpty() {
        return (long) LONGS.getVolatile(map, WRITTEN) == position;
    }

    private void copyOut(long at, byte[] b, int off, int len) {
        int p = (int) (at & (CAPACITY - 1));
        int first = Math.min(len, CAPACITY - p);
        map.get(POSITIONS + p, b, off, first);
        if (first < len) {
            map.get(POSITIONS, b, off + first, len - first);
        }
    }
}
