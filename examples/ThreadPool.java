import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** For sandprof trace: 16 threads format 40 files, each asking for an option the settings lack. */
public class ThreadPool {
    static final class Settings {
        int width = 100;
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> widths = new ArrayList<>();
        for (int file = 0; file < 40; file++) {
            widths.add(pool.submit(ThreadPool::format));
        }
        int columns = 0;
        for (Future<Integer> w : widths) {
            columns += w.get();
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        System.out.println("40 files, " + columns + " columns");
    }

    static int format() {
        return option("width", 80) + option("indent", 4);
    }

    static int option(String name, int fallback) {
        try {
            return Settings.class.getDeclaredField(name).getInt(new Settings());
        } catch (NoSuchFieldException | IllegalAccessException e) {
            return fallback;
        }
    }
}
