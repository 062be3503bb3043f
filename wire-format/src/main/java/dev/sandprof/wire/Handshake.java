package dev.sandprof.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * The first frame on every connection, sent by the sandbox: magic, protocol version, the
 * sandbox's pid, its JDK, its epoch, what it can do, and the launch secret it was given. A wrong
 * magic or another protocol version is a {@link ProtocolException} naming both sides, never a hang.
 *
 * <p>The secret is how the host tells its own child from any other process that connects to the
 * channel first: the host writes {@link #SECRET_BYTES} random bytes to the child's stdin (on no
 * command line, in no file), the child sends them back here, and the host compares them with
 * {@link #proves(byte[])}. The secret never appears in {@link #toString()}.
 *
 * <p>The handshake has a fixed layout of its own ({@link #encode()}) and is not a Chronicle
 * {@link Message}: the sandbox can then answer without loading or initialising any of Chronicle
 * (measured: 29 classes and ~30 ms of a cold start), and a peer of another version is still
 * understood well enough to be told so.
 */
public final class Handshake {

    /** "SPRF": the first four bytes of a sandprof handshake. */
    public static final int MAGIC = 0x53505246;
    /** The protocol this build speaks; both sides must speak the same (3: {@link Output} in its own layout). */
    public static final int PROTOCOL_VERSION = 3;

    /** How many bytes of launch secret the host writes to a sandbox's stdin before anything else. */
    public static final int SECRET_BYTES = 32;

    /**
     * The largest handshake frame a host reads: a real one is about 100 bytes, and the host reads
     * candidates' handshakes before it knows who they are.
     */
    public static final int MAX_FRAME_BYTES = 4096;

    /** Capability: the sandbox was started with the sandprof agent. */
    public static final String AGENT = "agent";

    private final int protocolVersion;
    private final long pid;
    private final String javaVersion;
    private final int javaFeature;
    private final long epoch;
    private final List<String> capabilities;
    private final byte[] secret;

    /** A handshake that proves no secret: a host refuses it; for peers that were given none. */
    public Handshake(int protocolVersion, long pid, String javaVersion, int javaFeature, long epoch,
                     List<String> capabilities) {
        this(protocolVersion, pid, javaVersion, javaFeature, epoch, capabilities, new byte[0]);
    }

    /** @param secret the launch secret read from stdin ({@link #SECRET_BYTES} bytes for a real sandbox) */
    public Handshake(int protocolVersion, long pid, String javaVersion, int javaFeature, long epoch,
                     List<String> capabilities, byte[] secret) {
        this.protocolVersion = protocolVersion;
        this.pid = pid;
        this.javaVersion = javaVersion;
        this.javaFeature = javaFeature;
        this.epoch = epoch;
        this.capabilities = List.copyOf(capabilities);
        this.secret = secret.clone();
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

    /**
     * Whether this handshake carries the given launch secret; compared in constant time, so that
     * how long a refusal takes says nothing of how much of a guess was right.
     */
    public boolean proves(byte[] expected) {
        return expected.length > 0 && MessageDigest.isEqual(secret, expected);
    }

    /**
     * The fixed layout: magic, version, pid, epoch, feature, then length-prefixed fields: the
     * secret's bytes and two UTF-8 strings (the JDK's version and the capabilities).
     */
    public ByteBuffer encode() {
        byte[] version = javaVersion.getBytes(StandardCharsets.UTF_8);
        byte[] caps = String.join(",", capabilities).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 + 8 + 4 + 4 + secret.length + 4 + version.length + 4 + caps.length);
        b.putInt(MAGIC).putInt(protocolVersion).putLong(pid).putLong(epoch).putInt(javaFeature);
        b.putInt(secret.length).put(secret).putInt(version.length).put(version).putInt(caps.length).put(caps);
        return b.flip();
    }

    /**
     * Reads a handshake and checks it is one of this protocol version. Every length is checked
     * against what is left before anything is allocated: the host decodes handshakes from peers
     * it does not know yet.
     *
     * @throws ProtocolException for a wrong magic, another version, a truncated handshake or
     *     bytes after its last field
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
            byte[] secret = field(b);
            String javaVersion = new String(field(b), StandardCharsets.UTF_8);
            String caps = new String(field(b), StandardCharsets.UTF_8);
            if (b.hasRemaining()) {
                throw new ProtocolException("a handshake with " + b.remaining() + " bytes after its last field");
            }
            return new Handshake(version, pid, javaVersion, feature, epoch,
                    caps.isEmpty() ? List.of() : List.of(caps.split(",")), secret);
        } catch (BufferUnderflowException e) {
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
                && epoch == h.epoch && javaVersion.equals(h.javaVersion) && capabilities.equals(h.capabilities)
                && Arrays.equals(secret, h.secret);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(protocolVersion, pid, javaVersion, javaFeature, epoch, capabilities)
                * 31 + Arrays.hashCode(secret);
    }

    /** Everything but the secret, of which only the length shows. */
    @Override
    public String toString() {
        return "Handshake{protocolVersion: " + protocolVersion + ", pid: " + pid + ", javaVersion: " + javaVersion
                + ", javaFeature: " + javaFeature + ", epoch: " + epoch + ", capabilities: " + capabilities
                + ", secret: " + secret.length + " bytes}";
    }

    /** A length-prefixed field, its length checked before anything is allocated. */
    private static byte[] field(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
            throw new ProtocolException("truncated handshake of " + b.limit() + " bytes: a field says it has "
                    + Integer.toUnsignedString(length) + " bytes and " + b.remaining() + " are left");
        }
        byte[] f = new byte[length];
        b.get(f);
        return f;
    }
}
