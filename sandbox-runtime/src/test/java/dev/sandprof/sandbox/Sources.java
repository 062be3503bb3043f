package dev.sandprof.sandbox;

import dev.sandprof.wire.ClassBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Java sources compiled to class files, as the host would ship them; against this test's class path. */
final class Sources {

    private Sources() {}

    /** @param sources the source of each top-level class by its (binary) name */
    static List<ClassBytes> compile(Map<String, String> sources) {
        try {
            Path dir = Files.createTempDirectory("sandprof-test-classes");
            List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-cp", System.getProperty("java.class.path")));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path src = dir.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(src.getParent());
                Files.writeString(src, e.getValue());
                args.add(src.toString());
            }
            if (ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("the test's sources did not compile");
            }
            Map<String, byte[]> classes = new TreeMap<>();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String name = dir.relativize(p).toString();
                    if (name.endsWith(".class")) {
                        classes.put(name.substring(0, name.length() - 6).replace('/', '.'), Files.readAllBytes(p));
                    }
                }
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            List<ClassBytes> out = new ArrayList<>();
            classes.forEach((name, bytes) -> out.add(new ClassBytes(name, bytes)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
