package dev.sandprof.agent.internal;

import java.util.Arrays;

/**
 * One thread's call-path tree for the agent's profile (GHC's cost-centre stacks): a node per
 * distinct path of instrumented methods from the thread's first, each with its entry count. Ints
 * in arrays, written only by its thread: entering a known path costs a short walk of the parent's
 * children and an increment, and allocates nothing. Node 0 is the root (no method).
 */
final class CallTree {

    int[] method = new int[256];
    int[] parent = new int[256];
    private int[] firstChild = new int[256];
    private int[] nextSibling = new int[256];
    long[] entries = new long[256];
    int size = 1;

    /** Enters {@code m} below {@code parentNode}: the child's node, its entry counted. */
    int enter(int parentNode, int m) {
        for (int c = firstChild[parentNode]; c != 0; c = nextSibling[c]) {
            if (method[c] == m) {
                entries[c]++;
                return c;
            }
        }
        int n = size;
        if (n == method.length) {
            grow();
        }
        method[n] = m;
        parent[n] = parentNode;
        nextSibling[n] = firstChild[parentNode];
        firstChild[parentNode] = n;
        entries[n] = 1;
        size = n + 1;
        return n;
    }

    private void grow() {
        int capacity = method.length * 2;
        method = Arrays.copyOf(method, capacity);
        parent = Arrays.copyOf(parent, capacity);
        firstChild = Arrays.copyOf(firstChild, capacity);
        nextSibling = Arrays.copyOf(nextSibling, capacity);
        entries = Arrays.copyOf(entries, capacity);
    }
}
