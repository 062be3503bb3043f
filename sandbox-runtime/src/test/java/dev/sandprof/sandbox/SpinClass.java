package dev.sandprof.sandbox;

import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/** The class file of {@code class Spin { public static void main(String[] a) { while (true) {} } }}. */
final class SpinClass {

    private SpinClass() {}

    static byte[] bytes() throws Exception {
        Path dir = Files.createTempDirectory("spin");
        Path src = dir.resolve("Spin.java");
        Files.writeString(src, "public class Spin { public static void main(String[] a) { while (true) { } } }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, "-d", dir.toString(), src.toString()) != 0) {
            throw new IllegalStateException("Spin did not compile");
        }
        byte[] b = Files.readAllBytes(dir.resolve("Spin.class"));
        for (Path p : List.of(src, dir.resolve("Spin.class"), dir)) {
            Files.delete(p);
        }
        return b;
    }
}
