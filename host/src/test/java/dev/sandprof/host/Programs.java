package dev.sandprof.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test programs, written as source text and compiled the way the CLI compiles files. */
final class Programs {

    private Programs() {}

    /** Compiles top-level classes given as {@code "ClassName", "source", ...} pairs. */
    static CompiledProgram compile(Path dir, String... namesAndSources) {
        return compile(dir, List.of(), namesAndSources);
    }

    /** The same, against the API jars the sandbox offers (the agent's {@code CallStack}). */
    static CompiledProgram compileWith(Path dir, Interpreter sandbox, String... namesAndSources) {
        return compile(dir, dev.sandprof.host.internal.ToolInterpreter.of(sandbox).apiClassPath(), namesAndSources);
    }

    private static CompiledProgram compile(Path dir, List<Path> classPath, String... namesAndSources) {
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < namesAndSources.length; i += 2) {
                Path f = dir.resolve(namesAndSources[i] + ".java");
                Files.writeString(f, namesAndSources[i + 1]);
                files.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SourceCompiler().compile(files, classPath, SourceCompiler.releaseFor(17));
    }

    /** A class with a main made of the given statements. */
    static String mainOf(String className, String... statements) {
        return "public class " + className + " {\n    public static void main(String[] args) throws Exception {\n"
                + String.join("\n", statements) + "\n    }\n}\n";
    }
}
