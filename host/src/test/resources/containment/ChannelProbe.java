import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * A program that tries every way ordinary reflection gives it to reach sandprof's channel in the
 * sandbox, and uses what it reaches: it sends a forged {@code Done} for the running request (or
 * corrupts the channel where it only has the descriptor), then throws. Under {@code java} it
 * prints one line per path and exits 1 with the exception; under sandprof it must do the same.
 *
 * <p>Each line reads {@code PATH: blocked (WHY)} or {@code PATH: REACHED WHAT}.
 */
public class ChannelProbe {

    private static final int MAX_OBJECTS = 200_000;
    private static final String CHANNEL = "dev.sandprof.wire.MessageChannel";
    private static final String MAIN = "dev.sandprof.sandbox.SandboxMain";

    public static void main(String[] args) throws Exception {
        for (String line : run(args)) {
            System.out.println(line);
        }
        System.out.flush();
        throw new IllegalStateException("the probe's own failure, after its attempts");
    }

    /** {@link #run} for a snippet, in short: how many paths were blocked, and the others whole. */
    public static String summary() {
        List<String> lines = run();
        List<String> through = new ArrayList<>();
        for (String l : lines) {
            if (!l.contains(": blocked (")) {
                through.add(l);
            }
        }
        return (lines.size() - through.size()) + " of " + lines.size() + " paths blocked" + (through.isEmpty() ? "" : ": " + through);
    }

    /**
     * Where the sandbox was started with its modules opened (the user's own choice of flags), finds
     * the channel from System.out and sends a Done for the running request's id plus {@code offset}.
     */
    public static String forgeDone(long offset) throws Throwable {
        forgeOffset = offset;
        return walk(List.of(System.out), ChannelProbe::plainAccess);
    }

    private static long forgeOffset;

    /** One line per path tried: those named, or all. */
    public static List<String> run(String... only) {
        List<String> lines = new ArrayList<>();
        Set<String> chosen = Set.of(only);
        lines.add(attempt(chosen, "stdout", () -> walk(List.of(System.out, System.err), ChannelProbe::plainAccess)));
        lines.add(attempt(chosen, "own-loader", () -> walk(List.of(ChannelProbe.class.getClassLoader()), ChannelProbe::plainAccess)));
        lines.add(attempt(chosen, "threads", () -> {
            List<Object> roots = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                roots.add(t);
                if (t.getContextClassLoader() != null) {
                    roots.add(t.getContextClassLoader());
                }
            }
            return walk(roots, ChannelProbe::plainAccess);
        }));
        lines.add(attempt(chosen, "context-loader", () -> walk(staticsOf(Thread.currentThread().getContextClassLoader()), ChannelProbe::plainAccess)));
        lines.add(attempt(chosen, "statics", () -> walk(staticsOf(ClassLoader.getSystemClassLoader()), ChannelProbe::plainAccess)));
        lines.add(attempt(chosen, "wire-classes", ChannelProbe::buildDone));
        lines.add(attempt(chosen, "private-lookup", ChannelProbe::privateLookup));
        lines.add(attempt(chosen, "agent", ChannelProbe::throughTheAgent));
        lines.add(attempt(chosen, "reflect-override", ChannelProbe::throughReflectOverride));
        lines.add(attempt(chosen, "via-chronicle", ChannelProbe::throughChronicle));
        lines.add(attempt(chosen, "descriptor", ChannelProbe::throughTheDescriptor));
        lines.removeIf(l -> l == null);
        return lines;
    }

    interface Attempt {
        String run() throws Throwable;
    }

    private static String attempt(Set<String> chosen, String path, Attempt a) {
        if (!chosen.isEmpty() && !chosen.contains(path)) {
            return null;
        }
        String what;
        try {
            what = a.run();
        } catch (Throwable t) {
            what = "blocked (" + t.getClass().getSimpleName() + ": " + firstLine(t.getMessage()) + ")";
            if (t instanceof NullPointerException) {
                t.printStackTrace();
            }
        }
        return path + ": " + what;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** How the walk makes a field readable. */
    interface Access {
        void open(Field f) throws Throwable;
    }

    private static void plainAccess(Field f) {
        f.setAccessible(true);
    }

    /**
     * Follows fields, arrays, collections and maps from the roots; if it finds the channel, sends a
     * forged {@code Done} with the id of the running request on it.
     */
    static String walk(List<?> roots, Access access) throws Throwable {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        Deque<Object> todo = new ArrayDeque<>();
        roots.forEach(r -> add(todo, r));
        Object channel = null;
        Object main = null;
        String firstRefusal = null;
        int refusals = 0;
        while (!todo.isEmpty() && seen.size() < MAX_OBJECTS) {
            Object o = todo.poll();
            if (o == null || seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            Class<?> c = o.getClass();
            if (o instanceof Instrumentation) {
                throw new IllegalStateException("REACHED an Instrumentation, which opens any module: " + o);
            }
            if (c.getName().equals(CHANNEL)) {
                channel = o;
            } else if (c.getName().equals(MAIN)) {
                main = o;
            }
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(o); i++) {
                        add(todo, Array.get(o, i));
                    }
                }
                continue;
            }
            try {
                if (o instanceof Collection) {
                    new ArrayList<>((Collection<?>) o).forEach(e -> add(todo, e));
                } else if (o instanceof Map) {
                    for (Map.Entry<?, ?> e : new HashMap<>((Map<?, ?>) o).entrySet()) {
                        add(todo, e.getKey());
                        add(todo, e.getValue());
                    }
                }
            } catch (RuntimeException e) {
                // a collection that will not be copied: its fields are tried below
            }
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (f.getType().isPrimitive() || Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    try {
                        access.open(f);
                        add(todo, f.get(o));
                    } catch (Throwable t) {
                        refusals++;
                        if (firstRefusal == null || (firstRefusal.contains("java.base") && !t.toString().contains("java.base"))) {
                            firstRefusal = t.getClass().getSimpleName() + ": " + firstLine(t.getMessage());
                        }
                    }
                }
            }
        }
        if (channel == null) {
            throw new IllegalStateException("no channel among " + seen.size() + " objects reached; " + refusals
                    + " fields refused, e.g. " + firstRefusal);
        }
        return "REACHED the channel (" + seen.size() + " objects); " + forge(channel, main, access);
    }

    private static void add(Deque<Object> todo, Object o) {
        if (o != null) {
            todo.add(o);
        }
    }

    /** Sends a forged Done for the running request (its id read from the sandbox's main object). */
    private static String forge(Object channel, Object main, Access access) throws Throwable {
        System.out.println("forging a Done on the channel");
        System.out.flush();
        long id = -1;
        if (main != null) {
            Field f = main.getClass().getDeclaredField("currentRequest");
            access.open(f);
            id = f.getLong(main) + forgeOffset;
        }
        Class<?> done = Class.forName("dev.sandprof.wire.Done", false, channel.getClass().getClassLoader());
        Object reply = done.getConstructor(long.class).newInstance(id);
        Method send = channel.getClass().getMethod("send", Class.forName("dev.sandprof.wire.Message", false, done.getClassLoader()));
        send.setAccessible(true);
        send.invoke(channel, reply);
        return "sent a forged Done for request " + id;
    }

    /** The roots of every class of sandprof's jars (the class path, the module path, the agent). */
    static List<Object> staticsOf(ClassLoader loader) throws Throwable {
        List<String> jars = new ArrayList<>();
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                Collections.addAll(jars, value.split(File.pathSeparator));
            }
        }
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-javaagent:")) {
                jars.add(arg.substring("-javaagent:".length()).split("=")[0]);
            }
        }
        List<Object> roots = new ArrayList<>();
        int classes = 0;
        for (String jar : jars) {
            if (!jar.endsWith(".jar") || !Files.isRegularFile(Path.of(jar))) {
                continue;
            }
            try (JarFile j = new JarFile(jar)) {
                for (Enumeration<? extends ZipEntry> e = j.entries(); e.hasMoreElements();) {
                    String n = e.nextElement().getName();
                    if (!n.startsWith("dev/sandprof/") || !n.endsWith(".class") || n.contains("bytebuddy")) {
                        continue;
                    }
                    Class<?> c;
                    try {
                        c = Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
                    } catch (Throwable t) {
                        continue;
                    }
                    classes++;
                    for (Field f : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                            continue;
                        }
                        try {
                            f.setAccessible(true);
                            roots.add(f.get(null));
                        } catch (Throwable t) {
                            // counted by the walk's message only through what it reaches
                        }
                    }
                }
            }
        }
        if (roots.isEmpty()) {
            throw new IllegalStateException("no static field of sandprof's " + classes + " classes could be read");
        }
        return roots;
    }

    /** Builds a Done message, as a forger must, from the wire format's public classes. */
    private static String buildDone() throws Throwable {
        Class<?> done = Class.forName("dev.sandprof.wire.Done");
        Object d = done.getConstructor(long.class).newInstance(1L);
        return "REACHED: built a forged " + d.getClass().getSimpleName() + " from the wire format's classes";
    }

    /** A private lookup into the sandbox's main class, and reading its fields through it. */
    private static String privateLookup() throws Throwable {
        Class<?> main = Class.forName(MAIN);
        MethodHandles.Lookup l = MethodHandles.privateLookupIn(main, MethodHandles.lookup());
        return "REACHED: a private lookup in " + l.lookupClass().getName();
    }

    /** The agent's Instrumentation opens any module: then the walk from System.out goes through. */
    private static String throughTheAgent() throws Throwable {
        Class<?> agent = Class.forName("dev.sandprof.agent.SandprofAgent");
        Instrumentation inst = null;
        for (Method m : agent.getDeclaredMethods()) {
            if (m.getReturnType() == Instrumentation.class && m.getParameterCount() == 0 && Modifier.isStatic(m.getModifiers())) {
                m.setAccessible(true);
                inst = (Instrumentation) m.invoke(null);
            }
        }
        for (Class<?> k : List.of(agent)) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getType() == Instrumentation.class && Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    inst = inst != null ? inst : (Instrumentation) f.get(null);
                }
            }
        }
        if (inst == null) {
            throw new IllegalStateException("the agent gives no Instrumentation");
        }
        Module me = ChannelProbe.class.getModule();
        for (Module m : ModuleLayer.boot().modules()) {
            if (m.getName().equals("java.base") || m.getName().startsWith("dev.sandprof")) {
                Map<String, Set<Module>> opens = new HashMap<>();
                m.getPackages().forEach(p -> opens.put(p, Set.of(me)));
                inst.redefineModule(m, Set.of(), Map.of(), opens, Set.of(), Map.of());
            }
        }
        Module base = Object.class.getModule();
        if (!base.isOpen("java.io", me)) {
            base = null;
        }
        return "REACHED the Instrumentation" + (base == null ? "" : " (java.base opened)") + "; "
                + walk(List.of(System.out), ChannelProbe::plainAccess);
    }

    /**
     * With java.lang.reflect open to it, code can set AccessibleObject.override on any field and read
     * what no module opens.
     */
    private static String throughReflectOverride() throws Throwable {
        MethodHandles.Lookup l = MethodHandles.privateLookupIn(AccessibleObject.class, MethodHandles.lookup());
        VarHandle override = l.findVarHandle(AccessibleObject.class, "override", boolean.class);
        return "REACHED AccessibleObject.override; " + walk(List.of(System.out), f -> override.set(f, true));
    }

    /**
     * Chronicle's modules are automatic, so open to everyone, and java.lang.reflect is open to them:
     * a private lookup in Chronicle, then one from there in java.lang.reflect.
     */
    private static String throughChronicle() throws Throwable {
        Class<?> chronicle = Class.forName("net.openhft.chronicle.core.Jvm");
        MethodHandles.Lookup inChronicle = MethodHandles.privateLookupIn(chronicle, MethodHandles.lookup());
        MethodHandles.Lookup l = MethodHandles.privateLookupIn(AccessibleObject.class, inChronicle);
        VarHandle override = l.findVarHandle(AccessibleObject.class, "override", boolean.class);
        return "REACHED AccessibleObject.override through " + chronicle.getModule() + "; "
                + walk(List.of(System.out), f -> override.set(f, true));
    }

    /**
     * The channel's socket by its descriptor number: writes garbage on it, which breaks the channel,
     * where the exported sun.nio.ch makes a descriptor from a number.
     */
    private static String throughTheDescriptor() throws Throwable {
        List<Integer> sockets = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(p).toString().startsWith("socket:")) {
                        sockets.add(Integer.parseInt(p.getFileName().toString()));
                    }
                } catch (Exception e) {
                    // gone meanwhile
                }
            }
        }
        String byPath;
        try (FileOutputStream out = new FileOutputStream("/proc/self/fd/" + sockets.get(0))) {
            byPath = "opened /proc/self/fd/" + sockets.get(0);
        } catch (Exception e) {
            byPath = "/proc/self/fd refused (" + firstLine(e.getMessage()) + ")";
        }
        Method newFd = Class.forName("sun.nio.ch.IOUtil").getMethod("newFD", int.class);
        List<String> written = new ArrayList<>();
        for (int fd : sockets) {
            FileDescriptor d = (FileDescriptor) newFd.invoke(null, fd);
            new FileOutputStream(d).write(new byte[] {0, 0, 0, 8, 'f', 'o', 'r', 'g', 'e', 'd', '!', '!'});
            written.add(Integer.toString(fd));
        }
        return "REACHED socket descriptors " + written + " through sun.nio.ch.IOUtil.newFD and wrote on them; " + byPath;
    }
}
