package dev.sandprof.host.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A sandbox's process output held back until its start is known to have worked: a JVM that fails
 * to start says why on its stderr, and that text belongs in the start error, once, not also in the
 * caller's stream. After {@link #release()} everything goes straight through.
 */
final class HeldOutput extends OutputStream {

    private final OutputStream target;
    private ByteArrayOutputStream held = new ByteArrayOutputStream();

    HeldOutput(OutputStream target) {
        this.target = target;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (held != null) {
            held.write(b, off, len);
        } else {
            SandboxProcess.write(target, b, off, len);
        }
    }

    /** The start worked: deliver what was held (JVM warnings, say) and pass everything on. */
    synchronized void release() {
        if (held != null) {
            byte[] b = held.toByteArray();
            held = null;
            SandboxProcess.write(target, b, 0, b.length);
        }
    }
}
