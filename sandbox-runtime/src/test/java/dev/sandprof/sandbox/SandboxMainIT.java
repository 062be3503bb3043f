package dev.sandprof.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.wire.Done;
import dev.sandprof.wire.Framing;
import dev.sandprof.wire.Handshake;
import dev.sandprof.wire.Message;
import dev.sandprof.wire.MessageChannel;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.SandboxBug;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox JVM as a real process, driven by this test as a host that misbehaves. */
class SandboxMainIT {

    static final Path LIB = Path.of(System.getProperty("sandprof.sandbox.lib"));
    static final byte[] SECRET = "a launch secret of 32 bytes ....".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;
    Process sandbox;
    SocketChannel socket;
    MessageChannel channel;
    Handshake handshake;

    @BeforeEach
    void start() throws Exception {
        Path address = dir.resolve("s");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(address));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-javaagent:" + LIB.resolve("agent/sandprof-agent.jar"),
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
                    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "-cp"));
            try (Stream<Path> jars = Files.list(LIB)) {
                cmd.add(jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).collect(Collectors.joining(":")));
            }
            cmd.addAll(List.of(SandboxMain.class.getName(), "--connect", address.toString(), "--epoch", "5"));
            sandbox = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream stdin = sandbox.getOutputStream()) {
                stdin.write(SECRET);
            }
            socket = server.accept();
        }
        channel = new MessageChannel(socket, socket, Framing.DEFAULT_MAX_FRAME_BYTES);
        handshake = channel.receiveHandshake();
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.destroyForcibly();
        sandbox.waitFor();
    }

    private void sendRaw(byte[] payload) throws IOException {
        socket.write(ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).flip());
    }

    private static byte[] forged(java.util.function.Consumer<Wire> writer) {
        Bytes<ByteBuffer> bytes = Bytes.elasticHeapByteBuffer(64);
        writer.accept(WireType.BINARY_LIGHT.apply(bytes));
        byte[] out = new byte[(int) bytes.readRemaining()];
        bytes.read(out);
        return out;
    }

    private Message next() throws IOException {
        return channel.receive();
    }

    @Test
    void theHandshakeTellsWhoTheSandboxIs() {
        assertThat(handshake.pid()).isEqualTo(sandbox.pid());
        assertThat(handshake.proves(SECRET)).isTrue();
        assertThat(handshake.epoch()).isEqualTo(5);
        assertThat(handshake.javaFeature()).isEqualTo(Runtime.version().feature());
        assertThat(handshake.capabilities()).containsExactly(Handshake.AGENT);
    }

    @Test
    void aFrameNamingAForeignClassIsRefusedAndTheSandboxGoesOn() throws Exception {
        sendRaw(forged(w -> w.getValueOut().typePrefix("java.io.File").text("/etc/passwd")));
        Message refused = next();
        assertThat(refused).isInstanceOf(ProtocolError.class);
        assertThat(((ProtocolError) refused).message()).contains("java.io.File").contains("not a sandprof protocol class");
        channel.send(new Ping(2));
        assertThat(next()).isEqualTo(new Done(2));
    }

    @Test
    void garbageAndRepliesSentToTheSandboxAreRefused() throws Exception {
        sendRaw("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(next()).isInstanceOf(ProtocolError.class);
        channel.send(new Done(3));
        assertThat(((ProtocolError) next()).message()).contains("takes requests, not Done");
        channel.send(new Ping(4));
        assertThat(next()).isEqualTo(new Done(4));
    }

    @Test
    void aBugInSandprofsCodeIsAnsweredAsABugWithItsStackAndTheSandboxGoesOn() throws Exception {
        channel.send(new dev.sandprof.wire.InvokeMain(2, null, List.of(), false));
        Message bug = next();
        assertThat(bug).isInstanceOf(SandboxBug.class);
        assertThat(bug.requestId()).isEqualTo(2);
        assertThat(((SandboxBug) bug).exception().className()).isEqualTo("java.lang.NullPointerException");
        assertThat(((SandboxBug) bug).exception().frames())
                .anySatisfy(f -> assertThat(f.className() + "." + f.methodName()).isEqualTo("dev.sandprof.sandbox.SandboxRuntime.invokeMain"));
        channel.send(new Ping(3));
        assertThat(next()).isEqualTo(new Done(3));
    }

    @Test
    void aFrameOverTheCapEndsTheSandboxWithAMessage() throws Exception {
        socket.write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).flip());
        assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sandbox.exitValue()).isEqualTo(1);
        assertThat(new String(sandbox.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("the channel failed").contains("refused a frame of 2147483647 bytes");
    }

    @Test
    void theSandboxEndsWhenTheHostClosesTheChannelEvenWhileUserCodeRuns() throws Exception {
        // A request that never returns: main(String[]) of a class that spins forever.
        byte[] spin = SpinClass.bytes();
        channel.send(new dev.sandprof.wire.DefineClasses(1, List.of(new dev.sandprof.wire.ClassBytes("Spin", spin))));
        assertThat(next()).isEqualTo(new Done(1));
        channel.send(new dev.sandprof.wire.InvokeMain(2, "Spin", List.of(), false));
        socket.close();
        assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sandbox.exitValue()).isZero();
    }
}
