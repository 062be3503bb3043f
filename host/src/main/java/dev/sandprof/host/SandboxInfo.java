package dev.sandprof.host;

import java.util.List;

/**
 * What a sandbox said of itself in its handshake.
 *
 * @param pid the sandbox JVM's process id (the host's own in-process)
 * @param javaVersion its {@code java.version}
 * @param javaFeature its feature release, the highest {@code --release} it runs
 * @param epoch the incarnation every ref it hands out carries
 * @param capabilities what it can do, such as {@code agent}
 */
public record SandboxInfo(long pid, String javaVersion, int javaFeature, long epoch, List<String> capabilities) {

    public SandboxInfo {
        capabilities = List.copyOf(capabilities);
    }
}
