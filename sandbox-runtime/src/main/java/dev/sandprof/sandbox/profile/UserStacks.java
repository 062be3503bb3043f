package dev.sandprof.sandbox.profile;

import dev.sandprof.sandbox.UserClasses;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trims sampled stacks to the user's code: a stack without a frame of the program (the sandbox's
 * own threads, the JVM's compiler and GC threads) is dropped, and in the others the frames below
 * the program's first frame (the thread's start, sandprof's serve loop, reflection) are cut.
 */
final class UserStacks {

    private UserStacks() {}

    /** The stacks as collapsed lines ({@code frame;frame count}), heaviest first; trimmed if asked. */
    static String collapsed(Map<String, Long> sampled, boolean trim) {
        Map<String, Long> kept = new LinkedHashMap<>();
        sampled.forEach((stack, weight) -> {
            if (!trim) {
                kept.merge(stack, weight, Long::sum);
                return;
            }
            String[] frames = stack.split(";");
            for (int i = 0; i < frames.length; i++) {
                if (isUser(frames[i])) {
                    kept.merge(String.join(";", java.util.Arrays.asList(frames).subList(i, frames.length)), weight, Long::sum);
                    return;
                }
            }
        });
        StringBuilder out = new StringBuilder();
        kept.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(e.getKey()).append(' ').append(e.getValue()).append('\n'));
        return out.toString();
    }

    /**
     * Whether a frame ({@code package.Class.method}) is a method of the program's code: of a class
     * sandprof's loaders defined. Native and JVM frames never are, whatever their names look like.
     */
    static boolean isUser(String frame) {
        int dot = frame.lastIndexOf('.');
        // A lambda's frame names its hidden class with a '/' (JFR) or, dotted, an extra ".0x..." part.
        String className = dot <= 0 ? "" : frame.substring(0, dot).replace('/', '.');
        int hidden = className.indexOf(".0x");
        return !className.isEmpty() && UserClasses.contains(hidden > 0 ? className.substring(0, hidden) : className);
    }
}
