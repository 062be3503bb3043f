package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import org.junit.jupiter.api.Test;

class FramingTest {

    /** A GatheringByteChannel over a stream, as a socket channel is one. */
    static final class StreamChannel implements GatheringByteChannel {
        private final WritableByteChannel out;

        StreamChannel(ByteArrayOutputStream sink) {
            this.out = Channels.newChannel(sink);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += out.write(srcs[i]);
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return out.write(src);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    private static ReadableByteChannel in(byte[] bytes) {
        return Channels.newChannel(new ByteArrayInputStream(bytes));
    }

    @Test
    void framesRoundTripAndEndCleanly() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Framing writer = new Framing(1024);
        writer.write(new StreamChannel(sink), ByteBuffer.wrap("hello".getBytes()));
        writer.write(new StreamChannel(sink), ByteBuffer.wrap(new byte[0]));
        writer.write(new StreamChannel(sink), ByteBuffer.wrap(new byte[1000]));

        Framing reader = new Framing(1024);
        ReadableByteChannel ch = in(sink.toByteArray());
        ByteBuffer first = reader.read(ch);
        byte[] text = new byte[first.remaining()];
        first.get(text);
        assertThat(new String(text)).isEqualTo("hello");
        assertThat(reader.read(ch).remaining()).isZero();
        assertThat(reader.read(ch).remaining()).isEqualTo(1000);
        assertThat(reader.read(ch)).isNull();
    }

    @Test
    void aFrameOverTheCapIsRefusedBeforeItsPayloadIsRead() {
        // A header that announces 2 GiB, followed by a stream that would fail if anyone read on.
        byte[] header = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();
        InputStream poisoned = new InputStream() {
            int served;

            @Override
            public int read() {
                if (served < 4) {
                    return header[served++] & 0xFF;
                }
                throw new AssertionError("the payload of a frame over the cap was read");
            }
        };
        assertThatThrownBy(() -> new Framing(1 << 20).read(Channels.newChannel(poisoned)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("2147483647 bytes").hasMessageContaining("cap is 1048576");
    }

    @Test
    void aNegativeLengthIsRefused() {
        byte[] header = ByteBuffer.allocate(4).putInt(-5).array();
        assertThatThrownBy(() -> new Framing(1024).read(in(header)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("refused a frame");
    }

    @Test
    void aTruncatedHeaderOrPayloadIsAProtocolError() {
        assertThatThrownBy(() -> new Framing(1024).read(in(new byte[] {0, 0})))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("2 of 4 header bytes");
        byte[] partial = ByteBuffer.allocate(7).putInt(10).put(new byte[] {1, 2, 3}).array();
        assertThatThrownBy(() -> new Framing(1024).read(in(partial)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("3 of 10 payload bytes");
    }

    @Test
    void theWriterRefusesWhatTheReaderWouldRefuse() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new Framing(8).write(new StreamChannel(sink), ByteBuffer.allocate(9)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("over the frame cap");
        assertThat(sink.size()).isZero();
    }
}
