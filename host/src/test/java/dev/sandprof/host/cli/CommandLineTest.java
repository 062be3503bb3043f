package dev.sandprof.host.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command line, read without a sandbox: what goes to the program's main, and every command
 * line sandprof cannot act on, each told in one line with status 2 before anything starts.
 */
class CommandLineTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws IOException {
        Files.writeString(dir.resolve("App.java"), "public class App { public static void main(String[] a) { } }\n");
        Files.writeString(dir.resolve("Util.java"), "class Util { }\n");
        Files.createDirectories(dir.resolve("Dir.java"));
        Files.writeString(dir.resolve("text.jar"), "not a zip\n");
        jar(dir.resolve("app.jar"), Map.of("Main-Class", "app/Main"));
        jar(dir.resolve("nomain.jar"), Map.of("Class-Path", "lib/x.jar"));
        jar(dir.resolve("agent.jar"), Map.of("Main-Class", "app.Main", "Launcher-Agent-Class", "app.Agent"));
        jar(dir.resolve("javafx.jar"), Map.of("Main-Class", "app.Main", "JavaFX-Application-Class", "app.Fx"));
        jar(dir.resolve("opens.jar"), Map.of("Main-Class", "app.Main", "Add-Opens", "java.base/java.lang java.base/java.util",
                "Add-Exports", "jdk.compiler/com.sun.tools.javac.api"));
        jar(dir.resolve("badopens.jar"), Map.of("Main-Class", "app.Main", "Add-Opens", "java.base"));
        jar(dir.resolve("native.jar"), Map.of("Main-Class", "app.Main", "Enable-Native-Access", "ALL-UNNAMED"));
        jar(dir.resolve("badnative.jar"), Map.of("Main-Class", "app.Main", "Enable-Native-Access", "java.base"));
    }

    /** A jar with only a manifest: enough for the checks made before a sandbox starts. */
    static void jar(Path file, Map<String, String> attributes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    private static String f(String name) {
        return dir.resolve(name).toString();
    }

    record Outcome(int status, String out, String err) {}

    /** The whole CLI, as {@code main} runs it, with its output caught. */
    static synchronized Outcome sandprof(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = SandprofCli.execute(args);
            return new Outcome(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                // sandprof itself
                bad("unexpected argument 'compile'", "compile", f("App.java")),
                bad("name a command"),
                // run: options and their values
                bad("unknown option '--bogus'", "run", "--bogus", f("App.java")),
                bad("unknown option '-v'", "run", "--main", "app.Main", "-v"),
                bad("'0s' is no time at all", "run", "--timeout", "0s", f("App.java")),
                bad("'0' is no time at all", "run", "--timeout", "0", f("App.java")),
                bad("'-1s' is not a duration", "run", "--timeout=-1s", f("App.java")),
                bad("'1.5s' is not a duration", "run", "--timeout", "1.5s", f("App.java")),
                bad("'99999999999999999999s' is too long", "run", "--timeout", "99999999999999999999s", f("App.java")),
                bad("'9000h' is too long", "run", "--timeout", "9000h", f("App.java")),
                bad("'0ms' is no time at all", "run", "--start-timeout", "0ms", f("App.java")),
                bad("'soon' is not a duration", "run", "--liveness-timeout", "soon", f("App.java")),
                bad("Missing required parameter for option '--timeout'", "run", "--timeout"),
                // run: the program
                bad("no program", "run"),
                bad("--timeout is not a .java file", "run", "--", "--timeout", "1s"),
                bad("no such source file: " + f("Missing.java"), "run", f("Missing.java")),
                bad("no such source file: " + f("Missing.java"), "run", f("App.java"), f("Missing.java")),
                bad(f("Dir.java") + " is a directory, not a source file", "run", f("Dir.java")),
                bad("Hello is not a .java file", "run", "Hello", "a"),
                bad("sandprof expands no @argfiles", "run", "@" + f("args")),
                bad("no such class path entry: " + f("nowhere"), "run", "-cp", f("nowhere"), "--main", "app.Main"),
                bad("no such class path entry", "run", "--class-path", f("App.java") + ":" + f("nowhere"), f("App.java")),
                // run: -jar
                bad("-jar needs a jar: sandprof run -jar app.jar", "run", "-jar"),
                bad("no such jar: " + f("missing.jar"), "run", "-jar", f("missing.jar")),
                bad(f("Dir.java") + " is a directory, not a jar", "run", "-jar", f("Dir.java")),
                bad(f("text.jar") + " is not a readable jar", "run", "-jar", f("text.jar")),
                bad("no Main-Class in the manifest of " + f("nomain.jar"), "run", "-jar", f("nomain.jar")),
                bad("has Launcher-Agent-Class: app.Agent", "run", "-jar", f("agent.jar")),
                bad("has JavaFX-Application-Class", "run", "-jar", f("javafx.jar")),
                bad("each entry must be MODULE/PACKAGE, and java.base is not", "run", "-jar", f("badopens.jar")),
                bad("only ALL-UNNAMED is allowed there", "run", "-jar", f("badnative.jar")),
                bad("-jar runs the Main-Class of the jar's manifest: drop --main", "run", "--main", "x.Y", "-jar", f("app.jar")),
                bad("-jar takes the class path from the jar's manifest", "run", "-cp", dir.toString(), "-jar", f("app.jar")),
                // run: options that do not go together
                bad("--timeout needs an external sandbox", "run", "--in-process", "--timeout", "1s", f("App.java")),
                bad("--java, --jvm-arg need an external sandbox", "run", "--in-process", "--java", "java", "--jvm-arg=-Xmx8m", f("App.java")),
                bad("asks for --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED", "run", "--in-process", "-jar",
                        f("opens.jar")),
                // trace and profile take run's options and their own
                bad("unknown option '--bogus'", "trace", "--bogus", f("App.java")),
                bad("'0s' is no time at all", "trace", "--timeout", "0s", f("App.java")),
                bad("is a directory, not a source file", "trace", f("Dir.java")),
                bad("tracing needs the sandprof agent", "trace", "--in-process", f("App.java")),
                bad("-jar needs a jar: sandprof trace -jar", "trace", "-jar"),
                bad("'0ms' is no time at all", "profile", "--interval", "0ms", f("App.java")),
                bad("'0s' is no time at all", "profile", "--start-timeout", "0s", f("App.java")),
                bad("no engine perf: use --engine async, jfr or agent", "profile", "--engine", "perf", f("App.java")),
                bad("the agent engine needs the sandprof agent", "profile", "--engine", "agent", "--in-process", f("App.java")),
                bad("--top 0 shows nothing", "profile", "--top", "0", f("App.java")),
                bad("no Main-Class in the manifest", "profile", "-jar", f("nomain.jar")),
                // bench: JMH's command line, read by JMH's own parser, its messages
                bad("bogus is not a recognized option", "bench", "--bogus", f("App.java")),
                bad("x is not a recognized option", "bench", f("App.java"), "-x"),
                bad("is a directory, not a source file", "bench", f("Dir.java")),
                bad("no such source file", "bench", f("Missing.java")),
                bad("name the benchmarks' .java files", "bench"),
                bad("-f 0 (no fork) is not supported by --engine sandprof", "bench", "--engine", "sandprof", "-f", "0", f("App.java")),
                bad("Cannot parse argument '-1' of option f. The given value -1 should be non-negative", "bench", "-f", "-1",
                        f("App.java")),
                bad("The given value -1 should be non-negative", "bench", "-wi", "-1", f("App.java")),
                bad("Cannot parse argument '0' of option i. The given value 0 should be positive", "bench", f("App.java"), "-i", "0"),
                bad("No enum constant org.openjdk.jmh.results.format.ResultFormatType.XML", "bench", "-rf", "xml", f("App.java")),
                bad("Cannot parse argument 'abc' of option t", "bench", "-t", "abc", f("App.java")),
                bad("Cannot parse argument 'x' of option f", "bench", "-f", "x", f("App.java")),
                bad("--engine perf: use jmh or sandprof", "bench", "--engine", "perf", f("App.java")),
                bad("-wm BULK is not supported", "bench", "-wm", "BULK", f("App.java")),
                // repl
                bad("unknown option '--bogus'", "repl", "--bogus"),
                bad("unexpected argument 'script.jsh'", "repl", "script.jsh"),
                bad("'0s' is no time at all", "repl", "--liveness-timeout", "0s"),
                bad("--java and --jvm-arg need a sandbox", "repl", "--in-process", "--jvm-arg=-Xmx8m"));
    }

    private static Arguments bad(String fragment, String... args) {
        return Arguments.of(String.join(" ", args), List.of(args), fragment);
    }

    @ParameterizedTest(name = "sandprof {0}")
    @MethodSource("badCommandLines")
    void aBadCommandLineIsOneLineNamingTheProblemWithStatusTwo(String shown, List<String> args, String fragment) {
        Outcome r = sandprof(args.toArray(String[]::new));
        assertThat(r.err()).as("what sandprof %s says", shown).contains(fragment);
        assertThat(r.err().lines()).as("one line").hasSize(1);
        assertThat(r.err()).startsWith("sandprof").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
        assertThat(r.status()).isEqualTo(2);
    }

    @Test
    void anUnreadableSourceSaysWhy() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")),
                "running as root, for whom permissions do not stop a read: an unreadable file cannot be made");
        Path locked = Files.writeString(dir.resolve("Locked.java"), "class Locked { }\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("-w-------"));
        Outcome r = sandprof("run", locked.toString());
        assertThat(r.err()).isEqualTo("sandprof run: cannot read the source file " + locked + ": permission denied\n");
        assertThat(r.status()).isEqualTo(2);
    }

    /** The program a command line names, read as {@code sandprof run} reads it, without starting it. */
    private static ProgramCommand.Program program(String... args) {
        RunCommand run = new RunCommand();
        CommandLine cli = new CommandLine(run).setStopAtPositional(true).setExpandAtFiles(false);
        cli.parseArgs(args);
        return run.program();
    }

    @Test
    void afterTheSourcesEverythingIsTheProgramsAsJavaHandsItOver() {
        // java Cat.java x @y -- z gives main [x, @y, --, z]
        ProgramCommand.Program p = program(f("App.java"), "x", "@y", "--", "z", "Util.java", "-v", "--timeout", "");
        assertThat(p.sources()).containsExactly(dir.resolve("App.java"));
        assertThat(p.args()).containsExactly("x", "@y", "--", "z", "Util.java", "-v", "--timeout", "");
        // java Cat.java -- z gives [--, z]
        assertThat(program(f("App.java"), "--", "z").args()).containsExactly("--", "z");
    }

    @Test
    void leadingSourceFilesAreThePrograms() {
        ProgramCommand.Program p = program("--timeout", "5s", f("App.java"), f("Util.java"), "x", f("App.java"));
        assertThat(p.sources()).containsExactly(dir.resolve("App.java"), dir.resolve("Util.java"));
        assertThat(p.args()).containsExactly("x", f("App.java"));
        assertThat(program("--", f("App.java"), "-v").args()).containsExactly("-v");
    }

    @Test
    void withMainEveryArgumentAfterTheOptionsIsTheProgramsEvenASourceFile() {
        // What a formatter or a compiler run from its jars gets: its files, its @argfile.
        ProgramCommand.Program p = program("--main", "tool.Format", "-cp", dir.toString(), f("App.java"), "@files", "--", "-v");
        assertThat(p.sources()).isEmpty();
        assertThat(p.mainClass()).isEqualTo("tool.Format");
        assertThat(p.args()).containsExactly(f("App.java"), "@files", "--", "-v");
        assertThat(program("--main", "tool.Format", "--", "--", "-v").args()).containsExactly("--", "-v");
    }

    @Test
    void everythingAfterJarIsTheProgramsAsWithJavaJar() {
        ProgramCommand.Program p = program("--timeout", "5s", "-jar", f("app.jar"), "--timeout", "1s", "--", "@x", "Y.java", "-jar");
        assertThat(p.mainClass()).isEqualTo("app.Main");
        assertThat(p.classPath()).containsExactly(dir.resolve("app.jar"));
        assertThat(p.args()).containsExactly("--timeout", "1s", "--", "@x", "Y.java", "-jar");
        assertThat(p.manifestJvmArgs()).isEmpty();
    }

    @Test
    void aManifestsOpensExportsAndNativeAccessBecomeTheSandboxsFlags() {
        assertThat(program("-jar", f("opens.jar")).manifestJvmArgs()).containsExactly(
                "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED");
        assertThat(program("-jar", f("native.jar")).manifestJvmArgs()).containsExactly("--enable-native-access=ALL-UNNAMED");
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs("--jvm-arg=-Xmx64m", "-jar", f("opens.jar"));
        List<String> flags = new ArrayList<>(run.options(run.program().manifestJvmArgs()).jvmArgs());
        assertThat(flags).startsWith("-Xmx64m").contains("--add-opens=java.base/java.util=ALL-UNNAMED");
    }
}
