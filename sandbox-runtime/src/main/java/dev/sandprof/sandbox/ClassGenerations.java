package dev.sandprof.sandbox;

import dev.sandprof.wire.ClassBytes;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chain of class-loader generations that shipped code lives in. Every definition makes a new
 * generation whose parent is the previous one, so a class defined again shadows its old version
 * for every class loaded after it, while objects of the old version stay valid.
 */
final class ClassGenerations {

    private final List<URL> pendingClassPath = new ArrayList<>();
    private ClassLoader newest;
    /** JShell's snippet classes, all in one loader; made at the first. */
    private ReplLoader repl;

    private final ClassLoader root;

    ClassGenerations(ClassLoader root) {
        this.root = root;
        this.newest = root;
    }

    /** The parent of the first generation: what shipped code's loaders end in. */
    ClassLoader root() {
        return root;
    }

    /** Every class shipped so far, by name, the newest definition of each: what a JMH fork's loader defines again. */
    synchronized Map<String, byte[]> shippedClasses() {
        Map<String, byte[]> all = new HashMap<>();
        for (ClassLoader l = newest; l instanceof LoaderGeneration; l = l.getParent()) {
            ((LoaderGeneration) l).classes().forEach(all::putIfAbsent);
        }
        return all;
    }

    /** The class path entries added so far, oldest first. */
    synchronized List<URL> classPathEntries() {
        List<URL> all = new ArrayList<>();
        for (ClassLoader l = newest; l instanceof LoaderGeneration; l = l.getParent()) {
            all.addAll(0, List.of(((LoaderGeneration) l).getURLs()));
        }
        return all;
    }

    /**
     * Defines the classes in a new generation; they are loaded lazily, when first used. JShell's
     * snippet classes (package {@code REPL}) go to the one loader they share instead.
     */
    synchronized void define(List<ClassBytes> shipped) {
        Map<String, byte[]> classes = new HashMap<>();
        for (ClassBytes c : shipped) {
            classes.put(c.name(), c.bytes());
        }
        if (!classes.isEmpty() && classes.keySet().stream().allMatch(ClassGenerations::isSnippetClass)) {
            if (repl == null) {
                repl = new ReplLoader(this::newest);
            }
            repl.add(classes);
            return;
        }
        newGeneration(classes);
    }

    private static boolean isSnippetClass(String name) {
        return name.startsWith("REPL.");
    }

    /**
     * Adds class path entries, effective for the generation this makes now and those after it.
     *
     * @throws RequestRefused naming an entry that does not exist
     */
    synchronized void addClassPath(List<String> entries) {
        List<URL> urls = new ArrayList<>();
        for (String entry : entries) {
            Path p;
            try {
                p = Path.of(entry).toAbsolutePath();
            } catch (InvalidPathException e) {
                throw new RequestRefused("class path entry " + entry + " is not a path: " + e.getMessage());
            }
            if (!Files.exists(p)) {
                throw new RequestRefused("class path entry " + p + " does not exist");
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (IOException e) {
                throw new RequestRefused("class path entry " + p + ": " + e.getMessage(), e);
            }
        }
        pendingClassPath.addAll(urls);
        newGeneration(Map.of());
    }

    private void newGeneration(Map<String, byte[]> classes) {
        newest = new LoaderGeneration(classes, pendingClassPath.toArray(URL[]::new), newest);
        pendingClassPath.clear();
    }

    /**
     * Defines classes in a loader of their own under the newest generation, which later
     * generations do not descend from: a snippet's loader can be collected once nothing uses its
     * classes, however many snippets run.
     */
    ClassLoader defineLeaf(List<ClassBytes> shipped) {
        Map<String, byte[]> classes = new HashMap<>();
        for (ClassBytes c : shipped) {
            classes.put(c.name(), c.bytes());
        }
        return new LoaderGeneration(classes, new URL[0], newest());
    }

    /**
     * Whether a loader is one of these, or a JMH fork's: its classes are the program's (the agent instruments them).
     * Told by class: the loaders have no name, as {@code java}'s print none in stack traces.
     */
    static boolean isShipped(ClassLoader loader) {
        return loader instanceof LoaderGeneration || loader instanceof ReplLoader
                || dev.sandprof.sandbox.bench.jmh.JmhFork.isForkLoader(loader);
    }

    /** The loader of the newest generation: what shipped code and requests resolve names with. */
    synchronized ClassLoader newest() {
        return newest;
    }


    /**
     * Loads a class by binary name from the newest generation.
     *
     * @throws ClassNotFoundException when no generation, class path entry or the JDK has it
     */
    Class<?> load(String name) throws ClassNotFoundException {
        ReplLoader snippets;
        synchronized (this) {
            snippets = repl;
        }
        return Class.forName(name, false, isSnippetClass(name) && snippets != null ? snippets : newest());
    }

}
