package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ring as the host and the sandbox each map it: two mappings of one file, as across the processes. */
class OutputRingTest {

    @TempDir
    Path dir;

    private final List<String> read = new ArrayList<>();

    private void record(long requestId, Output.Stream stream, byte[] bytes) {
        read.add(requestId + " " + stream + " " + new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void recordsArriveInOrderAcrossTheEndOfTheRing() throws Exception {
        OutputRing host = OutputRing.create(dir.resolve("ring"));
        OutputRing sandbox = OutputRing.open(dir.resolve("ring"));
        byte[] line = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);
        long total = 0;
        // Three times round the ring, read as it goes, so that records and headers wrap round its end.
        for (int i = 0; total < 3L * OutputRing.CAPACITY; i++) {
            int len = 1 + (i * 7919) % line.length;
            assertThat(sandbox.hasRoom(len)).isTrue();
            sandbox.put(i, i % 3 == 0 ? Output.Stream.ERR : Output.Stream.OUT, line, 0, len);
            total += OutputRing.RECORD_HEADER + len;
            if (i % 50 == 49) {
                int before = read.size();
                host.drain(this::record, Long.MAX_VALUE);
                assertThat(read).hasSize(before + 50);
                for (int k = 0; k < 50; k++) {
                    int j = i - 49 + k;
                    assertThat(read.get(before + k)).isEqualTo(j + " " + (j % 3 == 0 ? "ERR" : "OUT") + " "
                            + "x".repeat(1 + (j * 7919) % line.length));
                }
            }
        }
    }

    @Test
    void aFullRingHasNoRoomUntilTheReaderReads() throws Exception {
        OutputRing host = OutputRing.create(dir.resolve("ring"));
        OutputRing sandbox = OutputRing.open(dir.resolve("ring"));
        byte[] piece = new byte[OutputRing.MAX_RECORD_BYTES];
        int put = 0;
        while (sandbox.hasRoom(piece.length)) {
            sandbox.put(1, Output.Stream.OUT, piece, 0, piece.length);
            put++;
        }
        assertThat(put).isEqualTo(3);
        assertThat(host.drain(this::record, Long.MAX_VALUE)).isEqualTo(3 * (OutputRing.RECORD_HEADER + piece.length));
        assertThat(read).hasSize(3);
        assertThat(sandbox.hasRoom(piece.length)).isTrue();
    }

    @Test
    void aWaitingReaderIsWokenByTheFirstWriterOnly() throws Exception {
        OutputRing host = OutputRing.create(dir.resolve("ring"));
        OutputRing sandbox = OutputRing.open(dir.resolve("ring"));
        byte[] hi = "hi".getBytes(StandardCharsets.UTF_8);
        assertThat(sandbox.put(1, Output.Stream.OUT, hi, 0, 2)).as("nobody waits").isFalse();
        host.drain(this::record, Long.MAX_VALUE);
        host.announceWait();
        assertThat(host.isEmpty()).isTrue();
        assertThat(sandbox.put(1, Output.Stream.OUT, hi, 0, 2)).as("the first write after the wait wakes").isTrue();
        assertThat(sandbox.put(1, Output.Stream.OUT, hi, 0, 2)).as("once").isFalse();
        assertThat(host.isEmpty()).isFalse();
        assertThat(host.drain(this::record, Long.MAX_VALUE)).isEqualTo(2 * (OutputRing.RECORD_HEADER + 2));
        assertThat(read).containsExactly("1 OUT hi", "1 OUT hi", "1 OUT hi");
    }

    @Test
    void nothingPastAMarkIsReadBeforeItsMessageIsReceived() throws Exception {
        OutputRing host = OutputRing.create(dir.resolve("ring"));
        OutputRing sandbox = OutputRing.open(dir.resolve("ring"));
        byte[] b = "ab".getBytes(StandardCharsets.UTF_8);
        sandbox.put(1, Output.Stream.OUT, b, 0, 1);
        sandbox.putMark();
        sandbox.put(1, Output.Stream.OUT, b, 1, 1);
        sandbox.putMark();
        sandbox.put(1, Output.Stream.ERR, b, 0, 2);

        assertThat(host.drain(this::record, 0)).isEqualTo(OutputRing.RECORD_HEADER + 1);
        assertThat(host.atMark()).isTrue();
        assertThat(host.isEmpty()).isFalse();
        assertThat(read).containsExactly("1 OUT a");
        assertThat(host.drain(this::record, 1)).as("the first mark's message was taken; marks are not counted").isEqualTo(OutputRing.RECORD_HEADER + 1);
        assertThat(host.atMark()).isTrue();
        assertThat(read).containsExactly("1 OUT a", "1 OUT b");
        host.drain(this::record, 2);
        assertThat(host.atMark()).isFalse();
        assertThat(host.isEmpty()).isTrue();
        assertThat(read).containsExactly("1 OUT a", "1 OUT b", "1 ERR ab");
    }

    @Test
    void aMarkLeavesTheWakeUpToTheOutputAfterIt() throws Exception {
        OutputRing host = OutputRing.create(dir.resolve("ring"));
        OutputRing sandbox = OutputRing.open(dir.resolve("ring"));
        host.announceWait();
        sandbox.putMark();
        assertThat(sandbox.put(1, Output.Stream.OUT, new byte[1], 0, 1)).as("the write after the mark wakes").isTrue();
    }

    @Test
    void aMarkOutOfTurnIsAProtocolError() throws Exception {
        OutputRing host = OutputRing.create(dir.resolve("ring"));
        OutputRing sandbox = OutputRing.open(dir.resolve("ring"));
        sandbox.putMark();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("ring").toFile(), "rw")) {
            f.seek(4096 + 5);
            f.writeLong(7); // mark 7 where mark 1 comes next
        }
        assertThatThrownBy(() -> host.drain(this::record, Long.MAX_VALUE)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("mark 7 of 0 bytes where mark 1");
    }

    @Test
    void whatTheWritersSideBrokeIsAProtocolErrorNotAHugeAllocation() throws Exception {
        OutputRing host = OutputRing.create(dir.resolve("ring"));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("ring").toFile(), "rw")) {
            // "written" far past what the ring holds
            f.seek(0);
            f.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 0, 0, 0});
        }
        assertThatThrownBy(() -> host.drain(this::record, Long.MAX_VALUE)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("outside 0..");

        OutputRing again = OutputRing.create(dir.resolve("ring2"));
        OutputRing writer = OutputRing.open(dir.resolve("ring2"));
        writer.put(1, Output.Stream.OUT, new byte[20], 0, 20);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("ring2").toFile(), "rw")) {
            f.seek(4096);
            f.writeInt(Integer.MAX_VALUE); // a record's length beyond what was written
        }
        assertThatThrownBy(() -> again.drain(this::record, Long.MAX_VALUE)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("a record of " + Integer.MAX_VALUE + " bytes");
        assertThat(read).isEmpty();
    }
}
