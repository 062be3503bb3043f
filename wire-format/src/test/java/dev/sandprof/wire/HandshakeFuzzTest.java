package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Fuzzes {@link Handshake#decode}: any first frame gives a handshake or a {@link ProtocolException},
 * never another exception nor an allocation a lying length asks for; and what it accepts encodes
 * to a frame that decodes to the same handshake. The seeds are made by {@link Handshake#encode()},
 * so they follow the layout whatever it becomes ({@link FuzzSeedsTest}).
 */
class HandshakeFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void decodesAnyHandshake(byte[] frame) {
        Handshake h;
        try {
            h = Handshake.decode(ByteBuffer.wrap(frame));
        } catch (ProtocolException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(h.toString()).isNotEmpty();
        assertThat(Handshake.decode(h.encode())).isEqualTo(h);
    }
}
