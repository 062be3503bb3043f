package dev.sandprof.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The first frame on every connection, sent by the sandbox: magic, protocol version, the
 * sandbox's pid, its JDK, its epoch and what it can do. A wrong magic or another protocol version
 * is a {@link ProtocolException} naming both sides, never a hang.
 *
 * <p>The handshake has a fixed layout of its own ({@link #encode()}) and is not a Chronicle
 * {@link Message}: the sandbox can then answer without loading or initialising any of Chronicle
 * (measured: 29 classes and ~30 ms of a cold start), and a peer of another version is still
 * understood well enough to be told so.
 */
public final class Handshake {

    /** "SPRF": the first four bytes of a sandprof handshake. */
    public static final int MAGIC = 0x53505246;
    /** The protocol this build speaks; both sides must speak the same. */
    public static final int PROTOCOL_VERSION = 1;

    /** Capability: the sandbox was started with the sandprof agent. */
    public static final String AGENT = "agent";

    private final int protocolVersion;
    private final long pid;
    private final String javaVersion;
    private final int javaFeature;
    private final long epoch;
    private final List<String> capabilities;

    public Handshake(int protocolVersion, long pid, String javaVersion, int javaFeature, long epoch,
                     List<String> capabilities) {
        this.protocolVersion = protocolVersion;
        this.pid = pid;
        this.javaVersion = javaVersion;
        this.javaFeature = javaFeature;
        this.epoch = epoch;
        this.capabilities = List.copyOf(capabilities);
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    public long pid() {
        return pid;
    }

    /** The sandbox's {@code java.version}, such as {@code 25.0.1}. */
    public String javaVersion() {
        return javaVersion;
    }

    /** The sandbox's feature release, such as {@code 25}: the highest {@code --release} it runs. */
    public int javaFeature() {
        return javaFeature;
    }

    /** The sandbox incarnation: every {@link RemoteRef} it hands out carries it. */
    public long epoch() {
        return epoch;
    }

    public List<String> capabilities() {
        return List.copyOf(capabilities);
    }

    public boolean has(String capability) {
        return capabilities.contains(capability);
    }

    /** The fixed layout: magic, version, pid, epoch, feature, then length-prefixed UTF-8 strings. */
    public ByteBuffer encode() {
        byte[] version = javaVersion.getBytes(StandardCharsets.UTF_8);
        byte[] caps = String.join(",", capabilities).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 + 8 + 4 + 4 + version.length + 4 + caps.length);
        b.putInt(MAGIC).putInt(protocolVersion).putLong(pid).putLong(epoch).putInt(javaFeature);
        b.putInt(version.length).put(version).putInt(caps.length).put(caps);
        return b.flip();
    }

    /**
     * Reads a handshake and checks it is one of this protocol version.
     *
     * @throws ProtocolException for a wrong magic, another version or a truncated handshake
     */
    public static Handshake decode(ByteBuffer b) {
        try {
            int magic = b.getInt();
            if (magic != MAGIC) {
                throw new ProtocolException(String.format(
                        "the peer is not a sandprof sandbox: its first frame starts with 0x%08x, not 0x%08x",
                        magic, MAGIC));
            }
            int version = b.getInt();
            if (version != PROTOCOL_VERSION) {
                throw new ProtocolException("the sandbox speaks sandprof protocol version " + version
                        + " and this host speaks version " + PROTOCOL_VERSION
                        + ": start the sandbox from the same sandprof build as the host");
            }
            long pid = b.getLong();
            long epoch = b.getLong();
            int feature = b.getInt();
            String javaVersion = string(b);
            String caps = string(b);
            return new Handshake(version, pid, javaVersion, feature, epoch,
                    caps.isEmpty() ? List.of() : List.of(caps.split(",")));
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new ProtocolException("truncated handshake of " + b.limit() + " bytes", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Handshake)) {
            return false;
        }
        Handshake h = (Handshake) o;
        return protocolVersion == h.protocolVersion && pid == h.pid && javaFeature == h.javaFeature
                && epoch == h.epoch && javaVersion.equals(h.javaVersion) && capabilities.equals(h.capabilities);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(protocolVersion, pid, javaVersion, javaFeature, epoch, capabilities);
    }

    @Override
    public String toString() {
        return "Handshake{protocolVersion: " + protocolVersion + ", pid: " + pid + ", javaVersion: " + javaVersion
                + ", javaFeature: " + javaFeature + ", epoch: " + epoch + ", capabilities: " + capabilities + "}";
    }

    private static String string(ByteBuffer b) {
        int length = b.getInt();
        // Checked before allocating: a lying length would otherwise cost up to 2 GiB, or throw a
        // NegativeArraySizeException that no caller expects.
        if (length < 0 || length > b.remaining()) {
            throw new ProtocolException("malformed handshake: a string of " + Integer.toUnsignedString(length)
                    + " bytes announced where " + b.remaining() + " remain");
        }
        byte[] s = new byte[length];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
