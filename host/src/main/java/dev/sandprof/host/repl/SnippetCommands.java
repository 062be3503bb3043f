package dev.sandprof.host.repl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.VarSnippet;

/**
 * The jshell tool's commands over a session's snippets, with what the tool prints for them:
 * {@code /list}, {@code /vars}, {@code /methods}, {@code /types} (all four with {@code -all},
 * {@code -start}, or snippets by name, id or id range {@code 3-5}), {@code /imports},
 * {@code /drop} and {@code /reset}. Each returns whether it did what it was asked.
 */
public final class SnippetCommands {

    private static final Pattern ID = Pattern.compile("[se]?\\d+([-\\s].*)?");

    private final SnippetSession session;
    private final PrintStream out;

    public SnippetCommands(SnippetSession session, PrintStream out) {
        this.session = session;
        this.out = out;
    }

    /** {@code /list}: the user's snippets in force by default, by id ({@code    3 : int x = 5;}). */
    public boolean list(String args) {
        List<Snippet> listed = select("/list", args, true, this::all, s -> !SnippetIds.startup(s.id()) && active(s));
        if (listed == null) {
            return false;
        }
        if (!listed.isEmpty()) {
            out.println();
        }
        listed.forEach(s -> out.printf("%4s : %s\n", s.id(), s.source().replace("\n", "\n       ")));
        return true;
    }

    /** {@code /vars}: {@code |    int x = 5}, a variable that cannot be used yet {@code (not-active)}. */
    public boolean vars(String args) {
        List<VarSnippet> vars = select("/vars", args, true, () -> ofKind(Snippet.Kind.VAR, VarSnippet.class), this::active);
        if (vars == null) {
            return false;
        }
        JShell shell = session.shell();
        for (VarSnippet v : vars) {
            String value = shell.status(v) == Snippet.Status.VALID ? SnippetFeedback.varValue(shell.varValue(v)) : "(not-active)";
            out.println("|    " + v.typeName() + " " + (v.name().isEmpty() ? "_" : v.name()) + " = " + value);
        }
        return true;
    }

    /** {@code /methods}: {@code |    int twice(int)}, and under it what it waits for. */
    public boolean methods(String args) {
        List<MethodSnippet> methods = select("/methods", args, true, () -> ofKind(Snippet.Kind.METHOD, MethodSnippet.class), this::active);
        if (methods == null) {
            return false;
        }
        for (MethodSnippet m : methods) {
            String signature = m.signature();
            int close = signature.lastIndexOf(')') + 1;
            out.println("|    " + (close <= 0 ? m.name() : signature.substring(close) + " " + m.name() + signature.substring(0, close)));
            session.resolution(m);
        }
        return true;
    }

    /** {@code /types}: {@code |    class Point}, {@code |    @interface Tag}, and what each waits for. */
    public boolean types(String args) {
        List<TypeDeclSnippet> types = select("/types", args, true, () -> ofKind(Snippet.Kind.TYPE_DECL, TypeDeclSnippet.class), this::active);
        if (types == null) {
            return false;
        }
        for (TypeDeclSnippet t : types) {
            out.println("|    " + typeKind(t) + " " + t.name());
            session.resolution(t);
        }
        return true;
    }

    /** {@code /imports}: those in force, the start-up's included. */
    public boolean imports() {
        session.shell().imports().forEach(i -> out.println("|    import " + (i.isStatic() ? "static " : "") + i.fullname()));
        return true;
    }

    /** {@code /drop}: declarations and imports in force, by name or id; each said as dropped. */
    public boolean drop(String args) {
        if (args.isBlank()) {
            out.println("|  In the /drop argument, please specify an import, variable, method, or class to drop.");
            out.println("|  Specify by ID or name. Use /list to see IDs. Use /reset to reset all state.");
            return false;
        }
        List<Snippet> dropped = select("/drop", args, false, () -> all().filter(this::active), s -> false);
        if (dropped == null) {
            out.println("|  See /types, /methods, /vars, or /list");
            return false;
        }
        session.dropByUser(dropped);
        return true;
    }

    /** {@code /reset}: a fresh sandbox, nothing declared, ids from 1 again. */
    public void reset() {
        out.println("|  Resetting state.");
        session.reset();
    }

    private Stream<Snippet> all() {
        return session.shell().snippets().filter(s -> !s.id().startsWith("sandprof"));
    }

    private <T extends Snippet> Stream<T> ofKind(Snippet.Kind kind, Class<T> type) {
        return all().filter(s -> s.kind() == kind).map(type::cast);
    }

    private boolean active(Snippet s) {
        return session.shell().status(s).isActive();
    }

    /**
     * The snippets a command's arguments name, as the tool finds them: none given, those of
     * {@code byDefault}; {@code -all} every one, {@code -start} the start-up's; else each argument
     * in turn, a name (of one in force first) or an id, or a range of ids. Says why and gives
     * {@code null} when one cannot be found.
     */
    private <T extends Snippet> List<T> select(String command, String args, boolean options, Supplier<Stream<T>> all,
            Predicate<Snippet> byDefault) {
        List<String> names = new ArrayList<>();
        List<String> chosen = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (String token : args.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!token.startsWith("-")) {
                names.add(token);
                continue;
            }
            String option = token.startsWith("--") ? token.substring(1) : token;
            List<String> matching = !options ? List.of()
                    : Stream.of("-all", "-start").filter(o -> o.startsWith(option)).collect(Collectors.toList());
            if (matching.size() == 1) {
                chosen.add(matching.get(0));
            } else {
                bad.add(option);
            }
        }
        String whole = command + " " + args.trim();
        if (!bad.isEmpty()) {
            out.println("|  Unknown option: " + String.join(" ", bad) + " -- " + whole);
            return null;
        }
        if (!chosen.isEmpty() && !names.isEmpty()) {
            out.println("|  Options and snippets must not both be used: " + whole);
            return null;
        }
        if (chosen.stream().distinct().count() > 1) {
            out.println("|  Conflicting options -- " + whole);
            return null;
        }
        if (chosen.contains("-all")) {
            return all.get().collect(Collectors.toList());
        }
        if (chosen.contains("-start")) {
            return all.get().filter(s -> SnippetIds.startup(s.id())).collect(Collectors.toList());
        }
        if (names.isEmpty()) {
            return all.get().filter(byDefault).collect(Collectors.toList());
        }
        List<T> found = new ArrayList<>();
        for (String name : names) {
            List<T> some = name.contains("-") ? range(all, name) : search(all, name);
            if (some == null) {
                return null;
            }
            if (some.isEmpty()) {
                notFound(name);
                return null;
            }
            found.addAll(some);
        }
        return found;
    }

    /** The tool's search: declarations of that name in force, else of that name, else the snippet of that id. */
    private <T extends Snippet> List<T> search(Supplier<Stream<T>> all, String name) {
        List<Predicate<T>> layers = List.of(
                s -> s instanceof DeclarationSnippet && ((DeclarationSnippet) s).name().equals(name) && active(s),
                s -> s instanceof DeclarationSnippet && ((DeclarationSnippet) s).name().equals(name),
                s -> s.id().equals(name));
        for (Predicate<T> layer : layers) {
            List<T> some = all.get().filter(layer).collect(Collectors.toList());
            if (!some.isEmpty()) {
                return some;
            }
        }
        return List.of();
    }

    /** Why nothing was found: no such snippet, or one this command does not take. */
    private void notFound(String name) {
        List<Snippet> any = searchAll(name);
        if (!any.isEmpty()) {
            out.println("|  This command does not accept the snippet '" + name + "' : " + any.get(0).source());
        } else if (ID.matcher(name).matches()) {
            out.println("|  No snippet with ID: " + name);
        } else {
            out.println("|  No such snippet: " + name);
        }
    }

    private List<Snippet> searchAll(String name) {
        return search(this::all, name);
    }

    /** {@code 3-5}: the snippets from one id to another, in id order (start-up first, errors last). */
    private <T extends Snippet> List<T> range(Supplier<Stream<T>> all, String range) {
        int dash = range.indexOf('-');
        String from = range.substring(0, dash);
        String to = range.substring(dash + 1);
        List<T> ordered = all.get().sorted(Comparator.comparingLong(s -> order(s.id()))).collect(Collectors.toList());
        int first = index(ordered, from);
        int last = first < 0 ? -1 : index(ordered, to);
        if (first < 0 || last < 0) {
            return null;
        }
        if (last < first) {
            out.println("|  End of snippet range less than start: " + from + " - " + to);
            return null;
        }
        return new ArrayList<>(ordered.subList(first, last + 1));
    }

    private int index(List<? extends Snippet> ordered, String id) {
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).id().equals(id)) {
                return i;
            }
        }
        if (!ID.matcher(id).matches()) {
            out.println("|  Snippet ranges require snippet IDs: " + id);
        } else {
            notFound(id);
        }
        return -1;
    }

    /** The tool's order of ids: start-up's first, then the user's, then errors', each by number. */
    private static long order(String id) {
        try {
            switch (id.charAt(0)) {
                case 's':
                    return Integer.parseInt(id.substring(1));
                case 'e':
                    return 0x40000000L + Integer.parseInt(id.substring(1));
                default:
                    return 0x20000000L + Integer.parseInt(id);
            }
        } catch (RuntimeException e) {
            return 0x60000000L;
        }
    }

    private static String typeKind(TypeDeclSnippet t) {
        switch (t.subKind()) {
            case INTERFACE_SUBKIND:
                return "interface";
            case ENUM_SUBKIND:
                return "enum";
            case ANNOTATION_TYPE_SUBKIND:
                return "@interface";
            case RECORD_SUBKIND:
                return "record";
            default:
                return "class";
        }
    }
}
