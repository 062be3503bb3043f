package dev.sandprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Classes compiled in memory and defined the way sandprof's loaders define shipped classes. */
final class Shipped {

    private static boolean instrumented;

    private Shipped() {}

    /** Attaches the agent to this JVM and instruments classes that {@link Generation}s define. */
    static synchronized void instrument() {
        if (!instrumented) {
            dev.sandprof.agent.internal.ShippedCodeInstrumentation.install(net.bytebuddy.agent.ByteBuddyAgent.install(),
                    loader -> loader.getClass() == Generation.class);
            instrumented = true;
        }
    }

    /** Compiles {@code name} from {@code source} and loads it in a new {@link Generation}. */
    static Class<?> load(String name, String source) throws ClassNotFoundException {
        return new Generation(name + System.nanoTime(), compile(name, source)).loadClass(name);
    }

    /** Compiles one class in memory. */
    static Map<String, byte[]> compile(String name, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, byte[]> out = new HashMap<>();
        JavaFileManager files = new ForwardingJavaFileManager<>(javac.getStandardFileManager(null, null, null)) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location l, String n, JavaFileObject.Kind k, FileObject s) {
                return new SimpleJavaFileObject(URI.create("mem:///" + n + ".class"), k) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                out.put(n, toByteArray());
                            }
                        };
                    }
                };
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignore) {
                return source;
            }
        };
        assertThat(javac.getTask(null, files, null, List.of("-classpath", System.getProperty("java.class.path")),
                null, List.of(unit)).call()).isTrue();
        return out;
    }

    /** A loader that stands for sandprof's generations: {@link #instrument} takes its classes. */
    static class Generation extends ClassLoader {
        private final Map<String, byte[]> classes;

        Generation(String name, Map<String, byte[]> classes) {
            this(name, classes, Shipped.class.getClassLoader());
        }

        Generation(String name, Map<String, byte[]> classes, ClassLoader parent) {
            super(name, parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }

        @Override
        public java.io.InputStream getResourceAsStream(String name) {
            byte[] b = name.endsWith(".class") ? classes.get(name.substring(0, name.length() - 6).replace('/', '.')) : null;
            return b != null ? new java.io.ByteArrayInputStream(b) : super.getResourceAsStream(name);
        }
    }

    /** A loader like a generation, but someone else's: its classes are not instrumented. */
    static final class Foreign extends Generation {
        Foreign(String name, Map<String, byte[]> classes) {
            super(name, classes);
        }

        Foreign(String name, Map<String, byte[]> classes, ClassLoader parent) {
            super(name, classes, parent);
        }
    }
}
