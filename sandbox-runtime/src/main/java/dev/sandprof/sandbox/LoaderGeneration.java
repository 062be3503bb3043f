package dev.sandprof.sandbox;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;

/**
 * One generation of shipped classes. Its own classes come first, before its parent's: that is what
 * lets a newer generation redefine a class an older one holds, as JShell's and GHCi's loaders do.
 * Everything else is asked of the parent (the previous generation, finally the app loader), then
 * of this generation's class path entries.
 *
 * <p>It has no name, as {@code java}'s own loaders print none: a loader's name heads every frame of
 * its classes in a printed stack trace ({@code at sandprof-generation-1//Main.main(...)}).
 */
final class LoaderGeneration extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;

    LoaderGeneration(Map<String, byte[]> classes, URL[] classPath, ClassLoader parent) {
        super(null, classPath, parent);
        this.classes = classes;
    }

    /** This generation's own classes, by name. */
    Map<String, byte[]> classes() {
        return classes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!classes.containsKey(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
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
        Class<?> c = bytes == null ? super.findClass(name) : defineClass(name, bytes, 0, bytes.length);
        UserClasses.defined(name);
        return c;
    }

    /**
     * A shipped class's bytes, as a class directory would give them: the agent reads them to
     * resolve the classes a class refers to (its nested classes) while instrumenting it.
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        byte[] bytes = name.endsWith(".class") ? classes.get(name.substring(0, name.length() - ".class".length()).replace('/', '.')) : null;
        return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
    }
}
