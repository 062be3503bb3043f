package dev.sandprof.host;

import dev.sandprof.host.internal.InMemoryJavac;
import java.nio.file.Path;
import java.util.List;

/**
 * Compiles Java source files in memory with {@code javax.tools}, for a chosen {@code --release},
 * into the class files {@link Interpreter#define} ships: they never touch the disk. One instance
 * compiles one thing at a time; keep it for the next compilation, which is then much faster.
 */
public final class SourceCompiler {

    private final InMemoryJavac javac = new InMemoryJavac();

    /** @throws IllegalStateException when this JVM has no Java compiler (a JRE, not a JDK) */
    public SourceCompiler() {
    }

    /** The {@code --release} to compile for a sandbox of the given feature release ({@link SandboxInfo#javaFeature()}). */
    public static int releaseFor(int sandboxFeature) {
        return Math.min(sandboxFeature, Runtime.version().feature());
    }

    /**
     * Compiles source files.
     *
     * @param sources {@code .java} files; the first one's first class is the program's entry
     * @param classPath jars and directories the sources compile against
     * @param release the {@code --release} to target
     * @throws CompilationException listing every error with file, line and column
     * @throws IllegalArgumentException naming a source file that cannot be read
     */
    public CompiledProgram compile(List<Path> sources, List<Path> classPath, int release) {
        return javac.compile(sources, classPath, release);
    }
}
