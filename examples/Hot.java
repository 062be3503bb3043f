import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A program that spends nearly all its time in one method, for sandprof profile. It runs for the
 * seconds of CPU time its argument gives (2 by default): on a busy machine it takes longer by the
 * clock, and a profiler still gets as many samples.
 */
public class Hot {
    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 2;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long end = cpu.getCurrentThreadCpuTime() + seconds * 1_000_000_000L;
        double sum = 0;
        while (cpu.getCurrentThreadCpuTime() < end) {
            sum += spin(200_000);
            sum += warm(20_000);
        }
        System.out.println("sum " + sum);
    }

    /** The hot method: about nine tenths of the time. */
    static double spin(int n) {
        double s = 0;
        for (int i = 1; i < n; i++) {
            s += Math.sqrt(i) / i;
        }
        return s;
    }

    static double warm(int n) {
        double s = 0;
        for (int i = 1; i < n; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
