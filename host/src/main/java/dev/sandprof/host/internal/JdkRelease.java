package dev.sandprof.host.internal;

import dev.sandprof.host.SandboxStartException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The feature release of a {@code java} launcher, known before it starts: the sandbox's flags
 * depend on it (a flag of 25 makes 17 refuse to start) and so does the host's {@code --release}.
 * Read from the JDK's {@code release} file; asked of the launcher only where that file is missing.
 */
final class JdkRelease {

    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)(?:\\.(\\d+))?");
    private static final Pattern SPEC = Pattern.compile("java\\.specification\\.version = (\\d+)(?:\\.(\\d+))?");

    private JdkRelease() {}

    static int featureOf(Path java) {
        if (!Files.isExecutable(java)) {
            throw new SandboxStartException("cannot start the sandbox: " + java + " is not an executable java launcher");
        }
        Path home = java.toAbsolutePath().getParent().getParent();
        Path release = home.resolve("release");
        try {
            if (Files.isRegularFile(release)) {
                Matcher m = VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
                if (m.find()) {
                    return feature(m);
                }
            }
            return ask(java);
        } catch (IOException e) {
            throw new SandboxStartException("cannot tell the version of " + java + ": " + e.getMessage(), e);
        }
    }

    private static int feature(Matcher m) {
        int first = Integer.parseInt(m.group(1));
        // "1.8" style versions name their feature release second.
        return first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
    }

    private static int ask(Path java) throws IOException {
        Process p = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Matcher m = SPEC.matcher(out);
        if (!m.find()) {
            throw new SandboxStartException("cannot tell the version of " + java + "; it said:\n" + out);
        }
        return feature(m);
    }
}
