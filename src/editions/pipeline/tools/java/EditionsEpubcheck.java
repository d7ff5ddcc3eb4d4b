// editions: EPUBCheck for every EPUB of a build in one JVM.
//
// A JVM's start, and EPUBCheck's loading of its schemas, cost about three seconds of
// CPU; the check of one book after that a tenth of it.  This runs EPUBCheck's own
// command line (EpubChecker.run, what `java -jar epubcheck.jar` runs) once per request:
//
//   stdin:  <book.epub> TAB <report.json> NEWLINE     one per book, as each is written
//   stdout: <exit status> TAB <report.json> NEWLINE   when its report is complete
//
// EPUBCheck's own console output goes to stderr, so stdout carries only the replies.
import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public final class EditionsEpubcheck {
    private EditionsEpubcheck() {}

    public static void main(String[] args) throws Exception {
        PrintStream replies = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader requests =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = requests.readLine()) != null) {
            String[] parts = line.split("\t", -1);
            if (parts.length != 2) {
                replies.println("-2\t" + line);
                continue;
            }
            replies.println(check(parts[0], parts[1]) + "\t" + parts[1]);
        }
    }

    private static int check(String epub, String report) {
        try {
            return new EpubChecker().run(new String[] {epub, "--json", report});
        } catch (Throwable failure) {  // one book's failure is that book's, not the build's
            failure.printStackTrace();
            return -1;
        }
    }
}
