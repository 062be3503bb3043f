/** The smallest program: prints a greeting and its arguments. */
public class Hello {
    public static void main(String[] args) {
        System.out.println("Hello from the sandbox, running on Java " + Runtime.version()
                + " (pid " + ProcessHandle.current().pid() + ")");
        if (args.length > 0) {
            System.out.println("arguments: " + String.join(" ", args));
        }
    }
}
