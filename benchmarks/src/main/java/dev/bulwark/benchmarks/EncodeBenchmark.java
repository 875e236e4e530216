package dev.bulwark.benchmarks;

import dev.bulwark.validation.Encode;
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

/**
 * Bulwark's contextual encoders against the OWASP Java Encoder 1.3.1, per context.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EncodeBenchmark -prof gc
 * </pre>
 * (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement per combination, about 2 minutes in all).
 *
 * <p>{@code impl} is {@code bulwark} ({@code dev.bulwark.validation.Encode}) or {@code owasp}
 * ({@code org.owasp.encoder.Encode}); {@code text} is {@code plain} (a 60-character sentence
 * with nothing to encode in HTML, JavaScript or CSS, where both libraries return the input without
 * allocating; {@code forUriComponent} still encodes its spaces) or {@code markup} (the same length
 * with quotes, angle brackets, ampersands and non-ASCII to escape).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class EncodeBenchmark {

  /** The encoder library under test. */
  @Param({"bulwark", "owasp"})
  public String impl;

  /** The text to encode. */
  @Param({"plain", "markup"})
  public String text;

  private boolean bulwark;
  private String value;

  /** Picks the implementation and the text. */
  @Setup
  public void setUp() {
    bulwark = impl.equals("bulwark");
    value = text.equals("plain")
        ? "The quick brown fox jumps over the lazy dog near the river 42"
        : "<b>\"Fish & Chips\"</b> for O'Brien: 5 > 3 ü & <script>x</script>";
  }

  /**
   * HTML element content.
   *
   * @return the encoded text
   */
  @Benchmark
  public String forHtml() {
    return bulwark ? Encode.forHtml(value) : org.owasp.encoder.Encode.forHtml(value);
  }

  /**
   * Quoted HTML attribute value.
   *
   * @return the encoded text
   */
  @Benchmark
  public String forHtmlAttribute() {
    return bulwark ? Encode.forHtmlAttribute(value) : org.owasp.encoder.Encode.forHtmlAttribute(value);
  }

  /**
   * Quoted JavaScript string.
   *
   * @return the encoded text
   */
  @Benchmark
  public String forJavaScript() {
    return bulwark ? Encode.forJavaScript(value) : org.owasp.encoder.Encode.forJavaScript(value);
  }

  /**
   * URL component.
   *
   * @return the encoded text
   */
  @Benchmark
  public String forUriComponent() {
    return bulwark ? Encode.forUriComponent(value) : org.owasp.encoder.Encode.forUriComponent(value);
  }

  /**
   * Quoted CSS string.
   *
   * @return the encoded text
   */
  @Benchmark
  public String forCssString() {
    return bulwark ? Encode.forCssString(value) : org.owasp.encoder.Encode.forCssString(value);
  }
}
