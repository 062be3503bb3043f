package dev.sandprof.benchmarks;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines of the reference child JVMs: a main class of this module, run by the host's own
 * {@code java} with nothing but this module's classes on the class path and no extra flags.
 */
final class ChildJvm {

    private ChildJvm() {}

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Where this module's classes are ({@code benchmarks/target/classes} after a build). */
    static Path classes() {
        try {
            return Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> command(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java().toString(), "-cp", classes().toString(), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
