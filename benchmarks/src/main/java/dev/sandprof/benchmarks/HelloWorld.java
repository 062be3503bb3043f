package dev.sandprof.benchmarks;

/** The start-up reference: the smallest useful JVM, spawned by {@link SandboxStart}. */
public final class HelloWorld {

    private HelloWorld() {}

    public static void main(String[] args) {
        System.out.println("Hello, World");
    }
}
