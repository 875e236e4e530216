package dev.bulwark.benchmarks;

import dev.bulwark.validation.Detection;
import dev.bulwark.validation.SqlInjectionDetector;
import dev.bulwark.validation.XssDetector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the SQL-injection and XSS detectors together: one operation scans one input with
 * both, so ops/s is inputs per second per thread. The target is at least 1,000,000 inputs
 * per second per core and 0 B/op on benign input.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DetectorBenchmark -prof gc
 * </pre>
 * (1 fork, 3 x 2 s warm-up, 5 x 2 s measurement per {@code input}, about 30 s in all).
 *
 * <p>{@code input} picks 16 realistic strings of 8 to 200 bytes, cycled in order:
 * <ul>
 *   <li>{@code benign}: search queries, names with apostrophes, chat messages, addresses, a URL,
 *       product text with {@code %} and {@code --}, a little harmless markup;
 *   <li>{@code plain}: search-box query values (words, numbers, light punctuation), the common case
 *       of a query parameter;
 *   <li>{@code attack}: classic SQL injection (tautologies, UNION SELECT, stacked queries, time
 *       delays) and XSS (script tags, event handlers, {@code javascript:} URLs, breakouts).
 * </ul>
 * The set-up checks that no benign input is flagged and every attack is.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class DetectorBenchmark {

  private static final String[] BENIGN = {
    "select the best option from the menu",
    "O'Brien's pub on 5th Avenue -- open late; call (555) 123-4567",
    "Looking for a red dress, size 10, under $50 please",
    "https://example.com/products?id=42&sort=price_asc&page=2",
    "It's John's book, isn't it? We'll see what's there tomorrow at 3pm.",
    "80% ACRYLIC AND 20% WOOL, machine washable",
    "user@example.com wrote: thanks for the quick reply!",
    "2024-01-01 -- 2024-12-31 report: revenue up 5% (Q4 > Q3)",
    "Mr. and Mrs. Smith, 221B Baker Street, London NW1 6XE",
    "How do I reset my password? I tried twice and it didn't work :(",
    "I <3 this place, the <b>best</b> coffee in town",
    "vintage oak table 5 x 3 ft, \"like new\", pick up only",
    "Can you ship to Canada or the US? Need it by Friday.",
    "Great product!!! 5 stars -- would buy again",
    "dad and keychain and \"loved by\"",
    "Terms & Conditions apply; see store for details."
  };

  /** Query values of the kind a search box sends: words, numbers and light punctuation. */
  private static final String[] PLAIN = {
    "hello world",
    "red dress size 10",
    "New York",
    "john smith",
    "coffee near me",
    "iphone 15 pro max 256gb",
    "weather tomorrow",
    "Mr. Smith, London NW1 6XE",
    "best pizza in town",
    "how to reset my password?",
    "2024-01-01",
    "3.5 stars",
    "cheap flights to Paris",
    "running shoes for women",
    "Harry Potter",
    "USB-C cable 2m"
  };

  private static final String[] ATTACK = {
    "1' OR '1'='1",
    "admin'--",
    "-1 UNION ALL SELECT username, password FROM users--",
    "1; DROP TABLE users",
    "1' AND SLEEP(5) AND '1'='1",
    "' OR 1=1 LIMIT 1 -- ",
    "1 AND (SELECT COUNT(*) FROM information_schema.tables)>0",
    "x'; EXEC xp_cmdshell('dir')--",
    "<script>alert(document.cookie)</script>",
    "\"><img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<svg/onload=alert(1)>",
    "' onmouseover=alert(1) x='",
    "<iframe src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
    "';alert(String.fromCharCode(88,83,83))//",
    "<div style=\"width:expression(alert(1))\">"
  };

  /** Which inputs to scan. */
  @Param({"benign", "plain", "attack"})
  public String input;

  private final SqlInjectionDetector sql = SqlInjectionDetector.create();
  private final XssDetector xss = XssDetector.create();
  private String[] inputs;
  private int next;

  /** Picks the inputs and checks the detectors' verdicts on them. */
  @Setup
  public void setUp() {
    inputs = switch (input) {
      case "benign" -> BENIGN;
      case "plain" -> PLAIN;
      default -> ATTACK;
    };
    for (String s : inputs) {
      boolean flagged = sql.isInjection(s) || xss.isXss(s);
      if (flagged != input.equals("attack")) {
        throw new IllegalStateException((flagged ? "flagged benign: " : "missed attack: ") + s);
      }
    }
  }

  /**
   * Scans one input with both detectors.
   *
   * @param bh consumes the verdicts
   */
  @Benchmark
  public void detect(Blackhole bh) {
    String s = inputs[next];
    next = (next + 1) & 15;
    Detection d1 = sql.detect(s);
    Detection d2 = xss.detect(s);
    bh.consume(d1);
    bh.consume(d2);
  }
}
