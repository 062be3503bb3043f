package dev.sandprof.sandbox.bench.jmh;

import dev.sandprof.sandbox.RequestRefused;
import dev.sandprof.sandbox.profile.Profiling;
import dev.sandprof.wire.ClassBytes;
import dev.sandprof.wire.Event;
import dev.sandprof.wire.JmhForkEnded;
import dev.sandprof.wire.JmhIterationResult;
import dev.sandprof.wire.JmhIterationStarted;
import dev.sandprof.wire.JmhOutput;
import dev.sandprof.wire.JmhResultData;
import dev.sandprof.wire.ProfileCollected;
import dev.sandprof.wire.RunJmhFork;
import dev.sandprof.wire.StartProfile;
import java.lang.module.ResolvedModule;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs one fork of a JMH benchmark with JMH's own runner: a {@link JmhForkLoader} of its own, the
 * host's runner class ({@code org.openjdk.jmh.runner.SandprofForkRunner}) called through
 * {@code java.base} types, and what it reports turned into the protocol's events.
 */
public final class JmhFork {

    private static final String RUNNER = "org.openjdk.jmh.runner.SandprofForkRunner";

    /** jmh-core and the libraries it needs: by their automatic module names, and a class of each. */
    private static final String[][] JMH_JARS = {
            {"jmh.core", "org.openjdk.jmh.runner.Runner"},
            {"jopt.simple", "joptsimple.OptionParser"},
            {"commons.math3", "org.apache.commons.math3.stat.inference.TestUtils"}};

    private static JmhForkLoader embedded;

    private JmhFork() {}

    /**
     * @param shipped   the classes defined so far (the user's and JMH's generated ones), by name
     * @param classPath the class path entries added so far
     * @param parent    what the fork's loader delegates the rest to
     * @param profiling the sandbox's profiling engines, for sandprof's profile over the measurement iterations
     * @param userClassDefined told the name of each of the user's classes the fork's loader defines (profiles keep their frames)
     * @throws Throwable what JMH's runner threw: a benchmark that failed with {@code -foe}, a runner that cannot start
     */
    public static void run(RunJmhFork request, Map<String, byte[]> shipped, List<URL> classPath, ClassLoader parent,
                           Consumer<Event> events, Profiling profiling, Consumer<String> userClassDefined) throws Throwable {
        Map<String, byte[]> classes = new HashMap<>(shipped);
        for (ClassBytes c : request.runner()) {
            classes.put(c.name(), c.bytes());
        }
        List<URL> jars = new ArrayList<>();
        for (String[] jar : JMH_JARS) {
            jars.add(locate(jar[0], jar[1]));
        }
        jars.addAll(classPath);
        long id = request.requestId();
        java.util.Set<String> user = new java.util.HashSet<>();
        for (String name : shipped.keySet()) {
            if (!isGenerated(name)) {
                user.add(name);
            }
        }
        boolean profiled = request.profileEngine() != null;
        java.util.function.Predicate<String> isUser =
                name -> user.contains(name) || !classes.containsKey(name) && !isJmhLibrary(name);
        JmhForkLoader loader = request.embedded() ? embeddedLoader(classes, jars, parent, isUser, userClassDefined)
                : new JmhForkLoader(classes, jars.toArray(URL[]::new), parent, isUser, userClassDefined);
        try {
            Method run;
            try {
                run = Class.forName(RUNNER, true, loader).getMethod("run", Map.class, BiConsumer.class);
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new RequestRefused("the fork's JMH runner cannot be loaded: " + e, e);
            }
            Thread self = Thread.currentThread();
            ClassLoader context = self.getContextClassLoader();
            self.setContextClassLoader(loader); // as JMH's forked VM has its class path's loader
            try {
                Map<String, Object> spec = request.params().asMap();
                spec.put("failOnError", request.failOnError());
                spec.put("doGC", request.doGC());
                spec.put("profilers", request.profilers());
                if (profiled) {
                    spec.put("profiling", (Consumer<Boolean>) start -> {
                        if (start) {
                            profiling.start(new StartProfile(id, request.profileEngine(),
                                    request.profileEvent() == null ? "cpu" : request.profileEvent(), 0, request.jfrFile()));
                        } else {
                            events.accept(new ProfileCollected(id, profiling.stop(id)));
                        }
                    });
                }
                run.invoke(null, spec, (BiConsumer<String, Object[]>) (kind, data) ->
                        events.accept(event(id, kind, data)));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                self.setContextClassLoader(context);
                if (profiled && profiling.running()) {
                    profiling.stop(id); // the benchmark failed before its last measurement iteration: its profile is dropped
                }
            }
        } finally {
            if (!request.embedded()) {
                loader.close();
            }
        }
    }

    /**
     * JMH's non-forked runs share its host JVM, and so its classes and their profiles (the pitfall
     * JMH's Forking sample shows): here, one loader for all of this sandbox's embedded runs, made at
     * the first with the classes shipped by then, and never closed.
     */
    private static synchronized JmhForkLoader embeddedLoader(Map<String, byte[]> classes, List<URL> jars, ClassLoader parent,
                                                             java.util.function.Predicate<String> isUser,
                                                             Consumer<String> userClassDefined) {
        if (embedded == null) {
            embedded = new JmhForkLoader(classes, jars.toArray(URL[]::new), parent, isUser, userClassDefined);
        }
        return embedded;
    }

    /** Whether a class is one JMH's annotation processor generated (its {@code jmh_generated} packages). */
    static boolean isGenerated(String name) {
        return name.startsWith("jmh_generated.") || name.contains(".jmh_generated.");
    }

    /** Whether a class is of jmh-core or its libraries, or the fork's runner. */
    private static boolean isJmhLibrary(String name) {
        return name.startsWith("org.openjdk.jmh.") || name.startsWith("joptsimple.") || name.startsWith("org.apache.commons.math3.");
    }

    /** Whether a loader is a JMH fork's: its classes are the program's, for the agent as for a generation's. */
    public static boolean isForkLoader(ClassLoader loader) {
        return loader instanceof JmhForkLoader;
    }

    @SuppressWarnings("unchecked")
    private static Event event(long id, String kind, Object[] d) {
        switch (kind) {
            case "print":
            case "println":
            case "verbosePrintln":
                return new JmhOutput(id, kind, (String) d[0]);
            case "iteration":
                return new JmhIterationStarted(id, "WARMUP".equals(d[0]), (Integer) d[1]);
            case "result": {
                List<JmhResultData> results = new ArrayList<>();
                for (Object[] r : (List<Object[]>) d[4]) {
                    results.add(new JmhResultData((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                            (Double) r[5], (long[]) r[6], (String) r[7], (String) r[8]));
                }
                return new JmhIterationResult(id, "WARMUP".equals(d[0]), (Integer) d[1], (Long) d[2], (Long) d[3], results);
            }
            case "meta":
                return new JmhForkEnded(id, (Long) d[0], (Long) d[1], (Long) d[2], (Long) d[3], (Long) d[4]);
            default:
                throw new IllegalStateException("the fork's runner reported " + kind + ", which the runtime does not know");
        }
    }

    /** A jar of the runtime's: from its module (in the sandbox) or its class's code source (in process). */
    private static URL locate(String module, String className) {
        Optional<URI> location = ModuleLayer.boot().configuration().findModule(module)
                .map(ResolvedModule::reference).flatMap(r -> r.location());
        try {
            if (location.isPresent()) {
                return location.get().toURL();
            }
            return Class.forName(className, false, JmhFork.class.getClassLoader()).getProtectionDomain().getCodeSource()
                    .getLocation();
        } catch (ClassNotFoundException | MalformedURLException | RuntimeException e) {
            throw new RequestRefused("cannot find " + module + " for a JMH fork: " + e, e);
        }
    }
}
