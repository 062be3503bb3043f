package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handshake's own layout, with the launch secret the host checks before it sends anything. */
class HandshakeTest {

    private static final byte[] SECRET = secret(7);

    private static byte[] secret(int seed) {
        byte[] s = new byte[Handshake.SECRET_BYTES];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) (seed * 31 + i);
        }
        return s;
    }

    private static Handshake withSecret(byte[] secret) {
        return new Handshake(Handshake.PROTOCOL_VERSION, 4242, "17.0.15", 17, 3, List.of(Handshake.AGENT), secret);
    }

    @Test
    void theSecretRoundTripsAndIsProved() {
        Handshake back = Handshake.decode(withSecret(SECRET).encode());
        assertThat(back).isEqualTo(withSecret(SECRET));
        assertThat(back.pid()).isEqualTo(4242);
        assertThat(back.proves(SECRET)).isTrue();
    }

    @Test
    void anotherSecretOrAPartOfItProvesNothing() {
        Handshake h = Handshake.decode(withSecret(SECRET).encode());
        byte[] oneBitOff = SECRET.clone();
        oneBitOff[31] ^= 1;
        assertThat(h.proves(oneBitOff)).isFalse();
        assertThat(h.proves(secret(8))).isFalse();
        assertThat(h.proves(Arrays.copyOf(SECRET, 16))).isFalse();
        assertThat(Handshake.decode(withSecret(Arrays.copyOf(SECRET, 16)).encode()).proves(SECRET)).isFalse();
        assertThat(withSecret(SECRET).equals(withSecret(oneBitOff))).isFalse();
    }

    @Test
    void aHandshakeWithoutASecretProvesNothingNotEvenAnEmptySecret() {
        Handshake none = new Handshake(Handshake.PROTOCOL_VERSION, 1, "17", 17, 1, List.of());
        Handshake back = Handshake.decode(none.encode());
        assertThat(back).isEqualTo(none);
        assertThat(back.proves(SECRET)).isFalse();
        assertThat(back.proves(new byte[0])).isFalse();
    }

    @Test
    void theSecretNeverShowsInToString() {
        byte[] printable = "0123456789abcdefghijklmnopqrstuv".getBytes();
        String text = withSecret(printable).toString();
        assertThat(text).contains("secret: 32 bytes").doesNotContain("0123").doesNotContain(Arrays.toString(printable));
    }

    @Test
    void theSecretComesAfterTheFixedFieldsSoAnotherVersionIsStillNamed() {
        ByteBuffer b = withSecret(SECRET).encode();
        assertThat(b.getInt(0)).isEqualTo(Handshake.MAGIC);
        assertThat(b.getInt(4)).isEqualTo(Handshake.PROTOCOL_VERSION);
        assertThat(b.getLong(8)).isEqualTo(4242);
        assertThat(b.getInt(28)).isEqualTo(Handshake.SECRET_BYTES);
        assertThat(b.remaining()).isLessThan(Handshake.MAX_FRAME_BYTES);
    }

    @Test
    void aLengthLargerThanWhatIsLeftIsRefusedBeforeAnythingIsAllocated() {
        ByteBuffer b = withSecret(SECRET).encode();
        b.putInt(28, Integer.MAX_VALUE);
        assertThatThrownBy(() -> Handshake.decode(b)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("truncated handshake").hasMessageContaining("2147483647 bytes");
    }

    @Test
    void aNegativeLengthIsRefused() {
        ByteBuffer b = withSecret(SECRET).encode();
        b.putInt(28, -1);
        assertThatThrownBy(() -> Handshake.decode(b)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("truncated handshake").hasMessageContaining("4294967295 bytes");
    }

    @Test
    void bytesAfterTheLastFieldAreRefused() {
        ByteBuffer h = withSecret(SECRET).encode();
        ByteBuffer longer = ByteBuffer.allocate(h.remaining() + 3).put(h).put(new byte[3]).flip();
        assertThatThrownBy(() -> Handshake.decode(longer)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("3 bytes after its last field");
    }

    @Test
    void everyTruncationIsRefusedAsTruncated() {
        ByteBuffer whole = withSecret(SECRET).encode();
        for (int n = 0; n < whole.remaining(); n++) {
            ByteBuffer cut = whole.duplicate().limit(n);
            assertThatThrownBy(() -> Handshake.decode(cut)).as("cut to %d bytes", n)
                    .isInstanceOf(ProtocolException.class);
        }
    }
}
