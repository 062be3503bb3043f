package dev.sandprof.agent.internal;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which classes of sandprof's loaders are instrumented: those the host shipped as bytes (they have
 * no code source), and those the user named, by class name pattern ({@code com.example.*},
 * {@code com.example.Parser}) or by the jar or directory they come from.
 */
final class InstrumentationScope {

    private final List<Predicate<String>> names = new CopyOnWriteArrayList<>();
    private final Set<Path> locations = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Adds classes to instrument from now on. A pattern naming a {@code .jar} file or holding a
     * {@code /} is a path (absolute) to a jar or class directory; otherwise it is a class name in
     * which {@code *} stands for any characters, and a name without {@code *} also takes in the
     * package below it.
     */
    void add(List<String> patterns) {
        for (String p : patterns) {
            if (p.endsWith(".jar") || p.contains("/")) {
                locations.add(Path.of(p).toAbsolutePath().normalize());
            } else if (p.contains("*")) {
                Pattern regex = Pattern.compile(Pattern.quote(p).replace("*", "\\E.*\\Q"));
                names.add(name -> regex.matcher(name).matches());
            } else {
                names.add(name -> name.equals(p) || name.startsWith(p + "."));
            }
        }
    }

    boolean includes(String className, ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        if (source == null || source.getLocation() == null) {
            return true; // defined from bytes the host shipped
        }
        for (Predicate<String> n : names) {
            if (n.test(className)) {
                return true;
            }
        }
        if (!locations.isEmpty()) {
            try {
                return locations.contains(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
            } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return false;
            }
        }
        return false;
    }
}
