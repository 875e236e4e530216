package dev.bulwark.http;

import dev.bulwark.validation.InputPolicy;
import dev.bulwark.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Checks a body's fields as the application will read them: decoded by its content type.
 *
 * <h2>Why</h2>
 * The body policy checks the body's text as sent. A JSON body carries strings with escapes
 * ({@code "\\u003cscript\\u003e"}, {@code "\\u0027 OR 1=1--"}) and a form body percent-encoded fields
 * ({@code q=%27%20OR%201%3D1--}): the detectors saw neither payload, while the application's
 * parser hands both to the handler decoded. So, after the text passes, each field is checked
 * again decoded:
 * <ul>
 *   <li>{@code application/json} and {@code application/*+json}: every object key and every string
 *       value, through a strict streaming scanner ({@link JsonScanner}: no tree is built), named
 *       by its JSON Pointer ({@code body/user/name}); nesting deeper than {@value #MAX_DEPTH}
 *       levels, and a number, name or string beyond the scanner's length limits, are refused. A
 *       body that is not valid JSON is left to the application's parser, which will refuse it:
 *       its text was checked already (the fields read before the error are checked too);
 *   <li>{@code application/x-www-form-urlencoded}: every field name and value, percent- and
 *       {@code +}-decoded as a form is ({@code body/q}); a bad escape is refused.
 * </ul>
 * The work is linear in the body, which the policy's size limit already bounds.
 */
final class BodyFields {

  /** The deepest JSON nesting accepted in a checked body. */
  static final int MAX_DEPTH = JsonScanner.MAX_DEPTH;

  private BodyFields() {}

  /** Returns the violations of the body's decoded fields; empty when they pass or the type has none. */
  static List<Violation> violations(InputPolicy policy, @Nullable String contentType, String text) {
    String type = mediaType(contentType);
    if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) {
      return json(policy, text);
    }
    if (type.equals("application/x-www-form-urlencoded")) {
      return form(policy, text);
    }
    return List.of();
  }

  /** The media type without parameters, in lower case; empty when absent. */
  private static String mediaType(@Nullable String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static List<Violation> json(InputPolicy policy, String text) {
    List<Violation> found = new ArrayList<>();
    try {
      JsonScanner.scan(text, (pointer, value) ->
          found.addAll(policy.violations(Texts.truncate("body" + pointer), value)));
    } catch (JsonScanner.Malformed e) {
      if (e.limit()) {
        found.add(new Violation(Violation.Code.TOO_MANY_FIELDS, "body", String.valueOf(e.getMessage()), -1));
      }
      // Otherwise not JSON: the application's parser refuses it; its text passed the body policy.
    }
    return found;
  }

  private static List<Violation> form(InputPolicy policy, String text) {
    List<Violation> found = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int amp = text.indexOf('&', start);
      int end = amp < 0 ? text.length() : amp;
      if (end > start) {
        int eq = text.indexOf('=', start);
        int nameEnd = eq >= 0 && eq < end ? eq : end;
        String name = FormDecoder.decode(text, start, nameEnd);
        if (name == null) {
          found.add(FormDecoder.problem("body", text, start, nameEnd));
        } else {
          String field = Texts.truncate("body/" + name);
          found.addAll(policy.violations(field, name));
          int valueStart = nameEnd < end ? nameEnd + 1 : end;
          String value = FormDecoder.decode(text, valueStart, end);
          if (value == null) {
            found.add(FormDecoder.problem(field, text, valueStart, end));
          } else {
            found.addAll(policy.violations(field, value));
          }
        }
      }
      start = end + 1;
    }
    return found;
  }
}
