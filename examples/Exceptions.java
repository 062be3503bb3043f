import java.util.List;

/** Exceptions of every kind for sandprof trace: caught, swallowed in a loop, and one that escapes. */
public class Exceptions {
    public static void main(String[] args) {
        for (String s : List.of("12", "x", "3.5", "7")) {
            System.out.println(s + " -> " + parseOr(s, -1));
        }
        int misses = 0;
        for (int i = 0; i < 100_000; i++) {
            try {
                lookup(i);
            } catch (IllegalArgumentException e) {
                misses++;
            }
        }
        System.out.println(misses + " misses");
        new Exceptions().load("settings.conf");
    }

    static int parseOr(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static int lookup(int key) {
        if (key % 2 == 1) {
            throw new IllegalArgumentException("no entry for " + key);
        }
        return key / 2;
    }

    void load(String name) {
        open(name);
    }

    void open(String name) {
        throw new IllegalStateException(name + " is missing");
    }
}
