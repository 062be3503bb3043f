package dev.sandprof.sandbox.bench.jmh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;

/**
 * The loader of one JMH fork: jmh-core (and its two libraries), the user's classes with JMH's
 * generated ones, and the fork's runner, all defined here, child-first. JMH finds the generated
 * classes by name from its own loader ({@code Class.forName} in {@code ClassUtils}), and the
 * generated code links against JMH's classes: so both must be this loader's, one copy of JMH that
 * the user's code, the generated code and the runner share. The runtime's own jmh-core (its
 * module's) is never seen by them.
 *
 * <p>Everything else (the JDK) comes from the parent. It has no name, as {@code java}'s loaders
 * print none in stack traces.
 */
final class JmhForkLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;
    private final java.util.function.Predicate<String> isUser;
    private final java.util.function.Consumer<String> userClassDefined;

    /**
     * @param classes the classes shipped: the user's, JMH's generated ones, the fork's runner
     * @param jars    jmh-core and its libraries, then the user's class path
     * @param isUser  which classes are the user's (not JMH's, not generated, not the runner's)
     * @param userClassDefined told each of the user's classes defined here (profiles keep their frames)
     */
    JmhForkLoader(Map<String, byte[]> classes, URL[] jars, ClassLoader parent, java.util.function.Predicate<String> isUser,
                  java.util.function.Consumer<String> userClassDefined) {
        super(null, jars, parent);
        this.classes = classes;
        this.isUser = isUser;
        this.userClassDefined = userClassDefined;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && !name.startsWith("java.")) {
                try {
                    c = findClass(name); // child-first: JMH's classes and the user's are this loader's own
                } catch (ClassNotFoundException e) {
                    c = null;
                }
            }
            if (c == null) {
                return super.loadClass(name, resolve);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        Class<?> c = bytes != null ? defineClass(name, bytes, 0, bytes.length) : super.findClass(name);
        if (isUser.test(name)) {
            userClassDefined.accept(name);
        }
        return c;
    }

    /** A shipped class's bytes, as a class directory would give them (the agent reads them). */
    @Override
    public InputStream getResourceAsStream(String name) {
        byte[] bytes = name.endsWith(".class") ? classes.get(name.substring(0, name.length() - ".class".length()).replace('/', '.')) : null;
        return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
    }

    @Override
    public void close() throws IOException {
        super.close();
    }
}
