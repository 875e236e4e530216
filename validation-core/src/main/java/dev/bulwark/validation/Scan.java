package dev.bulwark.validation;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Command-line scanner: reads one input per line from standard input (UTF-8) and prints, for each,
 * {@code SQLI}, {@code XSS} or {@code OK}, a tab, and the input as read.
 *
 * <pre>
 * java -cp core/target/classes:validation-core/target/classes dev.bulwark.validation.Scan [--url-decode] &lt; inputs.txt
 * java -p core/target/classes:validation-core/target/classes -m dev.bulwark.validation/dev.bulwark.validation.Scan &lt; inputs.txt
 * </pre>
 *
 * <p>With {@code --url-decode} each line is percent-decoded once (with {@code +} as space, as in a
 * query string) before it is scanned; invalid escapes are kept as they are. A line that both
 * detectors flag is reported as {@code SQLI}. Lines end at LF, CR LF or CR.
 * Runs with nothing but this module and bulwark-core (which has no dependency) on the class path or
 * the module path.
 *
 * <p>A tool, not API: the class is package-private (the launcher runs a non-public main class), so it
 * is neither in the module's exported surface nor in its Javadoc. It stays in this package because
 * it shares the lenient percent decoder, which is package-private too.
 */
final class Scan {

  private Scan() {}

  /**
   * Runs the scanner.
   *
   * @param args {@code --url-decode}, or {@code --help}
   * @throws IOException if standard input or output fails
   */
  public static void main(String[] args) throws IOException {
    boolean urlDecode = false;
    for (String a : args) {
      if (a.equals("--url-decode")) {
        urlDecode = true;
      } else if (a.equals("--help") || a.equals("-h")) {
        usage(System.out);
        return;
      } else {
        System.err.println("unknown option: " + a);
        usage(System.err);
        System.exit(2);
        return;
      }
    }
    run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), urlDecode);
  }

  /**
   * Scans every line of {@code in} and writes the verdicts to {@code out}, which is flushed.
   *
   * @param in the inputs, one per line
   * @param out where the verdicts go
   * @param urlDecode whether to percent-decode each line once first
   * @throws IOException if reading or writing fails
   */
  static void run(BufferedReader in, BufferedWriter out, boolean urlDecode) throws IOException {
    SqlInjectionDetector sql = SqlInjectionDetector.create();
    XssDetector xss = XssDetector.create();
    String line;
    while ((line = in.readLine()) != null) {
      String input = urlDecode ? PercentDecoder.lenient(line, true) : line;
      String verdict = sql.isInjection(input) ? "SQLI" : xss.isXss(input) ? "XSS" : "OK";
      out.write(verdict);
      out.write('\t');
      out.write(line);
      out.write('\n');
    }
    out.flush();
  }

  private static void usage(PrintStream to) {
    to.println("usage: java -cp bulwark-core.jar:bulwark-validation-core.jar dev.bulwark.validation.Scan [--url-decode] < inputs");
    to.println("Prints SQLI, XSS or OK, a tab, and the input, for every line of standard input.");
  }
}
