package dev.bulwark.http;

import dev.bulwark.validation.ContentTypePolicy;
import dev.bulwark.validation.InputPolicy;
import dev.bulwark.validation.ValidationResult;
import dev.bulwark.validation.Violation;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A route's input validation, in this order, stopping at the first category that fails:
 * <ol>
 *   <li>query parameters and headers (400): the number of fields and each field name against the
 *       policy's limits, then each value with {@link InputPolicy#validate(String, String)}, every
 *       violation collected;
 *   <li>the declared body size, {@code Content-Length} (413);
 *   <li>the {@code Content-Type} of a request with a body (415).
 * </ol>
 * Body content ({@link #checkBody}) is checked later, when the adapter has read it: its text, then
 * its JSON or form fields decoded ({@link BodyFields}). A raw query the gate found clean lately
 * is not decoded and checked again ({@link CleanQueries}: same text, same answer).
 */
final class ValidationGate {

  /** The result of a failed check. */
  record Invalid(int status, List<Violation> violations) {}

  /** The largest body checked in memory: the limit plus one byte must fit in a {@code byte[]}. */
  static final long MAX_BUFFERED_BODY = Integer.MAX_VALUE - 9;

  private final @Nullable InputPolicy query;
  private final @Nullable InputPolicy headers;
  private final long maxBodyBytes;
  private final @Nullable ContentTypePolicy contentType;
  private final @Nullable InputPolicy body;
  /** The query's parameter names this gate decoded lately, for reuse. */
  private final QueryNames names = new QueryNames();
  /** The queries found clean lately, not checked again: see {@link CleanQueries}. */
  private final CleanQueries cleanQueries = new CleanQueries();

  ValidationGate(
      @Nullable InputPolicy query,
      @Nullable InputPolicy headers,
      long maxBodyBytes,
      @Nullable ContentTypePolicy contentType,
      @Nullable InputPolicy body) {
    this.query = query;
    this.headers = headers;
    this.maxBodyBytes = maxBodyBytes;
    this.contentType = contentType;
    this.body = body;
  }

  /** Tells whether the gate checks anything before the handler runs. */
  boolean checksRequest() {
    return query != null || headers != null || maxBodyBytes >= 0 || contentType != null;
  }

  boolean checksBody() {
    return body != null;
  }

  /** The most bytes a body may have on this route (its own limit or the edge's), or -1. */
  long bodyLimit() {
    return maxBodyBytes;
  }

  /** The refusal of a body found to be longer than {@code limit} bytes as it streamed in. */
  static Invalid bodyOver(long limit) {
    return new Invalid(Statuses.CONTENT_TOO_LARGE, List.of(new Violation(Violation.Code.TOO_LARGE,
        "body", "body larger than " + limit + " bytes", -1)));
  }

  /** Checks a request; null when it passes. */
  @Nullable Invalid check(EdgeRequest request) {
    List<Violation> violations = null;
    InputPolicy q = query;
    if (q != null) {
      String rawQuery = request.rawQuery();
      if (rawQuery != null && !rawQuery.isEmpty() && !cleanQueries.contains(rawQuery)) {
        violations = checkQuery(q, names, rawQuery);
        if (violations == null) {
          cleanQueries.add(rawQuery);
        }
      }
    }
    InputPolicy h = headers;
    if (h != null) {
      violations = checkHeaders(h, request, violations);
    }
    if (violations != null) {
      return new Invalid(Statuses.BAD_REQUEST, violations);
    }
    long length = request.contentLength();
    if (maxBodyBytes >= 0 && length > maxBodyBytes) {
      return new Invalid(Statuses.CONTENT_TOO_LARGE, List.of(new Violation(Violation.Code.TOO_LARGE,
          "body", "declared body of " + length + " bytes is larger than " + maxBodyBytes + " bytes", -1)));
    }
    ContentTypePolicy ct = contentType;
    if (ct != null && (length > 0 || request.header("Transfer-Encoding") != null)) {
      ValidationResult result = ct.check(request.headers("Content-Type"));
      if (!result.isValid()) {
        return new Invalid(Statuses.UNSUPPORTED_MEDIA_TYPE, result.violations());
      }
    }
    return null;
  }

  /**
   * The most body bytes {@link #checkBody(byte[], int, String)} accepts: the body policy's limit, lowered
   * to the declared-size limit when set, and capped so that one byte more still fits in an array;
   * -1 without a body policy.
   */
  long maxBodyBytes() {
    InputPolicy b = body;
    if (b == null) {
      return -1;
    }
    long max = maxBodyBytes >= 0 ? Math.min(b.maxBytes(), maxBodyBytes) : b.maxBytes();
    return Math.min(max, MAX_BUFFERED_BODY);
  }

  /**
   * Checks a body: its text, then its fields decoded by its content type ({@link BodyFields});
   * null when it passes or no body policy is set.
   */
  @Nullable Invalid checkBody(CharSequence text, @Nullable String contentType) {
    InputPolicy b = body;
    if (b == null) {
      return null;
    }
    String s = text.toString();
    Invalid invalid = invalidBody(b.validate("body", s));
    return invalid != null ? invalid : invalidFields(b, contentType, s);
  }

  /**
   * Checks the first {@code length} bytes of a body read as UTF-8, then its decoded fields; null
   * when it passes.
   */
  @Nullable Invalid checkBody(byte[] bytes, int length, @Nullable String contentType) {
    InputPolicy b = body;
    if (b == null) {
      return null;
    }
    long max = maxBodyBytes();
    if (length > max) {
      return new Invalid(Statuses.CONTENT_TOO_LARGE, List.of(new Violation(Violation.Code.TOO_LARGE,
          "body", "body larger than " + max + " bytes", -1)));
    }
    Invalid invalid =
        invalidBody(b.validate("body", length == bytes.length ? bytes : Arrays.copyOf(bytes, length)));
    return invalid != null
        ? invalid
        : invalidFields(b, contentType, new String(bytes, 0, length, StandardCharsets.UTF_8));
  }

  private static @Nullable Invalid invalidFields(InputPolicy policy, @Nullable String contentType, String text) {
    List<Violation> violations = BodyFields.violations(policy, contentType, text);
    return violations.isEmpty() ? null : new Invalid(Statuses.BAD_REQUEST, List.copyOf(violations));
  }

  private static @Nullable Invalid invalidBody(ValidationResult result) {
    if (result.isValid()) {
      return null;
    }
    boolean tooLarge = false;
    for (Violation v : result.violations()) {
      tooLarge |= v.code() == Violation.Code.TOO_LARGE || v.code() == Violation.Code.TOO_LONG;
    }
    return new Invalid(tooLarge ? Statuses.CONTENT_TOO_LARGE : Statuses.BAD_REQUEST, result.violations());
  }

  private static @Nullable List<Violation> checkQuery(InputPolicy policy, QueryNames names, String raw) {
    List<Violation> violations = null;
    int pairs = 0;
    for (int start = 0; start <= raw.length(); start = next(raw, start) + 1) {
      if (next(raw, start) > start) {
        pairs++;
      }
    }
    if (pairs > policy.maxFields()) {
      return add(violations, new Violation(Violation.Code.TOO_MANY_FIELDS, "query",
          "more than " + policy.maxFields() + " query parameters: " + pairs, -1));
    }
    for (int start = 0; start <= raw.length(); start = next(raw, start) + 1) {
      int end = next(raw, start);
      if (end > start) {
        violations = checkPair(policy, names, raw, start, end, violations);
      }
    }
    return violations;
  }

  /** Checks the name and value of the pair {@code raw[start, end)}. */
  private static @Nullable List<Violation> checkPair(
      InputPolicy policy, QueryNames names, String raw, int start, int end, @Nullable List<Violation> violations) {
    int eq = raw.indexOf('=', start);
    int nameEnd = eq >= 0 && eq < end ? eq : end;
    String name = names.decode(raw, start, nameEnd);
    if (name == null) {
      return add(violations, FormDecoder.problem("query", raw, start, nameEnd));
    }
    Violation badName = checkName(policy, name);
    if (badName != null) {
      return add(violations, badName);
    }
    int valueStart = nameEnd < end ? nameEnd + 1 : end;
    String value = FormDecoder.decode(raw, valueStart, end);
    return value == null
        ? add(violations, FormDecoder.problem(name, raw, valueStart, end))
        : addAll(violations, policy.violations(name, value));
  }

  private static @Nullable List<Violation> checkHeaders(
      InputPolicy policy, EdgeRequest request, @Nullable List<Violation> found) {
    List<Violation> violations = found;
    List<String> names = request.headerNames();
    int values = 0;
    for (int i = 0; i < names.size(); i++) {
      values += request.headers(names.get(i)).size();
    }
    if (values > policy.maxFields()) {
      return add(violations, new Violation(Violation.Code.TOO_MANY_FIELDS, "headers",
          "more than " + policy.maxFields() + " header values: " + values, -1));
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      List<String> list = request.headers(name);
      for (int j = 0; j < list.size(); j++) {
        violations = addAll(violations, policy.violations(name, list.get(j)));
      }
    }
    return violations;
  }

  /** The index of the {@code '&'} ending the pair that starts at {@code from}, or the length. */
  private static int next(String raw, int from) {
    int amp = raw.indexOf('&', from);
    return amp < 0 ? raw.length() : amp;
  }

  /** Checks a decoded parameter name as {@link InputPolicy#validate(java.util.Map)} would. */
  private static @Nullable Violation checkName(InputPolicy policy, String name) {
    int length = name.codePointCount(0, name.length());
    if (length > policy.maxFieldNameLength()) {
      return new Violation(Violation.Code.FIELD_NAME_TOO_LONG, Texts.truncate(name),
          "parameter name longer than " + policy.maxFieldNameLength() + " code points: " + length,
          policy.maxFieldNameLength());
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\r' && c != '\n') {
        return new Violation(Violation.Code.CONTROL_CHARACTER, Texts.truncate(name),
            "parameter name contains control character U+" + String.format("%04X", (int) c), i);
      }
    }
    return null;
  }

  private static List<Violation> add(@Nullable List<Violation> list, Violation v) {
    List<Violation> l = list != null ? list : new ArrayList<>(4);
    l.add(v);
    return l;
  }

  private static @Nullable List<Violation> addAll(
      @Nullable List<Violation> list, List<Violation> found) {
    if (found.isEmpty()) {
      return list;
    }
    List<Violation> l = list != null ? list : new ArrayList<>(4);
    l.addAll(found);
    return l;
  }
}
