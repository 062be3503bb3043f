package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceCompilerTest {

    @TempDir
    Path dir;

    private final SourceCompiler compiler = new SourceCompiler();

    private Path write(String name, String source) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, source);
        return f;
    }

    @Test
    void theFirstClassOfTheFirstFileIsTheEntryPointAndEveryClassComesBack() throws Exception {
        Path main = write("p/Main.java", "package p;\npublic class Main { class Inner {} public static void main(String[] a) {} }\nclass Second {}\n");
        Path other = write("p/Other.java", "package p;\nclass Other {}\n");
        CompiledProgram program = compiler.compile(List.of(main, other), List.of(), 17);
        assertThat(program.firstClass()).isEqualTo("p.Main");
        assertThat(program.classes()).containsOnlyKeys("p.Main", "p.Main$Inner", "p.Second", "p.Other");
        // --release 17: class file major version 61
        assertThat(program.classes().get("p.Main")[7]).isEqualTo((byte) 61);
    }

    @Test
    void everyErrorIsListedWithFileLineColumnSourceLineAndCaret() throws Exception {
        Path bad = write("Bad.java", "public class Bad {\n\tint x = y;\n    String s = 1;\n}\n");
        CompilationException e = catchThrowableOfType(CompilationException.class, () -> compiler.compile(List.of(bad), List.of(), 17));
        assertThat(e.errors()).hasSize(2);
        assertThat(e.errors().get(0)).startsWith(dir.resolve("Bad.java") + ":2:10: error: cannot find symbol\n\tint x = y;\n\t        ^\n");
        assertThat(e.errors().get(1)).contains(":3:16: error: incompatible types");
    }

    @Test
    void theHostsOwnClassPathIsNeverVisibleToTheProgram() throws Exception {
        // picocli is on this JVM's class path; a program compiled by sandprof must not see it.
        Path uses = write("Uses.java", "public class Uses { picocli.CommandLine c; }\n");
        assertThatThrownBy(() -> compiler.compile(List.of(uses), List.of(), 17))
                .isInstanceOf(CompilationException.class).hasMessageContaining("package picocli does not exist");
    }

    @Test
    void aClassPathDoesNotStayForTheNextCompilation() throws Exception {
        Path libDir = Files.createDirectories(dir.resolve("lib"));
        Path lib = write("libsrc/Lib.java", "public class Lib {}\n");
        CompiledProgram compiledLib = compiler.compile(List.of(lib), List.of(), 17);
        Files.write(libDir.resolve("Lib.class"), compiledLib.classes().get("Lib"));
        Path a = write("A.java", "public class A { Lib l; }\n");
        compiler.compile(List.of(a), List.of(libDir), 17);
        Path b = write("B.java", "public class B { Lib l; }\n");
        assertThatThrownBy(() -> compiler.compile(List.of(b), List.of(), 17))
                .isInstanceOf(CompilationException.class).hasMessageContaining("cannot find symbol");
    }

    @Test
    void aMissingSourceFileIsNamed() {
        assertThatThrownBy(() -> compiler.compile(List.of(dir.resolve("Nope.java")), List.of(), 17))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such source file").hasMessageContaining("Nope.java");
    }

}
