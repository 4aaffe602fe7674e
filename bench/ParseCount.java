import java.nio.file.Path;
import org.kvlint.source.InputFile;
import org.kvlint.source.SourceReader;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.SourceText;

/**
 * Bench helper for fix-check.sh: prints, for each file, the number of ERROR and MISSING nodes in
 * a full tree-sitter parse (kvlint's parser and grammar), tab, the path. Run as a source file:
 * java --enable-native-access=ALL-UNNAMED -cp 'kvlint.jar:lib/*' bench/ParseCount.java FILE...
 */
public class ParseCount {
    public static void main(String[] args) {
        try (CParser parser = new CParser()) {
            for (String f : args) {
                var read = SourceReader.read(new InputFile(Path.of(f), f));
                if (read.content().isEmpty()) {
                    System.out.println("?\t" + f);
                    continue;
                }
                int[] n = {0};
                parser.parseFully(new SourceText(read.content().get())).walk(x -> {
                    if (x.isError() || x.isMissing()) {
                        n[0]++;
                    }
                });
                System.out.println(n[0] + "\t" + f);
            }
        }
    }
}
