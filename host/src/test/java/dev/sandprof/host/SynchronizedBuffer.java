package dev.sandprof.host;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** An output sink for a sandbox whose text a test can read at any moment. */
final class SynchronizedBuffer extends ByteArrayOutputStream {

    synchronized String text() {
        return toString(StandardCharsets.UTF_8);
    }

    synchronized byte[] bytes() {
        return toByteArray();
    }

    synchronized void clear() {
        reset();
    }
}
