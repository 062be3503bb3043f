package dev.sandprof.host;

import dev.sandprof.wire.Framing;
import dev.sandprof.wire.Handshake;
import dev.sandprof.wire.MessageChannel;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;

/**
 * A sandbox that misbehaves on purpose, started as a real process through a fake JDK whose
 * {@code bin/java} runs this class instead of the sandbox runtime.
 */
public final class FakeSandbox {

    enum Mode { SILENT, OTHER_VERSION, HUGE_FRAME, GADGET }

    /** A JDK directory whose {@code bin/java} runs the given shell command. */
    static Path jdk(Path dir, String shellCommand) throws IOException {
        Path home = Files.createDirectories(dir.resolve("fake-jdk-" + Math.abs(shellCommand.hashCode())));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.99\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + "while [ $# -gt 0 ]; do case \"$1\" in --connect) sock=\"$2\"; shift;; esac; shift; done\n"
                + shellCommand + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return java;
    }

    /** A JDK whose {@code bin/java} runs this class in the given mode. */
    static Path jdk(Path dir, Mode mode) throws IOException {
        String realJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return jdk(dir, "exec " + realJava + " -cp '" + System.getProperty("java.class.path") + "' "
                + String.join(" ", List.of(
                        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
                        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"))
                + " " + FakeSandbox.class.getName() + " " + mode + " \"$sock\"");
    }

    public static void main(String[] args) throws Exception {
        Mode mode = Mode.valueOf(args[0]);
        // The launch secret, as the real sandbox reads it: the host writes it to stdin.
        byte[] secret = new byte[Handshake.SECRET_BYTES];
        new FileInputStream(FileDescriptor.in).readNBytes(secret, 0, secret.length);
        SocketChannel sc = SocketChannel.open(StandardProtocolFamily.UNIX);
        sc.connect(UnixDomainSocketAddress.of(args[1]));
        MessageChannel channel = new MessageChannel(sc, sc, Framing.DEFAULT_MAX_FRAME_BYTES);
        long pid = ProcessHandle.current().pid();
        Handshake fine = new Handshake(Handshake.PROTOCOL_VERSION, pid, "17", 17, 1, List.of(), secret);
        switch (mode) {
            case SILENT:
                Thread.sleep(600_000);
                break;
            case OTHER_VERSION:
                channel.sendHandshake(new Handshake(99, pid, "17", 17, 1, List.of(), secret));
                // As a sandbox of another build would: it serves until the host closes the channel.
                sc.read(ByteBuffer.allocate(1));
                break;
            case HUGE_FRAME:
                channel.sendHandshake(fine);
                sc.write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).flip());
                Thread.sleep(600_000);
                break;
            case GADGET:
                channel.sendHandshake(fine);
                // Chronicle's default lookup would build any class named in the frame: File here.
                Bytes<ByteBuffer> bytes = Bytes.elasticHeapByteBuffer(64);
                Wire wire = WireType.BINARY_LIGHT.apply(bytes);
                wire.getValueOut().typePrefix("java.io.File").text("/etc/passwd");
                byte[] body = new byte[(int) bytes.readRemaining()];
                bytes.read(body);
                sc.write(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip());
                Thread.sleep(600_000);
                break;
            default:
                throw new IllegalArgumentException(mode.toString());
        }
    }
}
