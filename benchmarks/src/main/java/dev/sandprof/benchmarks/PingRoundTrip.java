package dev.sandprof.benchmarks;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.wire.Done;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.WireCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * a. {@link Interpreter#ping()} on a warm sandbox against a raw round trip of as many bytes as a
 * Ping frame over a pipe to a child JVM ({@link PipeEcho}). The two alternate in blocks, so both
 * see the same machine noise.
 */
final class PingRoundTrip {

    /** Round trips per block of one kind; the kind that goes first alternates from block to block. */
    private static final int BLOCK = 100;

    private final byte[] block;
    private Process echo;
    private OutputStream toEcho;
    private InputStream fromEcho;

    PingRoundTrip() {
        // The frame on the wire: the codec's payload plus the 4-byte length header of Framing.
        block = new byte[new WireCodec().encode(new Ping(1)).remaining() + 4];
    }

    void run(Budget budget, SandboxOptions options, ResultTable table) throws IOException, InterruptedException {
        int doneFrame = new WireCodec().encode(new Done(1)).remaining() + 4;
        Samples ping = new Samples();
        Samples raw = new Samples();
        int warmup = 0;
        echo = new ProcessBuilder(ChildJvm.command(PipeEcho.class, Integer.toString(block.length)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        toEcho = echo.getOutputStream();
        fromEcho = echo.getInputStream();
        try (Interpreter sandbox = Interpreter.external(options)) {
            sandbox.ping();
            long warmupEnd = System.nanoTime() + budget.pingWarmupMillis() * 1_000_000L;
            while (System.nanoTime() < warmupEnd) {
                interleave(sandbox, 2 * BLOCK, new Samples(), new Samples());
                warmup += 2 * BLOCK;
            }
            interleave(sandbox, budget.pingIterations(), ping, raw);
        } finally {
            toEcho.close(); // the echo child ends at the end of its stdin
            if (!echo.waitFor(5, TimeUnit.SECONDS)) {
                echo.destroyForcibly();
            }
        }
        table.row("a. ping round trip vs raw pipe round trip", ping, raw, ResultTable.Statistic.MEDIAN, 2);
        table.row("a. ping round trip vs raw pipe round trip", ping, raw, ResultTable.Statistic.P99, 2);
        table.note("a. sandprof: Interpreter.ping() on a warm sandbox (Unix-domain socket, Ping frame " + block.length
                + " B, Done reply " + doneFrame + " B, headers included). Reference: " + block.length
                + " B written to and read back from a PipeEcho child JVM over its stdin/stdout pipes, parking in read(). "
                + warmup + " warm-up (" + budget.pingWarmupMillis() / 1000 + " s) + " + budget.pingIterations() + " timed of each, alternating blocks of " + BLOCK + ".");
    }

    private void interleave(Interpreter sandbox, int n, Samples ping, Samples raw) throws IOException {
        for (int done = 0; done < n; done += BLOCK) {
            int k = Math.min(BLOCK, n - done);
            if ((done / BLOCK) % 2 == 0) {
                pings(sandbox, k, ping);
                rawTrips(k, raw);
            } else {
                rawTrips(k, raw);
                pings(sandbox, k, ping);
            }
        }
    }

    private static void pings(Interpreter sandbox, int k, Samples into) {
        for (int i = 0; i < k; i++) {
            long t0 = System.nanoTime();
            sandbox.ping();
            into.add(System.nanoTime() - t0);
        }
    }

    private void rawTrips(int k, Samples into) throws IOException {
        for (int i = 0; i < k; i++) {
            long t0 = System.nanoTime();
            toEcho.write(block);
            toEcho.flush();
            int read = fromEcho.readNBytes(block, 0, block.length);
            into.add(System.nanoTime() - t0);
            if (read != block.length) {
                throw new IOException("the echo child ended after " + read + " of " + block.length + " bytes");
            }
        }
    }
}
