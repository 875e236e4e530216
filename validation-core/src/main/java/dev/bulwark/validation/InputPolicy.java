package dev.bulwark.validation;

import dev.bulwark.core.internal.Preconditions;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Limits and checks for untrusted text: size in code points and bytes, number of fields and length
 * of their names, control characters, well-formed UTF-8 and UTF-16, percent-decoding at most once,
 * Unicode normalisation, and optionally the {@link SqlInjectionDetector} and {@link XssDetector}.
 *
 * <p>Bad input never throws: {@link #validate(String, String)} returns a {@link ValidationResult}
 * with {@link Violation}s and the value as normalised. Checks run in this order, on this text:
 * <ol>
 *   <li>size (code points, UTF-8 bytes) on the raw value; a value over a limit gets only that
 *       violation, so oversized input costs no further work;
 *   <li>percent-decoding, once, if enabled; an escape left after that round ({@code %2527}) is a
 *       {@link Violation.Code#DOUBLE_ENCODING} violation and is not decoded again;
 *   <li>Unicode normalisation ({@link Normalization});
 *   <li>control characters (everything in Unicode category Cc except tab, CR and LF) and lone
 *       surrogates;
 *   <li>the detectors, if enabled, on the normalised text.
 * </ol>
 *
 * <pre>{@code
 * InputPolicy policy = InputPolicy.forQueries();          // 5,000 code points, NFKC, detectors on
 * ValidationResult r = policy.validate("q", request.getParameter("q"));
 * if (!r.isValid()) {
 *   return problem(400, r.violations());
 * }
 * search(r.value("q").orElseThrow());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class InputPolicy {

  /** 10 MiB, the size limit of {@link #forDocuments()}. */
  public static final long DOCUMENT_MAX_BYTES = 10L * 1024 * 1024;

  private static final InputPolicy QUERIES = builder().build();
  private static final InputPolicy DOCUMENTS = builder()
      .maxCodePoints(Integer.MAX_VALUE)
      .maxBytes(DOCUMENT_MAX_BYTES)
      .normalization(Normalization.NFC)
      .detectSqlInjection(false)
      .detectXss(false)
      .build();

  private final int maxCodePoints;
  private final long maxBytes;
  private final int maxFields;
  private final int maxFieldNameLength;
  private final Normalization normalization;
  private final PercentDecoding percentDecoding;
  private final boolean sqlInjection;
  private final boolean xss;

  private InputPolicy(Builder b) {
    this.maxCodePoints = b.maxCodePoints;
    this.maxBytes = b.maxBytes;
    this.maxFields = b.maxFields;
    this.maxFieldNameLength = b.maxFieldNameLength;
    this.normalization = b.normalization;
    this.percentDecoding = b.percentDecoding;
    this.sqlInjection = b.sqlInjection;
    this.xss = b.xss;
  }

  /**
   * Returns the policy for search queries, chat messages and form fields: at most 5,000 code points
   * and 20,000 UTF-8 bytes per value, 100 fields, field names up to 128 code points, NFKC, no
   * percent-decoding (frameworks decode query strings already), SQL-injection and XSS detection on.
   * The same as {@code builder().build()}.
   *
   * @return the shared query policy
   */
  public static InputPolicy forQueries() {
    return QUERIES;
  }

  /**
   * Returns the policy for documents: at most {@link #DOCUMENT_MAX_BYTES} (10 MiB) per value, no
   * code-point limit, NFC (documents keep their compatibility characters), detectors off.
   *
   * @return the shared document policy
   */
  public static InputPolicy forDocuments() {
    return DOCUMENTS;
  }

  /**
   * Returns a builder whose defaults are those of {@link #forQueries()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Validates one value.
   *
   * @param field the field name, used in violations
   * @param value the raw value
   * @return the result; its {@link ValidationResult#value(String)} is the normalised value unless
   *     the value was too large or could not be decoded
   * @throws NullPointerException if an argument is null
   */
  public ValidationResult validate(String field, String value) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    ViolationSink violations = new ViolationSink();
    String normalised = check(field, value, violations);
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (normalised != null) {
      values.put(field, List.of(normalised));
    }
    return ValidationResult.of(violations.toList(), values);
  }

  /**
   * Checks one value and returns only what is wrong with it, running exactly the checks of
   * {@link #validate(String, String)}. For a clean value this returns the shared empty list and
   * allocates nothing of its own (normalisation may still allocate when the value is not already
   * in the policy's normal form), which makes it the method for hot paths such as request
   * filters that do not need the normalised value.
   *
   * @param field the field name, used in violations
   * @param value the raw value
   * @return the violations in the order found, immutable; empty when the value passes
   * @throws NullPointerException if an argument is null
   */
  public List<Violation> violations(String field, String value) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    if (plain(value)) {
      return detections(field, value); // check() would do exactly this, without the sink
    }
    ViolationSink violations = new ViolationSink();
    check(field, value, violations);
    return violations.toList();
  }

  /**
   * Validates one value given as UTF-8 bytes (a request body, a file name from a multipart part).
   *
   * @param field the field name, used in violations
   * @param utf8 the raw bytes
   * @return the result; bytes that are not well-formed UTF-8 give an
   *     {@link Violation.Code#INVALID_UTF8} violation whose offset is a byte index
   * @throws NullPointerException if an argument is null
   */
  public ValidationResult validate(String field, byte[] utf8) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(utf8, "utf8");
    if (utf8.length > maxBytes) {
      return ValidationResult.of(List.of(tooLarge(field, maxBytes)), Map.of());
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(utf8);
    CharBuffer out = CharBuffer.allocate(utf8.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      Violation v = new Violation(Violation.Code.INVALID_UTF8, field,
          "bytes are not well-formed UTF-8 at byte " + in.position(), in.position());
      return ValidationResult.of(List.of(v), Map.of());
    }
    decoder.flush(out);
    out.flip();
    return validate(field, out.toString());
  }

  /**
   * Validates a set of fields, such as a query string or a form: the number of name/value pairs,
   * each name, and each value.
   *
   * @param fields values by field name, in input order
   * @return the result with every violation found, and the normalised values
   * @throws NullPointerException if the map, a name, a list or a value is null
   */
  public ValidationResult validate(Map<String, ? extends List<String>> fields) {
    Objects.requireNonNull(fields, "fields");
    ViolationSink violations = new ViolationSink();
    Map<String, List<String>> values = new LinkedHashMap<>();
    long pairs = 0;
    for (Map.Entry<String, ? extends List<String>> e : fields.entrySet()) {
      pairs += Objects.requireNonNull(e.getValue(), "values").size();
    }
    if (pairs > maxFields) {
      violations.add(new Violation(Violation.Code.TOO_MANY_FIELDS, "",
          "more than " + maxFields + " fields: " + pairs, -1));
      return ValidationResult.of(violations.toList(), values);
    }
    for (Map.Entry<String, ? extends List<String>> e : fields.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "field");
      if (!checkName(name, violations)) {
        continue;
      }
      List<String> normalised = new ArrayList<>(e.getValue().size());
      for (String value : e.getValue()) {
        String v = check(name, Objects.requireNonNull(value, "value"), violations);
        if (v != null) {
          normalised.add(v);
        }
      }
      values.put(name, normalised);
    }
    return ValidationResult.of(violations.toList(), values);
  }

  /**
   * Wraps a body so that reading fails as soon as more than the policy's byte limit has been read,
   * without reading the rest.
   *
   * @param body the stream to limit
   * @return the limited stream
   * @throws NullPointerException if {@code body} is null
   * @see LimitedInputStream
   */
  public InputStream limit(InputStream body) {
    return new LimitedInputStream(body, maxBytes);
  }

  private boolean checkName(String name, ViolationSink violations) {
    int length = name.codePointCount(0, name.length());
    if (length > maxFieldNameLength) {
      violations.add(new Violation(Violation.Code.FIELD_NAME_TOO_LONG, truncate(name),
          "field name longer than " + maxFieldNameLength + " code points: " + length, maxFieldNameLength));
      return false;
    }
    int bad = TextChecks.firstControl(name);
    if (bad >= 0) {
      violations.add(new Violation(Violation.Code.CONTROL_CHARACTER, truncate(name),
          "field name contains " + TextChecks.describe(name.charAt(bad)), bad));
      return false;
    }
    return true;
  }

  private static String truncate(String name) {
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  /**
   * Whether {@code raw} needs no check but the detectors: printable ASCII ({@code 0x20} to
   * {@code 0x7E}) within both size limits, and no percent-decoding. Such a value has as many code
   * points and UTF-8 bytes as characters, no surrogate and no control character, and is in every
   * normalisation form, so each of {@link #check}'s other steps passes it unchanged.
   */
  private boolean plain(String raw) {
    return percentDecoding == PercentDecoding.NONE && raw.length() <= maxCodePoints
        && raw.length() <= maxBytes && TextChecks.isPrintableAscii(raw);
  }

  /** Runs the value checks; returns the normalised value, or null if it could not be produced. */
  private @Nullable String check(String field, String raw, ViolationSink violations) {
    if (plain(raw)) {
      addAll(violations, detections(field, raw));
      return raw;
    }
    int overLength = TextChecks.indexAfterCodePoints(raw, maxCodePoints);
    if (overLength >= 0) {
      violations.add(new Violation(Violation.Code.TOO_LONG, field,
          "value longer than " + maxCodePoints + " code points", overLength));
      return null;
    }
    long bytes = TextChecks.utf8Length(raw);
    if (bytes > maxBytes) {
      violations.add(tooLarge(field, maxBytes));
      return null;
    }
    String text = raw;
    if (percentDecoding != PercentDecoding.NONE) {
      PercentDecoder.Result decoded =
          PercentDecoder.strict(raw, percentDecoding == PercentDecoding.FORM);
      if (decoded.text == null) {
        Violation.Code code = Objects.requireNonNull(decoded.error);
        String what = code == Violation.Code.INVALID_UTF8
            ? "percent-decoded bytes are not well-formed UTF-8 at byte " + decoded.offset
            : "invalid percent-encoding at index " + decoded.offset;
        violations.add(new Violation(code, field, what, decoded.offset));
        return null;
      }
      text = decoded.text;
      int again = PercentDecoder.remainingEscape(text);
      if (again >= 0) {
        violations.add(new Violation(Violation.Code.DOUBLE_ENCODING, field,
            "percent-encoding left after decoding once: " + text.substring(again, again + 3), again));
      }
    }
    int lone = TextChecks.firstLoneSurrogate(text);
    if (lone >= 0) {
      violations.add(new Violation(Violation.Code.LONE_SURROGATE, field,
          "lone surrogate U+" + Integer.toHexString(text.charAt(lone)).toUpperCase(java.util.Locale.ROOT)
              + " at index " + lone, lone));
    } else {
      text = normalization.apply(text);
    }
    int control = TextChecks.firstControl(text);
    if (control >= 0) {
      violations.add(new Violation(Violation.Code.CONTROL_CHARACTER, field,
          "value contains " + TextChecks.describe(text.charAt(control)) + " at index " + control, control));
    }
    addAll(violations, detections(field, text));
    return text;
  }

  private static void addAll(ViolationSink sink, List<Violation> found) {
    for (int i = 0; i < found.size(); i++) {
      sink.add(found.get(i));
    }
  }

  /**
   * The detectors' findings on a checked text, SQL injection first; the shared empty list (no
   * allocation) when there are none.
   */
  private List<Violation> detections(String field, String text) {
    Violation sql = null;
    if (sqlInjection) {
      Detection d = SqlInjectionDetector.create().detect(text);
      if (d.isAttack()) {
        sql = new Violation(Violation.Code.SQL_INJECTION, field, describe(d), d.offset());
      }
    }
    Violation script = null;
    if (xss) {
      Detection d = XssDetector.create().detect(text);
      if (d.isAttack()) {
        script = new Violation(Violation.Code.XSS, field, describe(d), d.offset());
      }
    }
    if (sql == null) {
      return script == null ? List.of() : List.of(script);
    }
    return script == null ? List.of(sql) : List.of(sql, script);
  }

  private static String describe(Detection d) {
    return d.kind() + " in " + d.context() + ": " + d.match();
  }

  private static Violation tooLarge(String field, long limit) {
    return new Violation(Violation.Code.TOO_LARGE, field, "value larger than " + limit + " bytes", -1);
  }

  /**
   * Returns the code-point limit per value.
   *
   * @return the maximum number of code points
   */
  public int maxCodePoints() {
    return maxCodePoints;
  }

  /**
   * Returns the byte limit per value (UTF-8), also used by {@link #limit(InputStream)}.
   *
   * @return the maximum number of bytes
   */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Returns the limit on name/value pairs in {@link #validate(Map)}.
   *
   * @return the maximum number of fields
   */
  public int maxFields() {
    return maxFields;
  }

  /**
   * Returns the limit on field-name length, in code points.
   *
   * @return the maximum name length
   */
  public int maxFieldNameLength() {
    return maxFieldNameLength;
  }

  /**
   * Returns the normalisation form applied to values.
   *
   * @return the form
   */
  public Normalization normalization() {
    return normalization;
  }

  @Override
  public String toString() {
    return "InputPolicy[maxCodePoints=" + maxCodePoints + ", maxBytes=" + maxBytes + ", maxFields="
        + maxFields + ", maxFieldNameLength=" + maxFieldNameLength + ", normalization="
        + normalization + ", percentDecoding=" + percentDecoding
        + ", sqlInjection=" + sqlInjection + ", xss=" + xss + "]";
  }

  /**
   * Builds an {@link InputPolicy}. Each setting may be made once; values are checked as they are
   * set. Not thread-safe.
   */
  public static final class Builder {
    private int maxCodePoints = 5_000;
    private long maxBytes = 20_000;
    private int maxFields = 100;
    private int maxFieldNameLength = 128;
    private Normalization normalization = Normalization.NFKC;
    private PercentDecoding percentDecoding = PercentDecoding.NONE;
    private boolean sqlInjection = true;
    private boolean xss = true;
    private int set;

    private Builder() {}

    private void once(int bit, String name, Object current) {
      Preconditions.requireUnset(name, (set & bit) != 0, current);
      set |= bit;
    }

    /**
     * Sets the most code points a value may have (default 5,000).
     *
     * @param max the limit; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is below 1
     * @throws IllegalStateException if already set
     */
    public Builder maxCodePoints(int max) {
      Preconditions.requireAtLeastOne("maxCodePoints", max);
      once(1, "maxCodePoints", maxCodePoints);
      this.maxCodePoints = max;
      return this;
    }

    /**
     * Sets the most UTF-8 bytes a value (or a limited stream) may have (default 20,000).
     *
     * @param max the limit; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is below 1
     * @throws IllegalStateException if already set
     */
    public Builder maxBytes(long max) {
      Preconditions.requireAtLeastOne("maxBytes", max);
      once(2, "maxBytes", maxBytes);
      this.maxBytes = max;
      return this;
    }

    /**
     * Sets the most name/value pairs {@link InputPolicy#validate(Map)} accepts (default 100).
     *
     * @param max the limit; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is below 1
     * @throws IllegalStateException if already set
     */
    public Builder maxFields(int max) {
      Preconditions.requireAtLeastOne("maxFields", max);
      once(4, "maxFields", maxFields);
      this.maxFields = max;
      return this;
    }

    /**
     * Sets the longest field name, in code points (default 128).
     *
     * @param max the limit; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is below 1
     * @throws IllegalStateException if already set
     */
    public Builder maxFieldNameLength(int max) {
      Preconditions.requireAtLeastOne("maxFieldNameLength", max);
      once(8, "maxFieldNameLength", maxFieldNameLength);
      this.maxFieldNameLength = max;
      return this;
    }

    /**
     * Sets the Unicode normalisation form (default {@link Normalization#NFKC}).
     *
     * @param form the form
     * @return this builder
     * @throws NullPointerException if {@code form} is null
     * @throws IllegalStateException if already set
     */
    public Builder normalization(Normalization form) {
      Objects.requireNonNull(form, "form");
      once(16, "normalization", normalization);
      this.normalization = form;
      return this;
    }

    /**
     * Sets whether, and how, the policy percent-decodes values once, as UTF-8, before checking them
     * (default {@link PercentDecoding#NONE}: most frameworks decode query strings already; choose
     * {@link PercentDecoding#FORM} for raw query strings, {@link PercentDecoding#PERCENT} for paths).
     *
     * @param decoding none, {@code %XX} only, or {@code %XX} with {@code +} as a space
     * @return this builder
     * @throws NullPointerException if {@code decoding} is null
     * @throws IllegalStateException if already set
     */
    public Builder percentDecoding(PercentDecoding decoding) {
      Objects.requireNonNull(decoding, "decoding");
      once(32, "percentDecoding", percentDecoding);
      this.percentDecoding = decoding;
      return this;
    }

    /**
     * Turns the SQL-injection detector on or off (default on).
     *
     * @param on whether to run it
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder detectSqlInjection(boolean on) {
      once(64, "detectSqlInjection", sqlInjection);
      this.sqlInjection = on;
      return this;
    }

    /**
     * Turns the XSS detector on or off (default on).
     *
     * @param on whether to run it
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder detectXss(boolean on) {
      once(128, "detectXss", xss);
      this.xss = on;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the immutable policy
     */
    public InputPolicy build() {
      return new InputPolicy(this);
    }
  }
}
