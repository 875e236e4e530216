package dev.bulwark.validation;

import dev.bulwark.core.internal.HttpTokens;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses one Content-Type value per RFC 9110 section 8.3.1: {@code type "/" subtype} followed by
 * {@code *( OWS ";" OWS [ token "=" ( token / quoted-string ) ] )}. Single use; not thread-safe.
 */
final class MediaTypeParser {

  private final String s;
  private int i;

  String type = "";
  String subtype = "";
  @Nullable String charset;
  boolean hasParameters;
  Violation.Code error = Violation.Code.CONTENT_TYPE_MALFORMED;
  String message = "";
  int offset = -1;

  MediaTypeParser(String value) {
    this.s = value;
  }

  boolean parse() {
    i = 0;
    skipOws();
    int typeStart = i;
    while (i < s.length() && HttpTokens.isTokenChar(s.charAt(i))) {
      i++;
    }
    if (i == typeStart || i >= s.length() || s.charAt(i) != '/') {
      return fail("expected type/subtype", i);
    }
    type = s.substring(typeStart, i).toLowerCase(Locale.ROOT);
    i++;
    int subStart = i;
    while (i < s.length() && HttpTokens.isTokenChar(s.charAt(i))) {
      i++;
    }
    if (i == subStart) {
      return fail("empty subtype", i);
    }
    subtype = s.substring(subStart, i).toLowerCase(Locale.ROOT);
    Set<String> names = new HashSet<>();
    while (true) {
      skipOws();
      if (i == s.length()) {
        return true;
      }
      char c = s.charAt(i);
      if (c == ',') {
        error = Violation.Code.CONTENT_TYPE_MULTIPLE;
        return fail("several media types in one value", i);
      }
      if (c != ';') {
        return fail("expected ';' or end", i);
      }
      i++;
      skipOws();
      if (i == s.length() || s.charAt(i) == ';') {
        continue; // empty parameter
      }
      if (!parameter(names)) {
        return false;
      }
    }
  }

  private boolean parameter(Set<String> names) {
    int nameStart = i;
    while (i < s.length() && HttpTokens.isTokenChar(s.charAt(i))) {
      i++;
    }
    if (i == nameStart || i >= s.length() || s.charAt(i) != '=') {
      return fail("malformed parameter", nameStart);
    }
    String name = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
    if (!names.add(name)) {
      return fail("parameter given twice: " + name, nameStart);
    }
    hasParameters = true;
    i++;
    String value;
    if (i < s.length() && s.charAt(i) == '"') {
      StringBuilder v = new StringBuilder();
      i++;
      while (true) {
        if (i >= s.length()) {
          return fail("unterminated quoted string", nameStart);
        }
        char c = s.charAt(i);
        if (c == '"') {
          i++;
          break;
        }
        if (c == '\\') {
          i++;
          if (i >= s.length()) {
            return fail("unterminated quoted string", nameStart);
          }
          c = s.charAt(i);
        }
        if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
          return fail("invalid character in quoted string", i);
        }
        v.append(c);
        i++;
      }
      value = v.toString();
    } else {
      int valueStart = i;
      while (i < s.length() && HttpTokens.isTokenChar(s.charAt(i))) {
        i++;
      }
      if (i == valueStart) {
        return fail("empty parameter value", valueStart);
      }
      value = s.substring(valueStart, i);
    }
    if (name.equals("charset")) {
      charset = value.toLowerCase(Locale.ROOT);
    }
    return true;
  }

  private void skipOws() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
  }

  private boolean fail(String why, int at) {
    message = why;
    offset = at;
    return false;
  }
}
