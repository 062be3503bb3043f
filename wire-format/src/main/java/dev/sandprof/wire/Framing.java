package dev.sandprof.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * Frames on a byte channel: a 4-byte big-endian payload length, then the payload. A frame longer
 * than the cap is refused from its header alone, before any of its payload is read or buffered,
 * so a broken or hostile peer cannot make the reader allocate without bound.
 *
 * <p>One instance serves one direction of one channel: it reuses its buffers and is not
 * thread-safe.
 */
public final class Framing {

    /** The default cap: large enough for the class files of a big program, small enough to hold. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;

    private final int maxFrameBytes;
    private final ByteBuffer header = ByteBuffer.allocate(4);
    private ByteBuffer payload = ByteBuffer.allocate(4096);

    public Framing(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Writes one frame.
     *
     * @throws ProtocolException when the payload is over the cap: the peer would refuse it
     */
    public void write(GatheringByteChannel channel, ByteBuffer body) throws IOException {
        int length = body.remaining();
        checkCap(length);
        header.clear();
        header.putInt(length).flip();
        ByteBuffer[] both = {header, body};
        while (header.hasRemaining() || body.hasRemaining()) {
            channel.write(both);
        }
    }

    /**
     * Writes one frame whose payload is {@code head} then {@code body}, without copying them into
     * one buffer first.
     *
     * @throws ProtocolException when the payload is over the cap: the peer would refuse it
     */
    public void write(GatheringByteChannel channel, ByteBuffer head, ByteBuffer body) throws IOException {
        long length = (long) head.remaining() + body.remaining();
        checkCap(length);
        header.clear();
        header.putInt((int) length).flip();
        ByteBuffer[] all = {header, head, body};
        while (header.hasRemaining() || head.hasRemaining() || body.hasRemaining()) {
            channel.write(all);
        }
    }

    private void checkCap(long length) {
        if (length > maxFrameBytes) {
            throw new ProtocolException("a message of " + length + " bytes is over the frame cap of "
                    + maxFrameBytes + " bytes: ship fewer classes at a time or use a class path entry");
        }
    }

    /**
     * Whether {@code buffered} (bytes read from a channel and not yet taken) starts with a whole
     * frame: a read of it would not wait for the channel.
     */
    static boolean holdsFrame(ByteBuffer buffered) {
        if (buffered.remaining() < 4) {
            return false;
        }
        int length = buffered.getInt(buffered.position());
        return length >= 0 && buffered.remaining() - 4 >= length;
    }

    /**
     * Reads one frame's payload into a buffer that stays valid until the next read.
     *
     * @return the payload, or {@code null} when the channel ended cleanly between frames
     * @throws ProtocolException for a frame over the cap, a negative length or a truncated frame
     * @throws EOFException never: a channel ending inside a frame is a {@link ProtocolException}
     */
    public ByteBuffer read(ReadableByteChannel channel) throws IOException {
        header.clear();
        if (!readFully(channel, header)) {
            if (header.position() == 0) {
                return null;
            }
            throw new ProtocolException("truncated frame: the channel ended after "
                    + header.position() + " of 4 header bytes");
        }
        int length = header.getInt(0);
        if (length < 0 || length > maxFrameBytes) {
            throw new ProtocolException("refused a frame of " + Integer.toUnsignedString(length)
                    + " bytes: the cap is " + maxFrameBytes + " bytes");
        }
        // The buffer grows with the bytes that come, not with what the header claims: a peer that
        // announces a frame just under the cap and sends nothing more costs no more than it sent.
        payload.clear().limit(Math.min(length, payload.capacity()));
        while (payload.position() < length) {
            if (!payload.hasRemaining()) {
                int grown = (int) Math.min(length, 2L * payload.capacity());
                payload = ByteBuffer.allocate(grown).put(payload.flip());
                payload.limit(Math.min(length, payload.capacity()));
            }
            if (channel.read(payload) < 0) {
                throw new ProtocolException("truncated frame: the channel ended after "
                        + payload.position() + " of " + length + " payload bytes");
            }
        }
        return payload.flip();
    }

    /** The payload buffer's size: what reading has cost so far (for the fuzz tests). */
    int bufferCapacity() {
        return payload.capacity();
    }

    private static boolean readFully(ReadableByteChannel channel, ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                return false;
            }
        }
        return true;
    }
}
