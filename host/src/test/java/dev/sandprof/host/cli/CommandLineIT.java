package dev.sandprof.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.host.StreamText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line with a real sandbox, side by side with {@code java}: what main gets, an
 * executable jar, and the timeouts a command line sets.
 */
class CommandLineIT {

    static final Path ROOT = Path.of(System.getProperty("sandprof.home")).toAbsolutePath().normalize();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** Arguments a program's main must get as they are: an @file that exists, a source file, --, options, blanks. */
    static final List<String> ARGS = List.of("x", "@y", "--", "Z.java", "-v", "--timeout", "1s", "-jar", "", "a b");

    /** Prints each argument it gets, bracketed, and whether it could open java.lang (an executable jar's Add-Opens). */
    static final String ECHO = "package app;\n"
            + "public class Echo {\n"
            + "    public static void main(String[] args) throws Exception {\n"
            + "        System.out.println(lib.Shown.all(args));\n"
            + "        try {\n"
            + "            String.class.getDeclaredField(\"value\").setAccessible(true);\n"
            + "            System.out.println(\"java.lang is open\");\n"
            + "        } catch (RuntimeException e) {\n"
            + "            System.out.println(\"java.lang is closed\");\n"
            + "        }\n"
            + "    }\n"
            + "}\n";
    static final String SHOWN = "package lib;\n"
            + "public class Shown {\n"
            + "    public static String all(String[] args) {\n"
            + "        StringBuilder s = new StringBuilder(args.length + \" arguments:\");\n"
            + "        for (String a : args) s.append(\" [\").append(a).append(']');\n"
            + "        return s.toString();\n"
            + "    }\n"
            + "}\n";

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    static Result exec(Path cwd, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = StreamText.read(p.getInputStream());
        CompletableFuture<String> err = StreamText.read(p.getErrorStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        return new Result(p.exitValue(), out.get(), err.get());
    }


    Result sandprof(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("bin/sandprof").toString()));
        cmd.addAll(List.of(args));
        return exec(dir, cmd);
    }

    Result java(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA));
        cmd.addAll(List.of(args));
        return exec(dir, cmd);
    }

    private static String[] with(List<String> first, List<String> then) {
        return Stream.concat(first.stream(), then.stream()).toArray(String[]::new);
    }

    /** An @file that java's launcher would expand if it read one there, and a Z.java that compiles. */
    private void argumentTraps() throws IOException {
        Files.writeString(dir.resolve("y"), "Q.java --main nothing\n");
        Files.writeString(dir.resolve("Z.java"), "class Z { }\n");
    }

    @Test
    void afterTheSourceFileMainGetsWhatJavaGivesIt() throws Exception {
        argumentTraps();
        Files.writeString(dir.resolve("Echo.java"), ECHO.replace("package app;\n", "").replace("lib.Shown.all(args)", "Shown.all(args)")
                + SHOWN.replace("package lib;\n", "").replace("public class Shown", "class Shown"));
        Result java = java(with(List.of("Echo.java"), ARGS));
        Result sandprof = sandprof(with(List.of("run", "Echo.java"), ARGS));
        assertThat(java.out()).startsWith("10 arguments: [x] [@y] [--] [Z.java] [-v] [--timeout] [1s] [-jar] [] [a b]\n");
        assertThat(sandprof.err()).isEmpty();
        assertThat(sandprof.out()).isEqualTo(java.out());
        assertThat(sandprof.status()).isEqualTo(java.status()).isZero();
    }

    @Test
    void withMainEveryArgumentAfterTheOptionsIsThePrograms() throws Exception {
        argumentTraps();
        Path classes = compile(dir.resolve("classes"), Files.writeString(dir.resolve("Echo.java"), ECHO),
                Files.writeString(dir.resolve("Shown.java"), SHOWN));
        // java -cp d Main ARG...: the class ends java's options; --main is an option, so -- ends sandprof's.
        Result java = java(with(List.of("-cp", classes.toString(), "app.Echo"), ARGS));
        Result sandprof = sandprof(with(List.of("run", "--main", "app.Echo", "--class-path", classes.toString()), ARGS));
        assertThat(java.out()).startsWith("10 arguments: [x] [@y] [--] [Z.java]");
        assertThat(sandprof.err()).isEmpty();
        assertThat(sandprof.out()).isEqualTo(java.out());
        Result dashes = sandprof(with(List.of("run", "--main", "app.Echo", "-cp", classes.toString(), "--", "--"), ARGS));
        assertThat(dashes.out()).startsWith("11 arguments: [--] [x] [@y] [--]");
    }

    @Test
    void anExecutableJarRunsAsWithJavaJar() throws Exception {
        argumentTraps();
        Path appClasses = compile(dir.resolve("app-classes"), Files.writeString(dir.resolve("Echo.java"), ECHO),
                Files.writeString(dir.resolve("Shown.java"), SHOWN));
        Path dist = Files.createDirectories(dir.resolve("dist"));
        // The library in a jar of its own, found only through the app jar's Class-Path, relative to the app jar's folder.
        jar(dist.resolve("lib/shown.jar"), appClasses, "lib/", new Manifest());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "app.Echo");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/shown.jar");
        manifest.getMainAttributes().putValue("Add-Opens", "java.base/java.lang");
        Path app = jar(dist.resolve("app.jar"), appClasses, "app/", manifest);

        Result java = java(with(List.of("-jar", app.toString()), ARGS));
        assertThat(java.err()).isEmpty();
        assertThat(java.out()).isEqualTo("10 arguments: [x] [@y] [--] [Z.java] [-v] [--timeout] [1s] [-jar] [] [a b]\n"
                + "java.lang is open\n");
        Result run = sandprof(with(List.of("run", "-jar", app.toString()), ARGS));
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(java.out());
        assertThat(run.status()).isEqualTo(java.status()).isZero();
        // Without the manifest's Add-Opens the same class finds java.lang closed: the attribute did the opening.
        Result closed = sandprof("run", "--class-path", app + ":" + dist.resolve("lib/shown.jar"), "--main", "app.Echo");
        assertThat(closed.out()).isEqualTo("0 arguments:\njava.lang is closed\n");

        Result trace = sandprof(with(List.of("trace", "-jar", app.toString()), ARGS));
        assertThat(trace.out()).isEqualTo(java.out());
        assertThat(trace.status()).isZero();
        Result profile = sandprof(with(List.of("profile", "--out", dir.resolve("prof").toString(), "-jar", app.toString()), ARGS));
        assertThat(profile.out()).isEqualTo(java.out());
        assertThat(profile.status()).isZero();
    }

    @Test
    void aJarWithoutMainClassIsRefusedAsJavaRefusesIt() throws Exception {
        Path classes = compile(dir.resolve("classes"), Files.writeString(dir.resolve("Shown.java"), SHOWN));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path lib = jar(dir.resolve("lib.jar"), classes, "lib/", manifest);
        Result java = java("-jar", lib.toString());
        assertThat(java.err()).contains("no main manifest attribute");
        Result sandprof = sandprof("run", "-jar", lib.toString(), "x");
        assertThat(sandprof.err()).isEqualTo("sandprof run: no Main-Class in the manifest of " + lib
                + " (java -jar says: no main manifest attribute): name the class with --class-path " + lib + " --main CLASS\n");
        assertThat(sandprof.status()).isEqualTo(2);
    }

    @Test
    void theStartTimeoutBoundsASandboxThatNeverConnects() throws Exception {
        Files.writeString(dir.resolve("App.java"), "public class App { public static void main(String[] a) { } }\n");
        Path java = fakeJava("silent-jdk", true);
        Result r = sandprof("run", "--java", java.toString(), "--start-timeout", "2s", "App.java");
        assertThat(r.err()).contains("did not connect within 2000 ms; it was ended");
        assertThat(r.status()).isEqualTo(125);
    }

    @Test
    void theStartTimeoutBoundsTheVersionProbeOfAJdkWithoutReleaseFile() throws Exception {
        Files.writeString(dir.resolve("App.java"), "public class App { public static void main(String[] a) { } }\n");
        Path java = fakeJava("mute-jdk", false);
        Result r = sandprof("trace", "--java", java.toString(), "--start-timeout", "1500ms", "App.java");
        assertThat(r.err()).contains("did not answer -version within 1500 ms");
        assertThat(r.status()).isEqualTo(125);
    }

    @Test
    void theTimeoutEndsATracedOrProfiledRunWith124() throws Exception {
        Files.writeString(dir.resolve("Forever.java"), "public class Forever { public static void main(String[] a) { while (true) { } } }\n");
        Result trace = sandprof("trace", "--timeout", "1s", "Forever.java");
        assertThat(trace.err()).contains("ran past its 1 s timeout");
        assertThat(trace.status()).isEqualTo(124);
        Result profile = sandprof("profile", "--timeout", "1s", "--out", dir.resolve("prof").toString(), "Forever.java");
        assertThat(profile.err()).contains("ran past its 1 s timeout");
        assertThat(profile.status()).isEqualTo(124);
    }

    /** A {@code bin/java} that never answers (it sleeps, in the process the host started, which ends it). */
    private Path fakeJava(String name, boolean releaseFile) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        if (releaseFile) {
            Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.99\"\n");
        }
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nexec sleep 600\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return java;
    }

    private static Path compile(Path out, Path... sources) {
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString()));
        for (Path s : sources) {
            args.add(s.toString());
        }
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new))).isZero();
        return out;
    }

    /** A jar of the class files under {@code classes/prefix}. */
    private static Path jar(Path file, Path classes, String prefix, Manifest manifest) throws IOException {
        Files.createDirectories(file.getParent());
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(classes.resolve(prefix))) {
            entries = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Path e : entries) {
                jar.putNextEntry(new JarEntry(classes.relativize(e).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(e));
                jar.closeEntry();
            }
        }
        return file;
    }
}
