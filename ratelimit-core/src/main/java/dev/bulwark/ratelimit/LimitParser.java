package dev.bulwark.ratelimit;

import static dev.bulwark.core.internal.AsciiChars.isDigit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The scanner and recursive-descent parser behind {@link RateLimit#parse} and {@link Limits#parse};
 * the grammar is documented on {@link Limits}. One instance parses one limit, between {@code from}
 * and {@code to} of the whole input (kept whole for error messages).
 */
final class LimitParser {

  private static final long SECOND = 1_000_000_000L;

  private enum Kind {
    NUMBER,
    WORD,
    SLASH,
    END
  }

  private final String input;
  private final int to;
  private int pos;
  private Kind kind = Kind.END;
  private int tokenStart;

  private LimitParser(String input, int from, int to) {
    this.input = input;
    this.pos = from;
    this.to = to;
  }

  static RateLimit parseOne(String spec) {
    Objects.requireNonNull(spec, "spec");
    return new LimitParser(spec, 0, spec.length()).limit(false);
  }

  static List<RateLimit> parseAll(String spec) {
    Objects.requireNonNull(spec, "spec");
    List<RateLimit> limits = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= spec.length(); i++) {
      if (i == spec.length() || spec.charAt(i) == ';' || spec.charAt(i) == ',') {
        limits.add(new LimitParser(spec, from, i).limit(true));
        from = i + 1;
      }
    }
    return List.copyOf(limits);
  }

  private RateLimit limit(boolean inList) {
    int start = pos;
    advance(inList);
    if (kind == Kind.END) {
      throw error("empty limit at index " + start);
    }
    if (kind != Kind.NUMBER) {
      throw error("expected a count but found " + quoted());
    }
    String countText = text();
    long count = positive("count");
    advance(inList);
    if (kind == Kind.END) {
      boolean thousands = to < input.length() && input.charAt(to) == ',';
      throw error(
          "missing '/' or 'per' after '"
              + countText
              + "'"
              + (thousands ? " (a count takes no thousands separator)" : ""));
    }
    if (kind != Kind.SLASH && !isWord("per")) {
      throw error("expected '/' or 'per' after '" + countText + "' but found " + quoted());
    }
    String separator = text();
    advance(inList);
    long amount = 1;
    if (kind == Kind.NUMBER) {
      separator = text();
      amount = positive("amount");
      advance(inList);
    }
    if (kind == Kind.END) {
      throw error("missing unit after '" + separator + "'");
    }
    if (kind != Kind.WORD) {
      throw error("expected a unit but found " + quoted());
    }
    Duration period = period(amount, unitNanos());
    advance(inList);
    long burst = count;
    if (isWord("burst")) {
      advance(inList);
      if (kind != Kind.NUMBER) {
        throw error(
            kind == Kind.END
                ? "missing size after 'burst'"
                : "expected a burst size but found " + quoted());
      }
      burst = positive("burst");
      advance(inList);
    }
    if (kind != Kind.END) {
      throw error("unexpected " + quoted());
    }
    try {
      return RateLimit.of(count, period).withBurst(burst);
    } catch (IllegalArgumentException e) {
      throw error(String.valueOf(e.getMessage()), e);
    }
  }

  /** Returns the length of one unit of the current WORD token, in nanoseconds. */
  private long unitNanos() {
    String unit = text().toLowerCase(Locale.ROOT);
    switch (unit) {
      case "ns", "nanosecond", "nanoseconds":
        return 1;
      case "ms", "millisecond", "milliseconds":
        return 1_000_000;
      case "s", "sec", "secs", "second", "seconds":
        return SECOND;
      case "m", "min", "mins", "minute", "minutes":
        return 60 * SECOND;
      case "h", "hr", "hrs", "hour", "hours":
        return 3600 * SECOND;
      case "d", "day", "days":
        return 86_400 * SECOND;
      default:
        throw error("unknown unit " + quoted());
    }
  }

  private Duration period(long amount, long unitNanos) {
    if (unitNanos < SECOND) {
      try {
        return Duration.ofNanos(Math.multiplyExact(amount, unitNanos));
      } catch (ArithmeticException e) {
        throw error("period " + amount + " x " + unitNanos + " ns is too long", e);
      }
    }
    long unitSeconds = unitNanos / SECOND;
    try {
      return Duration.ofSeconds(Math.multiplyExact(amount, unitSeconds));
    } catch (ArithmeticException e) {
      throw error("period " + amount + " x " + unitSeconds + " s is too long", e);
    }
  }

  /** Parses the current NUMBER token, which must be at least 1. */
  private long positive(String what) {
    long value;
    try {
      value = Long.parseLong(text());
    } catch (NumberFormatException e) {
      throw error(what + " " + quoted() + " is too large", e);
    }
    if (value < 1) {
      throw error(what + " " + quoted() + " must be at least 1");
    }
    return value;
  }

  /** Moves to the next token, skipping whitespace. */
  private void advance(boolean inList) {
    while (pos < to && Character.isWhitespace(input.charAt(pos))) {
      pos++;
    }
    tokenStart = pos;
    if (pos >= to) {
      kind = Kind.END;
      return;
    }
    char c = input.charAt(pos);
    if (isDigit(c)) {
      kind = Kind.NUMBER;
      while (pos < to && isDigit(input.charAt(pos))) {
        pos++;
      }
    } else if (Character.isLetter(c)) {
      kind = Kind.WORD;
      while (pos < to && Character.isLetter(input.charAt(pos))) {
        pos++;
      }
    } else if (c == '/') {
      kind = Kind.SLASH;
      pos++;
    } else {
      String hint = !inList && (c == ';' || c == ',') ? " (use Limits.parse for several limits)" : "";
      throw error("unexpected character '" + c + "'" + hint);
    }
  }

  private boolean isWord(String word) {
    return kind == Kind.WORD && text().equalsIgnoreCase(word);
  }

  private String text() {
    return input.substring(tokenStart, pos);
  }

  private String quoted() {
    return "'" + text() + "'";
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(message + " in \"" + input + "\"");
  }

  private IllegalArgumentException error(String message, Exception cause) {
    return new IllegalArgumentException(message + " in \"" + input + "\"", cause);
  }
}
