package dev.sandprof.host.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The agent engine's profile: the tree of call paths, each with its exact entry count and the ticks
 * that found it innermost (individual time); a node's inherited time adds its subtree's. Written
 * out the way GHC's profiler writes {@code .prof} files: a flat table of the costliest methods,
 * then the call tree.
 */
public final class CallPathProfile {

    /** One call path: its method, exact entries, individual ticks and children. */
    public static final class Node {
        private final String method;
        private long entries;
        private long ticks;
        private long inherited;
        private final Map<String, Node> children = new LinkedHashMap<>();

        Node(String method) {
            this.method = method;
        }

        /** {@code Class.method}. */
        public String method() {
            return method;
        }

        /** How many times the method was entered from exactly this path. */
        public long entries() {
            return entries;
        }

        /** Ticks that found this path innermost. */
        public long individualTicks() {
            return ticks;
        }

        /** Ticks that found this path or a path below it innermost. */
        public long inheritedTicks() {
            return inherited;
        }

        /** The paths one call deeper. */
        public List<Node> children() {
            return List.copyOf(children.values());
        }
    }

    private final Node root = new Node("MAIN");
    private final long tickNanos;

    private CallPathProfile(long tickNanos) {
        this.tickNanos = tickNanos;
    }

    /**
     * Parses {@code frame;frame entries ticks} lines (outermost first).
     *
     * @param tickNanos the tick interval, to state time
     */
    public static CallPathProfile parse(String callPaths, long tickNanos) {
        CallPathProfile p = new CallPathProfile(tickNanos);
        for (String line : callPaths.split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length != 3) {
                continue;
            }
            Node n = p.root;
            for (String frame : parts[0].split(";")) {
                n = n.children.computeIfAbsent(frame, Node::new);
            }
            n.entries += Long.parseLong(parts[1]);
            n.ticks += Long.parseLong(parts[2]);
        }
        inherit(p.root);
        return p;
    }

    /** The same profile with its methods named anew: the REPL names snippets' methods by snippet. */
    public CallPathProfile renamed(UnaryOperator<String> name) {
        CallPathProfile p = new CallPathProfile(tickNanos);
        copy(root, p.root, name);
        inherit(p.root);
        return p;
    }

    private static void copy(Node from, Node to, UnaryOperator<String> name) {
        for (Node c : from.children.values()) {
            Node n = to.children.computeIfAbsent(name.apply(c.method), Node::new);
            n.entries += c.entries;
            n.ticks += c.ticks;
            copy(c, n, name);
        }
    }

    private static long inherit(Node n) {
        long sum = n.ticks;
        for (Node c : n.children.values()) {
            sum += inherit(c);
        }
        n.inherited = sum;
        return sum;
    }

    /** The root: the program's outermost instrumented methods are its children. */
    public Node root() {
        return root;
    }

    /** Every entry of {@code method} on any path. */
    public long entriesOf(String method) {
        long[] sum = {0};
        walk(root, n -> {
            if (n.method.equals(method)) {
                sum[0] += n.entries;
            }
        });
        return sum[0];
    }

    private static void walk(Node n, java.util.function.Consumer<Node> visit) {
        visit.accept(n);
        n.children.values().forEach(c -> walk(c, visit));
    }

    /** The profile as a GHC-style {@code .prof} text. */
    public String prof(String title) {
        long total = root.inherited;
        long[] calls = {0};
        walk(root, n -> calls[0] += n.entries);
        StringBuilder out = new StringBuilder();
        out.append('\t').append(title).append("\n\n");
        out.append(String.format("\ttotal time  = %10.2f secs   (%d ticks @ %s)%n", total * tickNanos / 1e9, total, interval()));
        out.append(String.format("\ttotal calls = %10d   (entries counted exactly)%n%n", calls[0]));

        // Flat: each method's individual ticks and entries, summed over its paths.
        Map<String, long[]> flat = new HashMap<>();
        walk(root, n -> {
            if (n != root) {
                long[] f = flat.computeIfAbsent(n.method, m -> new long[2]);
                f[0] += n.ticks;
                f[1] += n.entries;
            }
        });
        List<Map.Entry<String, long[]>> costliest = new ArrayList<>(flat.entrySet());
        costliest.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed()
                .thenComparing(e -> -e.getValue()[1]));
        int width = Math.max(20, flat.keySet().stream().mapToInt(m -> name(m).length()).max().orElse(0) + 2);
        int classWidth = Math.max(12, flat.keySet().stream().mapToInt(m -> className(m).length()).max().orElse(0) + 2);
        out.append(String.format("%-" + width + "s%-" + classWidth + "s%7s %12s%n%n", "COST CENTRE", "CLASS", "%time", "entries"));
        for (Map.Entry<String, long[]> e : costliest.subList(0, Math.min(20, costliest.size()))) {
            out.append(String.format("%-" + width + "s%-" + classWidth + "s%7.1f %12d%n", name(e.getKey()), className(e.getKey()),
                    percent(e.getValue()[0], total), e.getValue()[1]));
        }

        // The tree: individual and inherited time per call path.
        int treeWidth = width + 2 * depth(root);
        out.append(String.format("%n%" + (treeWidth + classWidth + 6 + 13 + 16) + "s%n", "individual     inherited"));
        out.append(String.format("%-" + treeWidth + "s%-" + classWidth + "s%6s %12s %15s %13s%n%n", "COST CENTRE", "CLASS", "no.",
                "entries", "%time", "%time"));
        int[] number = {0};
        tree(out, root, 0, treeWidth, classWidth, total, number);
        return out.toString();
    }

    private void tree(StringBuilder out, Node n, int level, int width, int classWidth, long total, int[] number) {
        String label = " ".repeat(level) + (n == root ? "MAIN" : name(n.method));
        out.append(String.format("%-" + width + "s%-" + classWidth + "s%6d %12d %15.1f %13.1f%n", label,
                n == root ? "MAIN" : className(n.method), number[0]++, n.entries, percent(n.ticks, total), percent(n.inherited, total)));
        List<Node> children = new ArrayList<>(n.children.values());
        children.sort(Comparator.comparingLong((Node c) -> c.inherited).reversed().thenComparing(c -> -c.entries));
        for (Node c : children) {
            tree(out, c, level + 1, width, classWidth, total, number);
        }
    }

    private static int depth(Node n) {
        int d = 0;
        for (Node c : n.children.values()) {
            d = Math.max(d, depth(c) + 1);
        }
        return d;
    }

    private String interval() {
        return tickNanos % 1_000_000 == 0 ? tickNanos / 1_000_000 + " ms" : tickNanos / 1000 + " us";
    }

    private static double percent(long part, long total) {
        return total == 0 ? 0 : 100.0 * part / total;
    }

    private static String name(String method) {
        return method.substring(method.lastIndexOf('.') + 1);
    }

    private static String className(String method) {
        int dot = method.lastIndexOf('.');
        return dot < 0 ? "" : method.substring(0, dot);
    }
}
