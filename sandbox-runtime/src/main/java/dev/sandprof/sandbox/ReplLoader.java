package dev.sandprof.sandbox;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The loader of JShell's snippet classes (package {@code REPL}): one for all of them, as JShell's
 * own engines have, since snippets reach each other's package-private members; a snippet that is
 * redefined is changed in place (HotSwap), not shadowed. Other names are resolved by the newest
 * class-loader generation at the time, so class path entries added later are seen.
 */
final class ReplLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes = new ConcurrentHashMap<>();
    private final Supplier<ClassLoader> others;

    ReplLoader(Supplier<ClassLoader> others) {
        super(null, null); // no name, as jshell's loaders have none: it would head every frame of a printed trace
        this.others = others;
    }

    void add(Map<String, byte[]> more) {
        classes.putAll(more);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!classes.containsKey(name)) {
            return others.get().loadClass(name);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes = classes.get(name);
                c = defineClass(name, bytes, 0, bytes.length);
                UserClasses.defined(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    /** A snippet class's bytes, as a class directory would give them (the agent reads them). */
    @Override
    public InputStream getResourceAsStream(String name) {
        byte[] bytes = name.endsWith(".class") ? classes.get(name.substring(0, name.length() - ".class".length()).replace('/', '.')) : null;
        return bytes != null ? new ByteArrayInputStream(bytes) : others.get().getResourceAsStream(name);
    }
}
