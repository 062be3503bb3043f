/** 300,000 println calls, as fast as they go; says on stderr how long they took. */
public class PrintFlood {
    public static void main(String[] args) {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        long start = System.nanoTime();
        for (int i = 0; i < lines; i++) {
            System.out.println(i);
        }
        System.err.println(lines + " lines in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
