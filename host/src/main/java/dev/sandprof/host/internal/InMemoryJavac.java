package dev.sandprof.host.internal;

import dev.sandprof.host.CompilationException;
import dev.sandprof.host.CompiledProgram;

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
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources in memory with {@code javax.tools}, for a chosen {@code --release}: the
 * class files never touch the disk, they go to the sandbox as bytes. One instance compiles one
 * thing at a time; keep it for the next compilation, which is then much faster. The engine behind
 * the public {@link dev.sandprof.host.SourceCompiler}, and what snippets and benchmark stubs
 * compile with (sources held in memory, against classes known only as bytes).
 */
public final class InMemoryJavac {

    private final JavaCompiler javac;
    /**
     * Kept across compilations, as JShell keeps its own: opening the platform's class index
     * ({@code ct.sym}, the runtime image) is most of a warm compilation's cost.
     */
    private final StandardJavaFileManager files;

    public InMemoryJavac() {
        javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home")
                    + ": run sandprof on a JDK, not a JRE");
        }
        files = javac.getStandardFileManager(null, Locale.ROOT, null);
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
    public CompiledProgram compile(List<Path> sources, List<Path> classPath, int release) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source files to compile");
        }
        for (Path p : sources) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no such source file: " + p);
            }
        }
        Outcome outcome = run(files.getJavaFileObjectsFromPaths(sources), Map.of(), classPath, release, List.of(), List.of());
        outcome.throwErrors();
        if (outcome.firstClass == null) {
            throw new CompilationException(List.of(sources.get(0) + ": error: declares no class to run"));
        }
        return new CompiledProgram(outcome.classes, outcome.firstClass);
    }

    /**
     * Compiles source files with annotation processors, as a build with them on its processor path
     * does: the sources they generate are compiled in the same compilation, and the resources they
     * write ({@code META-INF/...}) are kept, in memory, beside the classes.
     *
     * @param processors the processors, and only they (none is discovered on the class path)
     * @throws CompilationException listing every error, the processors' own among them
     */
    public Outcome compileWithProcessors(List<Path> sources, List<Path> classPath, int release,
                                         List<? extends javax.annotation.processing.Processor> processors) {
        for (Path p : sources) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no such source file: " + p);
            }
        }
        Outcome outcome = run(files.getJavaFileObjectsFromPaths(sources), Map.of(), classPath, release, processors, List.of());
        outcome.throwErrors();
        return outcome;
    }

    /**
     * Runs annotation processors over compiled classes ({@code javac}'s class names to process, found
     * on the class path), and compiles what they generate: JMH's processor over benchmarks built
     * without it.
     *
     * @param classNames the top-level classes, by canonical name
     * @throws CompilationException listing every error, the processors' among them
     */
    public Outcome processClasses(List<String> classNames, List<Path> classPath, int release,
                                  List<? extends javax.annotation.processing.Processor> processors) {
        Outcome outcome = run(List.of(), Map.of(), classPath, release, processors, classNames);
        outcome.throwErrors();
        return outcome;
    }

    /** What one compilation gave: classes, or errors with javac's diagnostic codes. */
    public static final class Outcome {
        public final Map<String, byte[]> classes;
        public final String firstClass;
        public final List<Diagnostic<? extends JavaFileObject>> errors;
        /** What annotation processors wrote to the class output, by path ({@code META-INF/BenchmarkList}). */
        public final Map<String, byte[]> resources;

        Outcome(Map<String, byte[]> classes, String firstClass, List<Diagnostic<? extends JavaFileObject>> errors) {
            this(classes, firstClass, errors, Map.of());
        }

        Outcome(Map<String, byte[]> classes, String firstClass, List<Diagnostic<? extends JavaFileObject>> errors,
                Map<String, byte[]> resources) {
            this.classes = classes;
            this.firstClass = firstClass;
            this.errors = errors;
            this.resources = resources;
        }

        void throwErrors() {
            throwErrors(null, 0);
        }

        /**
         * @param name what to call the source in messages, instead of its file name
         * @param linesBefore lines of generated text before the user's first line
         */
        public void throwErrors(String name, int linesBefore) {
            if (!errors.isEmpty()) {
                List<String> formatted = new ArrayList<>();
                errors.forEach(d -> formatted.add(format(d, name, linesBefore)));
                throw new CompilationException(formatted);
            }
        }
    }

    /**
     * Compiles one source held in memory, against classes known only as bytes (those already
     * shipped to the sandbox) as well as a class path.
     */
    public Outcome compileSource(String className, String source, Map<String, byte[]> known, List<Path> classPath, int release) {
        return run(List.of(sourceFile(className, source)), known, classPath, release, List.of(), List.of());
    }

    /**
     * Compiles generated sources held in memory ({@code className → source}) against classes known
     * as bytes and a class path.
     *
     * @throws CompilationException listing every error
     */
    public Map<String, byte[]> compileGenerated(Map<String, String> sources, Map<String, byte[]> known, List<Path> classPath,
                                                int release) {
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, source) -> units.add(sourceFile(name, source)));
        Outcome outcome = run(units, known, classPath, release, List.of(), List.of());
        outcome.throwErrors();
        return outcome.classes;
    }

    /** A compilation unit held in memory. */
    public static JavaFileObject sourceFile(String className, String source) {
        return new SimpleJavaFileObject(URI.create("string:///" + className.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
    }

    private synchronized Outcome run(Iterable<? extends JavaFileObject> units, Map<String, byte[]> known,
                                     List<Path> classPath, int release,
                                     List<? extends javax.annotation.processing.Processor> processors,
                                     List<String> classNames) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        MemoryFiles memory = new MemoryFiles(files, known);
        // Source and line tables are what stack traces and profiles need; local variable tables
        // cost ~2 ms a compilation more.
        List<String> options = new ArrayList<>(List.of("-g:source,lines"));
        if (processors.isEmpty()) {
            options.add("-proc:none");
        }
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
        JavacTask task = (JavacTask) javac.getTask(null, memory, diagnostics, options, classNames.isEmpty() ? null : classNames,
                units);
        if (!processors.isEmpty()) {
            task.setProcessors(processors);
        }
        String first;
        if (!classNames.isEmpty()) {
            // Only call() hands javac's class names to its annotation processing (enter() passes none).
            task.call();
            return new Outcome(memory.output, null, errors(diagnostics), memory.resources);
        }
        try {
            Iterable<? extends CompilationUnitTree> trees = task.parse();
            first = firstClass(trees);
            task.analyze();
            task.generate();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the sources: " + e.getMessage(), e);
        }
        return new Outcome(memory.output, first, errors(diagnostics), memory.resources);
    }

    private static List<Diagnostic<? extends JavaFileObject>> errors(DiagnosticCollector<JavaFileObject> diagnostics) {
        List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d);
            }
        }
        return errors;
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
        return format(d, null, 0);
    }

    private static String format(Diagnostic<? extends JavaFileObject> d, String name, int linesBefore) {
        String message = d.getMessage(Locale.ROOT);
        String headline = message;
        String details = "";
        int nl = message.indexOf('\n');
        if (nl >= 0) {
            headline = message.substring(0, nl);
            details = message.substring(nl);
        }
        JavaFileObject source = d.getSource();
        StringBuilder out = new StringBuilder(name != null ? name : source == null ? "<unknown>" : displayName(source));
        String text = sourceText(source);
        long position = d.getPosition();
        if (text != null && position != Diagnostic.NOPOS && position <= text.length()) {
            int lineStart = text.lastIndexOf('\n', (int) position - 1) + 1;
            int lineEnd = text.indexOf('\n', (int) position);
            String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd).replace("\r", "");
            int column = (int) position - lineStart;
            out.append(':').append(d.getLineNumber() - linesBefore).append(':').append(column + 1)
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

    /**
     * Class files in memory: the compilation's output is kept there, and classes known only as
     * bytes are offered on the class path beside the real one.
     */
    private static final class MemoryFiles extends ForwardingJavaFileManager<StandardJavaFileManager> {
        final Map<String, byte[]> output = new HashMap<>();
        /** Resources written by annotation processors, by path. */
        final Map<String, byte[]> resources = new java.util.TreeMap<>();
        private final Map<String, byte[]> known;

        MemoryFiles(StandardJavaFileManager delegate, Map<String, byte[]> known) {
            super(delegate);
            this.known = known;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            if (kind == JavaFileObject.Kind.SOURCE) {
                // A processor's generated source: javac reads it back for the next round.
                return new GeneratedSource(className);
            }
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            synchronized (output) {
                                output.put(className, toByteArray());
                            }
                        }
                    };
                }
            };
        }

        @Override
        public FileObject getFileForOutput(Location location, String packageName, String relativeName, FileObject sibling)
                throws IOException {
            if (location != StandardLocation.CLASS_OUTPUT) {
                throw new IOException("only the class output is kept: cannot write " + relativeName + " to " + location.getName());
            }
            String path = resourcePath(packageName, relativeName);
            return new SimpleJavaFileObject(URI.create("mem:///" + path), JavaFileObject.Kind.OTHER) {
                /** javac's Filer reads an output resource back through this same kind of object. */
                @Override
                public java.io.InputStream openInputStream() throws IOException {
                    byte[] bytes;
                    synchronized (resources) {
                        bytes = resources.get(path);
                    }
                    if (bytes == null) {
                        throw new java.io.FileNotFoundException(path);
                    }
                    return new java.io.ByteArrayInputStream(bytes);
                }

                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            synchronized (resources) {
                                resources.put(path, toByteArray());
                            }
                        }
                    };
                }
            };
        }

        /** A resource a processor reads back (JMH's benchmark list, for incremental builds): only what it wrote. */
        @Override
        public FileObject getFileForInput(Location location, String packageName, String relativeName) throws IOException {
            if (location != StandardLocation.CLASS_OUTPUT) {
                return super.getFileForInput(location, packageName, relativeName);
            }
            String path = resourcePath(packageName, relativeName);
            byte[] bytes;
            synchronized (resources) {
                bytes = resources.get(path);
            }
            if (bytes == null) {
                throw new java.io.FileNotFoundException(path);
            }
            return new SimpleJavaFileObject(URI.create("mem:///" + path), JavaFileObject.Kind.OTHER) {
                @Override
                public java.io.InputStream openInputStream() {
                    return new java.io.ByteArrayInputStream(bytes);
                }
            };
        }

        private static String resourcePath(String packageName, String relativeName) {
            return packageName.isEmpty() ? relativeName : packageName.replace('.', '/') + "/" + relativeName;
        }

        @Override
        public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                                             boolean recurse) throws IOException {
            Iterable<JavaFileObject> listed = super.list(location, packageName, kinds, recurse);
            if (location != StandardLocation.CLASS_PATH || !kinds.contains(JavaFileObject.Kind.CLASS) || known.isEmpty()) {
                return listed;
            }
            List<JavaFileObject> all = new ArrayList<>();
            listed.forEach(all::add);
            for (Map.Entry<String, byte[]> c : known.entrySet()) {
                int dot = c.getKey().lastIndexOf('.');
                String pkg = dot < 0 ? "" : c.getKey().substring(0, dot);
                if (pkg.equals(packageName) || recurse && pkg.startsWith(packageName + ".")) {
                    all.add(new KnownClass(c.getKey(), c.getValue()));
                }
            }
            return all;
        }

        @Override
        public String inferBinaryName(Location location, JavaFileObject file) {
            return file instanceof KnownClass ? ((KnownClass) file).binaryName : super.inferBinaryName(location, file);
        }
    }

    /** A source a processor generates, held in memory: written once, then read by javac. */
    private static final class GeneratedSource extends SimpleJavaFileObject {
        private final java.io.StringWriter text = new java.io.StringWriter();

        GeneratedSource(String className) {
            super(URI.create("generated:///" + className.replace('.', '/') + ".java"), Kind.SOURCE);
        }

        @Override
        public java.io.Writer openWriter() {
            return text;
        }

        @Override
        public OutputStream openOutputStream() {
            return new ByteArrayOutputStream() {
                @Override
                public void close() {
                    text.write(new String(toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
                }
            };
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text.toString();
        }
    }

    /** A class file known only as bytes. */
    private static final class KnownClass extends SimpleJavaFileObject {
        final String binaryName;
        private final byte[] bytes;

        KnownClass(String binaryName, byte[] bytes) {
            super(URI.create("mem:///known/" + binaryName.replace('.', '/') + ".class"), Kind.CLASS);
            this.binaryName = binaryName;
            this.bytes = bytes;
        }

        @Override
        public java.io.InputStream openInputStream() {
            return new java.io.ByteArrayInputStream(bytes);
        }
    }
}
