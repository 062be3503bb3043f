package dev.sandprof.wire;

import java.nio.ByteBuffer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;

/**
 * Encodes and decodes messages with Chronicle Wire's binary format. Every type tag is resolved
 * through {@link ProtocolClasses}, so decoding instantiates nothing but the protocol's own
 * classes. One instance serves one direction: it reuses its encoding and decoding buffers, so callers
 * serialise their use of it.
 */
public final class WireCodec {

    /** Frames up to this size are decoded from {@link #frameBuffer}; larger ones from a buffer of their own. */
    private static final int RETAINED_FRAME_BYTES = 1 << 20;

    private final Bytes<ByteBuffer> bytes = Bytes.elasticHeapByteBuffer(512);
    private final Wire wire = WireType.BINARY_LIGHT.apply(bytes);
    private ByteBuffer frameBuffer = ByteBuffer.allocateDirect(4096);

    public WireCodec() {
        wire.classLookup(ProtocolClasses.INSTANCE);
        // Callers serialise access with their own lock (MessageChannel); Chronicle's owner-thread
        // check would otherwise refuse a codec handed from one sending thread to the next.
        bytes.singleThreadedCheckDisabled(true);
    }

    /** Encodes a message into a buffer that stays valid until this codec's next call. */
    public ByteBuffer encode(Message message) {
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
        // A buffer of exactly the frame's size: Chronicle trusts the lengths inside a frame (a nested
        // object sets the read limit from its own), and over an elastic buffer a lying length let it
        // read on past the frame into zeros, building a string of a billion characters (found by
        // WireCodecFuzzTest: 18 s, then OutOfMemoryError). Here such a length is an exception at once.
        //
        // And off-heap memory, not a byte[]: over heap memory Chronicle reads a field name by forcing
        // its reused StringBuilder's coder to Latin-1 without converting the array (Chronicle Core's
        // StringUtils.setLength), so a builder that last held text beyond Latin-1 takes its UTF-16
        // array as Latin-1 capacity, and the next such text inflates it to twice its size. A message
        // with a few dozen short non-Latin-1 strings (an exception's frames and causes) doubled the
        // builder to gigabytes: seconds, then OutOfMemoryError (found by WireCodecPropertyTest). Its
        // off-heap readers keep the builder's coder (WireCodecTest).
        // Not released after use: a released store hands its ByteBuffer to Chronicle's cleaner, and
        // this one is the codec's; the wrapper holds no memory of its own, so the collector takes it.
        Bytes<ByteBuffer> in = Bytes.wrapForRead(directCopy(payload, length));
        in.singleThreadedCheckDisabled(true);
        Wire reader = WireType.BINARY_LIGHT.apply(in);
        reader.classLookup(ProtocolClasses.INSTANCE);
        Object decoded;
        try {
            decoded = reader.getValueIn().object();
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            // AssertionError: Chronicle checks some lengths with assert (a 1-byte frame 0x80 gives
            // "len: -1" under -ea; found by ReplyReaderFuzzTest, where it killed the reader thread).
            throw new MalformedFrameException("malformed frame of " + length + " bytes refused: " + describe(e), e);
        } catch (OutOfMemoryError e) {
            // Kept as a guard, though the one valid input known to do this (a message with many
            // non-Latin-1 strings, over heap memory: above) decodes now. Whatever the decoder built
            // dies with this frame; a reader that stopped here would leave every call waiting forever.
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

    /** The payload in direct memory: a slice of exactly {@code length} bytes. */
    private ByteBuffer directCopy(ByteBuffer payload, int length) {
        ByteBuffer target;
        if (length > RETAINED_FRAME_BYTES) {
            target = ByteBuffer.allocateDirect(length); // rare; the collector frees it, a codec keeps no more than 1 MiB
        } else {
            if (length > frameBuffer.capacity()) {
                frameBuffer = ByteBuffer.allocateDirect(Math.min(RETAINED_FRAME_BYTES, Math.max(length, 2 * frameBuffer.capacity())));
            }
            target = frameBuffer;
        }
        target.clear();
        target.put(payload.duplicate()).flip();
        return target.slice();
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
