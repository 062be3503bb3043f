package dev.sandprof.host.internal;

import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.Output;
import java.io.OutputStream;

/** The events no trace, profile or benchmark takes: output goes to the caller's streams, the rest is dropped. */
final class OutputToStreams implements EventListener {

    private final OutputStream stdout;
    private final OutputStream stderr;

    OutputToStreams(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public void output(Output event) {
        byte[] b = event.bytes();
        SandboxProcess.write(event.stream() == Output.Stream.OUT ? stdout : stderr, b, 0, b.length);
    }
}
