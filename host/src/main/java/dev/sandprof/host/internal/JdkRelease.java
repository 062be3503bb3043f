package dev.sandprof.host.internal;

import dev.sandprof.host.SandboxStartException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /**
     * @param limit how long the launcher may take to answer {@code -version} (the start timeout):
     *     one that never exits is ended and reported
     */
    static int featureOf(Path java, Duration limit) {
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
            return ask(java, limit);
        } catch (IOException e) {
            throw new SandboxStartException("cannot tell the version of " + java + ": " + e.getMessage(), e);
        }
    }

    private static int feature(Matcher m) {
        int first = Integer.parseInt(m.group(1));
        // "1.8" style versions name their feature release second.
        return first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
    }

    private static int ask(Path java, Duration limit) throws IOException {
        Process p = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        // Read beside the wait: a launcher that never exits must not hold this thread past the limit.
        CompletableFuture<String> said = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, JdkRelease::readerThread);
        String out;
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                end(p);
                throw new SandboxStartException("the JVM at " + java + " did not answer -version within "
                        + limit.toMillis() + " ms; it was ended (choose an installed JDK's bin/java with --java,"
                        + " or allow it longer with --start-timeout)");
            }
            // Exited: its output ends with it, unless a child of its own still holds the pipe.
            out = said.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            end(p);
            Thread.currentThread().interrupt();
            throw new SandboxStartException("interrupted while asking " + java + " for its version", e);
        } catch (ExecutionException | TimeoutException e) {
            end(p);
            throw new SandboxStartException("the JVM at " + java + " exited but its output did not end within "
                    + limit.toMillis() + " ms", e);
        }
        Matcher m = SPEC.matcher(out);
        if (!m.find()) {
            throw new SandboxStartException("cannot tell the version of " + java + "; it said:\n" + out);
        }
        return feature(m);
    }

    /** Ends the launcher and whatever it started (a script's children hold its output open). */
    private static void end(Process p) {
        // Taken first: once the launcher is gone its children are no longer its descendants.
        List<ProcessHandle> children = p.descendants().collect(Collectors.toList());
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void readerThread(Runnable r) {
        Thread t = new Thread(r, "sandprof-version-probe");
        t.setDaemon(true);
        t.start();
    }
}
