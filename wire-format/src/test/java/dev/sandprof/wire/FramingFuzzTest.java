package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * Fuzzes {@link Framing#read}: any byte stream, delivered in short reads, gives whole frames, then
 * a clean end or a {@link ProtocolException}, never another exception; the buffer grows with the
 * bytes that came, not with what a header claims; and the frames read, framed again, are exactly
 * the bytes they came from.
 *
 * <p>Seeds: {@code src/test/resources/dev/sandprof/wire/FramingFuzzTestInputs/readsAnyStream/}
 * (written by {@link FuzzSeedsTest}). Fuzz with the command in the README's "Fuzzing" section.
 */
class FramingFuzzTest {

    /** The cap of a small reader, so that frames at and past its edge are easy to reach. */
    static final int SMALL_CAP = 64;

    @FuzzTest(maxDuration = "10m")
    void readsAnyStream(byte[] stream) throws IOException {
        // Reads of 1 to 8 bytes: a socket hands over what it has, not whole frames.
        int chunk = 1 + (stream.length % 8);
        readAll(stream, new Framing(Framing.DEFAULT_MAX_FRAME_BYTES), chunk);
        readAll(stream, new Framing(SMALL_CAP), chunk);
    }

    private static void readAll(byte[] stream, Framing framing, int chunk) throws IOException {
        ShortReads in = new ShortReads(stream, chunk);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        Framing writer = new Framing(framing.maxFrameBytes());
        try {
            ByteBuffer frame;
            while ((frame = framing.read(in)) != null) {
                assertThat(frame.remaining()).isLessThanOrEqualTo(framing.maxFrameBytes());
                writer.write(new FramingTest.StreamChannel(again), frame);
                assertThat(framing.bufferCapacity()).isLessThanOrEqualTo(Math.max(4096, 2 * in.served()));
            }
            assertThat(in.served()).isEqualTo(stream.length);
        } catch (ProtocolException expected) {
            // refused: over the cap, negative or truncated
        }
        // Growth follows what came, whatever happened: a lying header costs nothing up front.
        assertThat(framing.bufferCapacity()).isLessThanOrEqualTo(Math.max(4096, 2 * in.served()));
        byte[] reframed = again.toByteArray();
        assertThat(reframed).isEqualTo(Arrays.copyOf(stream, reframed.length));
    }

    /** A channel over bytes that gives at most {@code chunk} bytes a read, like a socket under load. */
    static final class ShortReads implements ReadableByteChannel {
        private final byte[] bytes;
        private final int chunk;
        private int position;

        ShortReads(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        int served() {
            return position;
        }

        @Override
        public int read(ByteBuffer into) {
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(chunk, into.remaining()), bytes.length - position);
            into.put(bytes, position, n);
            position += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
