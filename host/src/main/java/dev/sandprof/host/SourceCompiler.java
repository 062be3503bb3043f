package dev.sandprof.host;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources in memory with {@code javax.tools}, for a chosen {@code --release}: the
 * class files never touch the disk, they go to the sandbox as bytes. One instance compiles one
 * thing at a time; keep it for the next compilation, which is then much faster.
 */
public final class SourceCompiler {

    private final JavaCompiler javac;
    /**
     * Kept across compilations, as JShell keeps its own: opening the platform's class index
     * ({@code ct.sym}, the runtime image) is most of a warm compilation's cost.
     */
    private final StandardJavaFileManager files;

    public SourceCompiler() {
        javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home")
                    + ": run sandprof on a JDK, not a JRE");
        }
        files = javac.getStandardFileManager(null, Locale.ROOT, null);
    }

    /** The {@code --release} to compile for a sandbox of the given feature release. */
    public static int releaseFor(int sandboxFeature) {
        return Math.min(sandboxFeature, Runtime.version().feature());
    }

    /**
     * Compiles source files.
     *
     * @param sources {@code .java} files; the first one's first class is the program's entry
     * @param classPath jars and directories the sources compile against
     * @param release the {@code --release} to target
     * @throws CompilationException listing every error with file, line and column
     * @throws IllegalArgumentException naming a source file that cannot be read
     */
    public synchronized CompiledProgram compile(List<Path> sources, List<Path> classPath, int release) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source files to compile");
        }
        for (Path p : sources) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no such source file: " + p);
            }
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        InMemoryOutput output = new InMemoryOutput(files);
        // Source and line tables are what stack traces and profiles need; local variable tables
        // cost ~2 ms a compilation more.
        List<String> options = new ArrayList<>(List.of("-g:source,lines", "-proc:none"));
        if (release != Runtime.version().feature()) {
            // Only for an older sandbox: reading the platform's API from ct.sym costs ~10 ms a
            // compilation, and the host's own release is what javac targets anyway.
            options.addAll(List.of("--release", Integer.toString(release)));
        }
        try {
            // Always set, even when empty: javac would otherwise fall back to the host's own class
            // path, and the shared file manager would keep the previous compilation's.
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad class path " + classPath + ": " + e.getMessage(), e);
        }
        Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
        JavacTask task = (JavacTask) javac.getTask(null, output, diagnostics, options, null, units);
        String first;
        try {
            Iterable<? extends CompilationUnitTree> trees = task.parse();
            first = firstClass(trees);
            task.analyze();
            task.generate();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the sources: " + e.getMessage(), e);
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(format(d));
            }
        }
        if (!errors.isEmpty()) {
            throw new CompilationException(errors);
        }
        if (first == null) {
            throw new CompilationException(List.of(sources.get(0) + ": error: declares no class to run"));
        }
        return new CompiledProgram(output.classes, first);
    }

    private static String firstClass(Iterable<? extends CompilationUnitTree> trees) {
        for (CompilationUnitTree unit : trees) {
            String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString() + ".";
            for (Tree t : unit.getTypeDecls()) {
                if (t instanceof ClassTree) {
                    return pkg + ((ClassTree) t).getSimpleName();
                }
            }
            return null; // only the first file's classes can be the entry point
        }
        return null;
    }

    /**
     * {@code File.java:LINE:COL: error: message}, then the source line and a caret under the
     * column. The column counts characters from 1, a tab as one, as editors take it when jumping
     * to a location (javac's own column number expands tabs to 8).
     */
    static String format(Diagnostic<? extends JavaFileObject> d) {
        String message = d.getMessage(Locale.ROOT);
        String headline = message;
        String details = "";
        int nl = message.indexOf('\n');
        if (nl >= 0) {
            headline = message.substring(0, nl);
            details = message.substring(nl);
        }
        JavaFileObject source = d.getSource();
        StringBuilder out = new StringBuilder(source == null ? "<unknown>" : displayName(source));
        String text = sourceText(source);
        long position = d.getPosition();
        if (text != null && position != Diagnostic.NOPOS && position <= text.length()) {
            int lineStart = text.lastIndexOf('\n', (int) position - 1) + 1;
            int lineEnd = text.indexOf('\n', (int) position);
            String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd).replace("\r", "");
            int column = (int) position - lineStart;
            out.append(':').append(d.getLineNumber()).append(':').append(column + 1)
                    .append(": error: ").append(headline).append('\n').append(line).append('\n');
            for (int i = 0; i < column && i < line.length(); i++) {
                out.append(line.charAt(i) == '\t' ? '\t' : ' ');
            }
            out.append('^');
        } else {
            out.append(": error: ").append(headline);
        }
        return out.append(details).toString();
    }

    private static String displayName(JavaFileObject source) {
        URI uri = source.toUri();
        if ("file".equals(uri.getScheme())) {
            Path p = Path.of(uri);
            Path cwd = Path.of("").toAbsolutePath();
            return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
        }
        return source.getName();
    }

    private static String sourceText(JavaFileObject source) {
        if (source == null) {
            return null;
        }
        try {
            return source.getCharContent(true).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Keeps class files in memory instead of writing them. */
    private static final class InMemoryOutput extends ForwardingJavaFileManager<JavaFileManager> {
        final Map<String, byte[]> classes = new HashMap<>();

        InMemoryOutput(JavaFileManager delegate) {
            super(delegate);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            synchronized (classes) {
                                classes.put(className, toByteArray());
                            }
                        }
                    };
                }
            };
        }
    }
}
