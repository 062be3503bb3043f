package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fuzz targets' seed corpus, made from the current code: every message type's encoding, a
 * handshake from {@link Handshake#encode()}, streams of frames at the caps' edges, and the inputs
 * of past findings. Jazzer runs the committed files in regression mode (every {@code mvn verify});
 * this test checks they are still what the code makes, and rewrites them when run with
 * {@code -Dsandprof.fuzz.writeSeeds=true}:
 * {@code mvn -B -pl wire-format test -Dtest=FuzzSeedsTest -Dsandprof.fuzz.writeSeeds=true}.
 * Files it does not make (crash inputs copied from a fuzz run) are left alone.
 */
class FuzzSeedsTest {

    private static final Path INPUTS = Path.of("src/test/resources/dev/sandprof/wire");

    static Map<String, byte[]> codecSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        WireCodec codec = new WireCodec();
        List<Message> all = WireCodecTest.everyMessage().collect(Collectors.toList());
        for (int i = 0; i < all.size(); i++) {
            seeds.put(String.format("%02d-%s", i, all.get(i).getClass().getSimpleName()), bytes(codec.encode(all.get(i))));
        }
        return seeds;
    }

    static Map<String, byte[]> handshakeSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("valid", bytes(new Handshake(Handshake.PROTOCOL_VERSION, 4242, "17.0.15", 17, 77,
                List.of(Handshake.AGENT, "x")).encode()));
        seeds.put("no-capabilities", bytes(new Handshake(Handshake.PROTOCOL_VERSION, 1, "25.0.1", 25, -1, List.of()).encode()));
        seeds.put("other-version", bytes(new Handshake(99, 1, "17", 17, 1, List.of()).encode()));
        // Findings: a string length that is negative, or larger than the frame (it was allocated first).
        seeds.put("regression-negative-string-length", withStringLength(-7));
        seeds.put("regression-lying-string-length", withStringLength(Integer.MAX_VALUE - 8));
        return seeds;
    }

    static Map<String, byte[]> framingSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        ByteArrayOutputStream every = new ByteArrayOutputStream();
        codecSeeds().values().forEach(payload -> frame(every, payload.length, payload));
        seeds.put("every-message", every.toByteArray());
        ByteArrayOutputStream edges = new ByteArrayOutputStream();
        frame(edges, 0, new byte[0]);
        frame(edges, FramingFuzzTest.SMALL_CAP, new byte[FramingFuzzTest.SMALL_CAP]);
        frame(edges, FramingFuzzTest.SMALL_CAP + 1, new byte[FramingFuzzTest.SMALL_CAP + 1]);
        seeds.put("small-cap-edges", edges.toByteArray());
        seeds.put("negative-length", header(-1));
        seeds.put("over-the-cap", header(Framing.DEFAULT_MAX_FRAME_BYTES + 1));
        seeds.put("truncated-header", new byte[] {0, 0, 1});
        seeds.put("truncated-payload", framed(10, new byte[] {1, 2, 3}));
        // Finding: a header announcing a frame just under the cap made the reader allocate it all at once.
        seeds.put("regression-lying-length", framed(Framing.DEFAULT_MAX_FRAME_BYTES, new byte[] {1, 2, 3, 4}));
        return seeds;
    }

    @Test
    void committedSeedsAreWhatTheCodeMakes() throws IOException {
        boolean write = Boolean.getBoolean("sandprof.fuzz.writeSeeds");
        check("WireCodecFuzzTestInputs/decodesAnyFrame", codecSeeds(), write);
        check("HandshakeFuzzTestInputs/decodesAnyHandshake", handshakeSeeds(), write);
        check("FramingFuzzTestInputs/readsAnyStream", framingSeeds(), write);
    }

    @Test
    void theCodecSeedsCoverEveryMessageType() {
        WireCodec codec = new WireCodec();
        List<Class<?>> seeded = codecSeeds().values().stream()
                .map(b -> codec.decode(ByteBuffer.wrap(b)).getClass()).distinct().collect(Collectors.toList());
        assertThat(seeded).containsExactlyInAnyOrderElementsOf(ProtocolClasses.ALL.stream()
                .filter(Message.class::isAssignableFrom).collect(Collectors.toList()));
    }

    private static void check(String dir, Map<String, byte[]> seeds, boolean write) throws IOException {
        Path where = INPUTS.resolve(dir);
        if (write) {
            Files.createDirectories(where);
            for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
                Files.write(where.resolve(seed.getKey()), seed.getValue());
            }
        }
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Path file = where.resolve(seed.getKey());
            assertThat(file).as("seed %s is missing: rewrite the seeds with -Dsandprof.fuzz.writeSeeds=true", file).exists();
            assertThat(Files.readAllBytes(file))
                    .as("seed %s is not what the code makes now: rewrite the seeds with -Dsandprof.fuzz.writeSeeds=true", file)
                    .isEqualTo(seed.getValue());
        }
    }

    private static byte[] withStringLength(int length) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 + 8 + 4 + 4 + 2);
        b.putInt(Handshake.MAGIC).putInt(Handshake.PROTOCOL_VERSION).putLong(1).putLong(1).putInt(17);
        b.putInt(length).put(new byte[] {'1', '7'});
        return b.array();
    }

    private static byte[] header(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    private static byte[] framed(int length, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, length, payload);
        return out.toByteArray();
    }

    private static void frame(ByteArrayOutputStream out, int length, byte[] payload) {
        out.writeBytes(header(length));
        out.writeBytes(payload);
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
