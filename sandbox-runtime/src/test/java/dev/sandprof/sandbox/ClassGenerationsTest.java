package dev.sandprof.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.wire.ClassBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassGenerationsTest {

    private final ClassGenerations generations = new ClassGenerations(ClassGenerationsTest.class.getClassLoader());

    private static List<ClassBytes> greeting(String text) {
        return Sources.compile(Map.of("a.Greeting",
                "package a; public class Greeting { public static String text() { return \"" + text + "\"; } }"));
    }

    private static Object call(Class<?> c, String method) throws Exception {
        return c.getMethod(method).invoke(null);
    }

    @Test
    void aDefinedClassLoadsFromTheNewestGeneration() throws Exception {
        generations.define(greeting("one"));
        Class<?> c = generations.load("a.Greeting");
        assertThat(call(c, "text")).isEqualTo("one");
        assertThat(ClassGenerations.isShipped(c.getClassLoader())).isTrue();
        // Nameless, as java's app loader prints: a name would head every frame of a printed trace.
        assertThat(c.getClassLoader().getName()).isNull();
    }

    @Test
    void aClassDefinedAgainShadowsTheOldOneForLaterCodeWhileTheOldOneStillWorks() throws Exception {
        generations.define(greeting("one"));
        Class<?> first = generations.load("a.Greeting");
        generations.define(greeting("two"));
        Class<?> second = generations.load("a.Greeting");
        assertThat(second).isNotSameAs(first);
        assertThat(call(second, "text")).isEqualTo("two");
        assertThat(call(first, "text")).isEqualTo("one");
        // A class shipped afterwards links against the newest definition.
        generations.define(Sources.compile(Map.of("a.Greeting",
                "package a; public class Greeting { public static String text() { return \"two\"; } }",
                "a.Caller", "package a; public class Caller { public static String run() { return Greeting.text(); } }"))
                .stream().filter(c -> c.name().equals("a.Caller")).collect(java.util.stream.Collectors.toList()));
        assertThat(call(generations.load("a.Caller"), "run")).isEqualTo("two");
    }

    @Test
    void aNameNoGenerationHasIsNotFound() {
        assertThatThrownBy(() -> generations.load("a.Missing")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aSnippetsLeafLoaderSeesTheGenerationsButNoGenerationSeesIt() throws Exception {
        generations.define(greeting("one"));
        List<ClassBytes> snippet = Sources.compile(Map.of("a.Greeting",
                "package a; public class Greeting { public static String text() { return \"one\"; } }",
                "s.Snippet", "package s; public class Snippet { public static String run() { return a.Greeting.text(); } }"));
        ClassLoader leaf = generations.defineLeaf(snippet.stream().filter(c -> c.name().equals("s.Snippet"))
                .collect(java.util.stream.Collectors.toList()));
        assertThat(call(Class.forName("s.Snippet", false, leaf), "run")).isEqualTo("one");
        assertThatThrownBy(() -> generations.load("s.Snippet")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void jshellsSnippetClassesShareOneLoader() throws Exception {
        generations.define(Sources.compile(Map.of("REPL.$JShell$1",
                "package REPL; public class $JShell$1 { public static int x() { return 41; } }")));
        generations.define(Sources.compile(Map.of("REPL.$JShell$1",
                "package REPL; public class $JShell$1 { public static int x() { return 41; } }",
                "REPL.$JShell$2", "package REPL; public class $JShell$2 { public static int y() { return $JShell$1.x() + 1; } }"))
                .stream().filter(c -> c.name().equals("REPL.$JShell$2")).collect(java.util.stream.Collectors.toList()));
        Class<?> one = generations.load("REPL.$JShell$1");
        Class<?> two = generations.load("REPL.$JShell$2");
        assertThat(two.getClassLoader()).isSameAs(one.getClassLoader());
        assertThat(call(two, "y")).isEqualTo(42);
    }

    @Test
    void aClassPathEntryServesTheGenerationsMadeFromThenOn(@TempDir Path dir) throws Exception {
        ClassBytes lib = Sources.compile(Map.of("lib.Util", "package lib; public class Util { public static int n() { return 3; } }")).get(0);
        Files.createDirectories(dir.resolve("lib"));
        Files.write(dir.resolve("lib/Util.class"), lib.bytes());
        assertThatThrownBy(() -> generations.load("lib.Util")).isInstanceOf(ClassNotFoundException.class);
        generations.addClassPath(List.of(dir.toString()));
        assertThat(call(generations.load("lib.Util"), "n")).isEqualTo(3);
    }

    @Test
    void aClassPathEntryThatDoesNotExistIsRefusedByName(@TempDir Path dir) {
        Path missing = dir.resolve("missing.jar");
        assertThatThrownBy(() -> generations.addClassPath(List.of(missing.toString())))
                .isInstanceOf(RequestRefused.class).hasMessage("class path entry " + missing + " does not exist");
    }

    @Test
    void aClassPathEntryThatIsNoPathIsRefused() {
        assertThatThrownBy(() -> generations.addClassPath(List.of("bad\0name")))
                .isInstanceOf(RequestRefused.class).hasMessageContaining("is not a path");
    }
}
