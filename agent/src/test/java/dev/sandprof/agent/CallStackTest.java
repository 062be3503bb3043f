package dev.sandprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.agent.internal.ShadowStack;
import dev.sandprof.agent.internal.ShippedCodeInstrumentation;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
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
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The call-stack advice on classes defined by a sandprof-named loader, with a real agent attached. */
class CallStackTest {

    private static Instrumentation instrumentation;
    private static ClassFileTransformer transformer;

    @BeforeAll
    static void attach() {
        instrumentation = ByteBuddyAgent.install();
        transformer = ShippedCodeInstrumentation.install(instrumentation);
    }

    @AfterAll
    static void detach() {
        instrumentation.removeTransformer(transformer);
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

    /** A loader named as sandprof's generations are. */
    static final class Generation extends ClassLoader {
        private final Map<String, byte[]> classes;

        Generation(String name, Map<String, byte[]> classes) {
            super(name, CallStackTest.class.getClassLoader());
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
    }

    private static final String DEEP = "public class Deep {\n"
            + "    public static Object a() { return b(); }\n"
            + "    static Object b() { return new Deep().c(); }\n"
            + "    Object c() { return dev.sandprof.agent.CallStack.current(); }\n"
            + "    public static Object afterThrow() {\n"
            + "        try { thrower(); } catch (IllegalStateException e) { }\n"
            + "        return dev.sandprof.agent.CallStack.current();\n"
            + "    }\n"
            + "    static void thrower() { throw new IllegalStateException(); }\n"
            + "}\n";

    @Test
    void shippedMethodsAreOnTheStackInnermostFirst() throws Exception {
        Class<?> deep = new Generation("sandprof-generation-1", compile("Deep", DEEP)).loadClass("Deep");
        assertThat(deep.getMethod("a").invoke(null)).isEqualTo(List.of("Deep.c", "Deep.b", "Deep.a"));
    }

    @Test
    void aMethodLeftByAnExceptionIsPopped() throws Exception {
        Class<?> deep = new Generation("sandprof-generation-2", compile("Deep", DEEP)).loadClass("Deep");
        assertThat(deep.getMethod("afterThrow").invoke(null)).isEqualTo(List.of("Deep.afterThrow"));
    }

    @Test
    void eachThreadHasItsOwnStack() throws Exception {
        Class<?> deep = new Generation("sandprof-generation-4", compile("Deep", DEEP)).loadClass("Deep");
        java.lang.reflect.Method a = deep.getMethod("a");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Object>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            results.add(pool.submit(() -> {
                Object last = null;
                for (int k = 0; k < 1000; k++) {
                    last = a.invoke(null);
                }
                return last;
            }));
        }
        for (java.util.concurrent.Future<Object> r : results) {
            assertThat(r.get()).isEqualTo(List.of("Deep.c", "Deep.b", "Deep.a"));
        }
        pool.shutdown();
    }

    @Test
    void classesOfOtherLoadersAreLeftAlone() throws Exception {
        Class<?> deep = new Generation("someone-else", compile("Deep", DEEP)).loadClass("Deep");
        assertThat(deep.getMethod("a").invoke(null)).isEqualTo(List.of());
    }

    @Test
    void recordingCanBeSwitchedOff() throws Exception {
        Class<?> deep = new Generation("sandprof-generation-3", compile("Deep", DEEP)).loadClass("Deep");
        ShadowStack.recording = false;
        try {
            assertThat(deep.getMethod("a").invoke(null)).isEqualTo(List.of());
        } finally {
            ShadowStack.recording = true;
        }
        assertThat(ShadowStack.current().frames()).isEmpty();
    }
}
