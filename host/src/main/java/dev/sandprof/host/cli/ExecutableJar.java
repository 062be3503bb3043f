package dev.sandprof.host.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A jar run as {@code java -jar} runs it: the class its manifest's {@code Main-Class} names, and
 * the JVM flags its {@code Add-Opens}, {@code Add-Exports} and {@code Enable-Native-Access} stand
 * for. Its {@code Class-Path} (and that of the jars it names, relative to each jar's folder) and
 * its {@code Multi-Release} entries are honoured by the sandbox's class loader, a
 * {@code URLClassLoader}, with the JDK's own code. What else the JDK's launcher reads from a
 * manifest is refused by name: sandprof does not start a launcher agent, a JavaFX application or
 * a splash screen.
 *
 * @param jar       the jar, as given
 * @param mainClass the binary name of the class whose main runs
 * @param jvmArgs   the flags for the sandbox JVM that the manifest asks for
 */
record ExecutableJar(Path jar, String mainClass, List<String> jvmArgs) {

    /** Attributes the JDK's launcher honours that sandprof does not, and what they would do. */
    private static final List<String[]> REFUSED = List.of(
            new String[] {"Launcher-Agent-Class", "an agent that java -jar starts before main"},
            new String[] {"JavaFX-Application-Class", "a JavaFX application, which java -jar hands to JavaFX's launcher"},
            new String[] {"SplashScreen-Image", "a splash screen that java -jar shows"});

    /**
     * Reads the jar's manifest.
     *
     * @throws IllegalArgumentException naming what is wrong with the jar, or what it asks that
     *                                  sandprof does not do
     */
    static ExecutableJar of(Path jar) {
        String problem = InputFiles.problem(jar, "jar");
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(jar + " is not a readable jar (" + e.getMessage() + ")");
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String mainClass = main.getValue(Attributes.Name.MAIN_CLASS);
        if (mainClass == null || mainClass.isBlank()) {
            throw new IllegalArgumentException("no Main-Class in the manifest of " + jar
                    + " (java -jar says: no main manifest attribute): name the class with --class-path " + jar + " --main CLASS");
        }
        for (String[] refused : REFUSED) {
            if (main.getValue(refused[0]) != null) {
                throw new IllegalArgumentException("the manifest of " + jar + " has " + refused[0] + ": " + main.getValue(refused[0])
                        + ", " + refused[1] + "; sandprof does not: run it with java -jar");
            }
        }
        List<String> jvmArgs = new ArrayList<>();
        jvmArgs.addAll(toAllUnnamed(jar, main, "Add-Exports", "--add-exports="));
        jvmArgs.addAll(toAllUnnamed(jar, main, "Add-Opens", "--add-opens="));
        String nativeAccess = main.getValue("Enable-Native-Access");
        if (nativeAccess != null) {
            if (!nativeAccess.strip().equals("ALL-UNNAMED")) {
                // The JDK's launcher refuses any other value too.
                throw new IllegalArgumentException("the manifest of " + jar + " has Enable-Native-Access: " + nativeAccess
                        + "; only ALL-UNNAMED is allowed there");
            }
            jvmArgs.add("--enable-native-access=ALL-UNNAMED");
        }
        // The launcher takes app/Main for app.Main too.
        return new ExecutableJar(jar, mainClass.strip().replace('/', '.'), List.copyOf(jvmArgs));
    }

    /** {@code Add-Opens: java.base/java.lang java.base/java.util} as the flags that do the same for the class path. */
    private static List<String> toAllUnnamed(Path jar, Attributes main, String name, String flag) {
        String value = main.getValue(name);
        List<String> flags = new ArrayList<>();
        if (value == null) {
            return flags;
        }
        for (String modulePackage : value.strip().split("\\s+")) {
            if (modulePackage.isEmpty()) {
                continue;
            }
            String[] parts = modulePackage.split("/");
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new IllegalArgumentException("the manifest of " + jar + " has " + name + ": " + value + "; each entry must be"
                        + " MODULE/PACKAGE, and " + modulePackage + " is not");
            }
            flags.add(flag + modulePackage + "=ALL-UNNAMED");
        }
        return flags;
    }
}
