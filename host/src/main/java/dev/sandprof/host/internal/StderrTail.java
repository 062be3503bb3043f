package dev.sandprof.host.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last lines a sandbox wrote to its file descriptor 2: what a death report quotes. */
final class StderrTail {

    private static final int LINES = 20;
    private static final int MAX_LINE = 500;

    private final Deque<String> lines = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();

    synchronized void accept(byte[] b, int len) {
        String s = new String(b, 0, len, StandardCharsets.UTF_8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                push();
            } else if (partial.length() < MAX_LINE) {
                partial.append(c);
            }
        }
    }

    private void push() {
        lines.addLast(partial.toString());
        partial.setLength(0);
        if (lines.size() > LINES) {
            lines.removeFirst();
        }
    }

    synchronized List<String> lines() {
        List<String> all = new ArrayList<>(lines);
        if (partial.length() > 0) {
            all.add(partial.toString());
        }
        return all;
    }
}
