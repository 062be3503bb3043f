package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * jqwik properties of the framing: frames of generated sizes, the cap's edges among them (0, 1,
 * cap − 1, cap), read back exactly, in order, over reads of any size; one byte over the cap is
 * refused by the writer and, from its header alone, by the reader.
 */
class FramingPropertyTest {

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return Arbitraries.integers().between(0, 4096)
                .edgeCases(e -> e.add(0).add(1).add(4095).add(4096)).list().ofMaxSize(12);
    }

    @Property(tries = 300)
    void framesRoundTripAtAnySizeUpToTheCap(@ForAll("sizes") List<Integer> sizes,
                                            @ForAll @IntRange(min = 1, max = 64) int chunk) throws IOException {
        int cap = 4096;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Framing writer = new Framing(cap);
        for (int i = 0; i < sizes.size(); i++) {
            writer.write(new FramingTest.StreamChannel(sink), ByteBuffer.wrap(payload(i, sizes.get(i))));
        }
        Framing reader = new Framing(cap);
        FramingFuzzTest.ShortReads in = new FramingFuzzTest.ShortReads(sink.toByteArray(), chunk);
        for (int i = 0; i < sizes.size(); i++) {
            ByteBuffer frame = reader.read(in);
            byte[] got = new byte[frame.remaining()];
            frame.get(got);
            assertThat(got).isEqualTo(payload(i, sizes.get(i)));
        }
        assertThat(reader.read(in)).isNull();
    }

    @Property(tries = 100)
    void oneByteOverTheCapIsRefusedByBothSides(@ForAll @IntRange(min = 1, max = 1 << 16) int cap) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new Framing(cap).write(new FramingTest.StreamChannel(sink), ByteBuffer.allocate(cap + 1)))
                .isInstanceOf(ProtocolException.class);
        byte[] header = ByteBuffer.allocate(4).putInt(cap + 1).array();
        assertThatThrownBy(() -> new Framing(cap).read(Channels.newChannel(new ByteArrayInputStream(header))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("cap is " + cap);
    }

    private static byte[] payload(int index, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (index * 31 + i);
        }
        return b;
    }
}
