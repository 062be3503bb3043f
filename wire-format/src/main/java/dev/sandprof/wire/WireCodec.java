package dev.sandprof.wire;

import java.nio.ByteBuffer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;

/**
 * Encodes and decodes messages with Chronicle Wire's binary format. Every type tag is resolved
 * through {@link ProtocolClasses}, so decoding instantiates nothing but the protocol's own
 * classes. One instance serves one direction: it reuses its encoding buffer, so callers serialise their use of it.
 *
 * <p>{@link Output} alone has a layout of its own, as it is the one message a program can make by
 * the hundred thousand a second (a {@code println} each): {@link #OUTPUT_TAG}, the stream (0 for
 * out, 1 for err), the request id (8 bytes, big-endian), then the bytes as written, to the frame's
 * end. Chronicle took some 6 µs to decode one on the host (its C1-only JVM), which made a
 * program's output 5-7 times slower than under {@code java}; this layout is read with one copy. A
 * Chronicle message starts with its type prefix ({@code 0xB6}), never with the tag: a frame starting
 * with {@code 0x01} was refused before ("not a message", the number 1).
 */
public final class WireCodec {

    /** The first byte of a frame in {@link Output}'s own layout. */
    public static final byte OUTPUT_TAG = 0x01;
    /** The bytes of that layout before the output: the tag, the stream, the request id. */
    public static final int OUTPUT_HEADER_BYTES = 10;

    private final Bytes<ByteBuffer> bytes = Bytes.elasticHeapByteBuffer(512);
    private final Wire wire = WireType.BINARY_LIGHT.apply(bytes);

    public WireCodec() {
        wire.classLookup(ProtocolClasses.INSTANCE);
        // Callers serialise access with their own lock (MessageChannel); Chronicle's owner-thread
        // check would otherwise refuse a codec handed from one sending thread to the next.
        bytes.singleThreadedCheckDisabled(true);
    }

    /** Encodes a message into a buffer that stays valid until this codec's next call. */
    public ByteBuffer encode(Message message) {
        if (message instanceof Output) {
            Output o = (Output) message;
            ByteBuffer out = ByteBuffer.allocate(OUTPUT_HEADER_BYTES + o.bytes().length);
            putOutputHeader(out, o.requestId(), o.stream());
            return out.put(o.bytes()).flip();
        }
        bytes.clear();
        wire.getValueOut().object(message);
        ByteBuffer out = bytes.underlyingObject().duplicate();
        out.limit((int) bytes.writePosition()).position(0);
        return out;
    }

    /**
     * Decodes one message from a frame's payload.
     *
     * @throws MalformedFrameException when the payload is not a protocol message: unknown or forbidden
     *     type, truncated, or not Chronicle Wire at all
     */
    public Message decode(ByteBuffer payload) {
        int length = payload.remaining();
        if (length > 0 && payload.get(payload.position()) == OUTPUT_TAG) {
            return decodeOutput(payload);
        }
        byte[] frame = new byte[length];
        payload.duplicate().get(frame);
        // A buffer of exactly the frame's size: Chronicle trusts the lengths inside a frame (a nested
        // object sets the read limit from its own), and over an elastic buffer a lying length let it
        // read on past the frame into zeros, building a string of a billion characters (found by
        // WireCodecFuzzTest: 18 s, then OutOfMemoryError). Here such a length is an exception at once.
        Bytes<byte[]> in = Bytes.wrapForRead(frame);
        in.singleThreadedCheckDisabled(true);
        Wire reader = new DecodingWire(in);
        reader.classLookup(ProtocolClasses.INSTANCE);
        Object decoded;
        try {
            decoded = reader.getValueIn().object();
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            // AssertionError: Chronicle checks some lengths with assert (a 1-byte frame 0x80 gives
            // "len: -1" under -ea; found by ReplyReaderFuzzTest, where it killed the reader thread).
            throw new MalformedFrameException("malformed frame of " + length + " bytes refused: " + describe(e), e);
        } catch (OutOfMemoryError e) {
            // A frame near the cap may hold more text than the heap has room for (and before
            // DecodingWire, Chronicle's scratch buffer doubled at each string beyond Latin-1). What
            // was built dies with this frame; a reader that stopped here instead would leave every
            // call waiting forever.
            throw new MalformedFrameException("frame of " + length + " bytes refused: decoding it ran out of memory ("
                    + e.getMessage() + ")", e);
        }
        if (!(decoded instanceof Message)) {
            throw new MalformedFrameException("malformed frame of " + length + " bytes refused: it holds "
                    + (decoded == null ? "nothing" : "a " + decoded.getClass().getSimpleName())
                    + ", not a message");
        }
        return (Message) decoded;
    }

    /** Puts the layout's header (tag, stream, request id) for output that follows it. */
    static void putOutputHeader(ByteBuffer into, long requestId, Output.Stream stream) {
        into.put(OUTPUT_TAG).put((byte) stream.ordinal()).putLong(requestId);
    }

    private static Output decodeOutput(ByteBuffer payload) {
        int length = payload.remaining();
        if (length < OUTPUT_HEADER_BYTES) {
            throw new MalformedFrameException("malformed frame of " + length + " bytes refused: output needs "
                    + OUTPUT_HEADER_BYTES + " bytes before its text");
        }
        ByteBuffer in = payload.duplicate();
        in.get();
        int stream = in.get();
        if (stream != 0 && stream != 1) {
            throw new MalformedFrameException("malformed frame of " + length + " bytes refused: output to stream "
                    + stream + ", neither out (0) nor err (1)");
        }
        long requestId = in.getLong();
        byte[] written;
        try {
            written = new byte[in.remaining()];
        } catch (OutOfMemoryError e) {
            throw new MalformedFrameException("frame of " + length + " bytes refused: no room in the heap for its output", e);
        }
        in.get(written);
        return new Output(requestId, stream == 0 ? Output.Stream.OUT : Output.Stream.ERR, written);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
