package dev.sandprof.wire;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;

/**
 * Messages over a pair of byte channels (normally the two directions of one Unix-domain socket):
 * framing plus the codec. Sending is thread-safe, so replies and output events from several
 * threads never interleave inside a frame; receiving is for one reader thread.
 */
public final class MessageChannel implements Closeable {

    private final ReadableByteChannel in;
    private final GatheringByteChannel out;
    private final Framing inFraming;
    private final Framing outFraming;
    private final WireCodec inCodec = new WireCodec();
    private final WireCodec outCodec = new WireCodec();
    private final Object sendLock = new Object();
    private final ByteBuffer outputHeader = ByteBuffer.allocate(WireCodec.OUTPUT_HEADER_BYTES);
    /** Run before each message's frame is written, once it is encoded: see {@link #markEachMessage}. */
    private volatile Runnable beforeMessage;

    public MessageChannel(ReadableByteChannel in, GatheringByteChannel out, int maxFrameBytes) {
        this.in = in;
        this.out = out;
        this.inFraming = new Framing(maxFrameBytes);
        this.outFraming = new Framing(maxFrameBytes);
    }

    /**
     * Messages over a connected, blocking Unix-domain or TCP socket, read and written so that an
     * interrupt of the thread that sends or receives does not close it (see {@link UninterruptibleSocket}).
     */
    public static MessageChannel over(SocketChannel socket, int maxFrameBytes) {
        UninterruptibleSocket u = UninterruptibleSocket.of(socket);
        return u == null ? new MessageChannel(socket, socket, maxFrameBytes) : new MessageChannel(u, u, maxFrameBytes);
    }

    /** Sends one message; safe to call from any thread. */
    public void send(Message message) throws IOException {
        synchronized (sendLock) {
            ByteBuffer frame = outCodec.encode(message);
            Runnable mark = beforeMessage;
            if (mark != null) {
                mark.run();
            }
            outFraming.write(out, frame);
        }
    }

    /**
     * Has {@code mark} run before each message that {@link #send} writes (not {@link #sendOutput}'s
     * nor the handshake's), once it is encoded (one that fails to encode is not marked), under this
     * channel's lock: in the order the messages go out. The sandbox marks its output ring so.
     */
    public void markEachMessage(Runnable mark) {
        beforeMessage = mark;
    }

    /**
     * Sends {@code len} bytes of {@code b} as one {@link Output} event, as {@link #send} would send
     * {@code new Output(requestId, stream, copy)}, without the copy; safe to call from any thread.
     */
    public void sendOutput(long requestId, Output.Stream stream, byte[] b, int off, int len) throws IOException {
        synchronized (sendLock) {
            outputHeader.clear();
            WireCodec.putOutputHeader(outputHeader, requestId, stream);
            outFraming.write(out, outputHeader.flip(), ByteBuffer.wrap(b, off, len));
        }
    }

    /**
     * Whether the next frame has been read from the channel already, whole: {@link #receive()}
     * would return without waiting for the peer. A reader that holds something back (output to
     * pass on in one write rather than many) must let it go when this is {@code false}.
     */
    public boolean frameReady() {
        return in instanceof UninterruptibleSocket && Framing.holdsFrame(((UninterruptibleSocket) in).buffered());
    }

    /** Sends the handshake in its own fixed layout; the first frame of a connection. */
    public void sendHandshake(Handshake handshake) throws IOException {
        synchronized (sendLock) {
            outFraming.write(out, handshake.encode());
        }
    }

    /**
     * Receives the handshake: the first frame of a connection.
     *
     * @throws ProtocolException when the channel ends first or the peer is not of this version
     */
    public Handshake receiveHandshake() throws IOException {
        ByteBuffer frame = inFraming.read(in);
        if (frame == null) {
            throw new ProtocolException("the channel closed before the sandbox sent its handshake");
        }
        return Handshake.decode(frame);
    }

    /**
     * Receives the next message.
     *
     * @return the message, or {@code null} when the peer closed the channel between frames
     * @throws ProtocolException for a malformed, truncated, oversized or forbidden frame
     */
    public Message receive() throws IOException {
        ByteBuffer frame = inFraming.read(in);
        return frame == null ? null : inCodec.decode(frame);
    }

    /**
     * Receives the next message, as {@link #receive()} does, but a frame whose decoding ran out of
     * memory is not lost: it is decoded again, up to {@code attempts} times in all, each time after
     * {@code beforeRetry} (which frees what it can, or waits for the heap to have room). For a
     * reader in a JVM whose heap someone else fills: the sandbox's, where the program may catch its
     * {@code OutOfMemoryError} and go on.
     *
     * @throws MalformedFrameException as {@link #receive()}; with an {@link OutOfMemoryError} as
     *     its cause when the last attempt ran out of memory too
     */
    public Message receive(Runnable beforeRetry, int attempts) throws IOException {
        ByteBuffer frame = inFraming.read(in);
        if (frame == null) {
            return null;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return inCodec.decode(frame);
            } catch (MalformedFrameException e) {
                if (!(e.getCause() instanceof OutOfMemoryError) || attempt >= attempts) {
                    throw e;
                }
            } catch (OutOfMemoryError e) {
                // The frame's copy could not even be made.
                if (attempt >= attempts) {
                    throw new MalformedFrameException("frame of " + frame.remaining()
                            + " bytes not decoded: no room in the heap for it", e);
                }
            }
            beforeRetry.run();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            out.close();
        }
    }
}
