import java.util.List;
import org.kvlint.source.SourceWalker;

/**
 * Bench helper: times {@link SourceWalker#walk} alone (no reading, no parsing) on the given paths,
 * ROUNDS times in one JVM, and prints each round's wall time and the file count; the first rounds
 * warm up the JIT and the kernel's dentry cache. Run as a source file:
 * java -cp 'target/kvlint.jar:target/lib/*' bench/WalkTime.java [ROUNDS] PATH...
 */
public class WalkTime {
    public static void main(String[] args) {
        int rounds = args.length > 1 && args[0].matches("\\d+") ? Integer.parseInt(args[0]) : 5;
        List<String> paths = List.of(args).subList(args[0].matches("\\d+") ? 1 : 0, args.length);
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            SourceWalker.Result w = SourceWalker.walk(paths);
            long t1 = System.nanoTime();
            System.out.printf("round %d: %.3f s, %d files, %d diagnostics%n", r + 1, (t1 - t0) / 1e9,
                    w.files().size(), w.diagnostics().size());
        }
    }
}
