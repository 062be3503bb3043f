package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Fuzzes {@link WireCodec#decode}: any frame's payload gives a message or a
 * {@link MalformedFrameException}, never another exception or error; a message it accepts can be
 * printed, encoded and decoded again to an equal one; and the codec, reused as the reader reuses
 * it, still decodes a good frame after whatever came before. Seeded with a valid encoding of every
 * message type ({@link FuzzSeedsTest}).
 */
class WireCodecFuzzTest {

    /** One codec for every input, as one channel's reader keeps one. */
    private static final WireCodec CODEC = new WireCodec();
    private static final WireCodec OTHER = new WireCodec();

    @FuzzTest(maxDuration = "10m")
    void decodesAnyFrame(byte[] payload) {
        Message m;
        try {
            m = CODEC.decode(ByteBuffer.wrap(payload));
        } catch (MalformedFrameException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            // Inputs are a few KiB: running out of memory on one is a decoder that runs away (it did,
            // on text beyond Latin-1: DecodingWire).
            assertThat(refused.getMessage()).doesNotContain("ran out of memory");
            m = null;
        }
        if (m != null) {
            assertThat(m.toString()).isNotEmpty();
            assertThat(OTHER.decode(OTHER.encode(m))).isEqualTo(m);
        }
        assertThat(CODEC.decode(OTHER.encode(new Ping(7)))).isEqualTo(new Ping(7));
    }
}
