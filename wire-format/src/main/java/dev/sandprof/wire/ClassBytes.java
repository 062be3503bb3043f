package dev.sandprof.wire;

import java.util.Objects;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/** One class file shipped to the sandbox: its binary name and its bytes. */
public final class ClassBytes extends SelfDescribingMarshallable {

    private String name;
    private byte[] bytes;

    private ClassBytes() {}

    public ClassBytes(String name, byte[] bytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    /** The binary name, such as {@code com.example.Outer$Inner}. */
    public String name() {
        return name;
    }

    /** The class file; the caller must not modify it. */
    public byte[] bytes() {
        return bytes;
    }
}
