package dev.sandprof.host;

import java.util.Map;

/**
 * The class files of compiled sources.
 *
 * @param classes class files by binary name
 * @param firstClass the binary name of the first top-level class of the first source file: the
 *     class the {@code java} launcher's source-file mode would run
 */
public record CompiledProgram(Map<String, byte[]> classes, String firstClass) {

    public CompiledProgram {
        classes = Map.copyOf(classes);
    }
}
