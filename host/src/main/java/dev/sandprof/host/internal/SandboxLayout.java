package dev.sandprof.host.internal;

import dev.sandprof.host.SandboxStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the sandbox's jars are: the directory the build fills ({@code sandbox-runtime/target/sandbox-lib})
 * with the runtime's class path, and the agent jar in its {@code agent/} folder. The
 * {@code sandprof.sandbox.lib} system property names it; {@code bin/sandprof} and the build set it.
 */
public final class SandboxLayout {

    /** The system property naming the sandbox's jar directory. */
    public static final String PROPERTY = "sandprof.sandbox.lib";

    private final Path agentJar;
    private final List<Path> classPath;

    private SandboxLayout(Path agentJar, List<Path> classPath) {
        this.agentJar = agentJar;
        this.classPath = classPath;
    }

    /** The layout named by {@value #PROPERTY}, checked to be complete. */
    public static SandboxLayout fromSystemProperty() {
        String dir = System.getProperty(PROPERTY);
        if (dir == null) {
            throw new SandboxStartException("the sandbox's jars are not known: set -D" + PROPERTY
                    + "=DIR to the sandbox-runtime/target/sandbox-lib directory of a build (bin/sandprof does)");
        }
        return of(Path.of(dir));
    }

    static SandboxLayout of(Path dir) {
        Path agent = dir.resolve("agent").resolve("sandprof-agent.jar");
        if (!Files.isRegularFile(agent)) {
            throw new SandboxStartException("no sandbox agent at " + agent
                    + ": build sandprof first (mvn -q package -DskipTests)");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new SandboxStartException("cannot list the sandbox's jars in " + dir + ": " + e.getMessage(), e);
        }
        if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("sandprof-sandbox-runtime"))) {
            throw new SandboxStartException("no sandprof-sandbox-runtime jar in " + dir
                    + ": build sandprof first (mvn -q package -DskipTests)");
        }
        return new SandboxLayout(agent, List.copyOf(jars));
    }

    Path agentJar() {
        return agentJar;
    }

    List<Path> classPath() {
        return classPath;
    }
}
