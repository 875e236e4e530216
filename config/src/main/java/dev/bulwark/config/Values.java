package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.ratelimit.Limits;
import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scalar value readers. Each accepts exactly one JSON type (a size also accepts a plain
 * number of bytes): a YAML {@code 5} is not the string {@code "5"}, and {@code "true"} is not a
 * boolean, so a value of the wrong kind is reported instead of guessed at.
 */
final class Values {

  private Values() {}

  static String string(JsonNode node) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException("expected a string");
    }
    return node.textValue();
  }

  static boolean bool(JsonNode node) {
    if (!node.isBoolean()) {
      throw new IllegalArgumentException("expected true or false");
    }
    return node.booleanValue();
  }

  static int integer(JsonNode node) {
    if (!node.isIntegralNumber()) {
      throw new IllegalArgumentException("expected an integer");
    }
    if (!node.canConvertToInt()) {
      throw new IllegalArgumentException("expected an integer between " + Integer.MIN_VALUE + " and "
          + Integer.MAX_VALUE);
    }
    return node.intValue();
  }

  static long longInteger(JsonNode node) {
    if (!node.isIntegralNumber()) {
      throw new IllegalArgumentException("expected an integer");
    }
    if (!node.canConvertToLong()) {
      throw new IllegalArgumentException("expected an integer between " + Long.MIN_VALUE + " and "
          + Long.MAX_VALUE);
    }
    return node.longValue();
  }

  static double number(JsonNode node) {
    if (!node.isNumber()) {
      throw new IllegalArgumentException("expected a number");
    }
    return node.doubleValue();
  }

  static Duration duration(JsonNode node) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException(Quantities.DURATION_EXAMPLES);
    }
    return Quantities.duration(node.textValue());
  }

  static long size(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException(Quantities.SIZE_EXAMPLES);
    }
    return Quantities.size(node.textValue());
  }

  /** Reads limits in the {@link Limits} syntax, such as {@code "200/minute; 1000/hour"}. */
  static List<RateLimit> limits(JsonNode node) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException(
          "expected limits as a string such as \"100/minute\" or \"200/minute; 1000/hour\"");
    }
    return Limits.parse(node.textValue());
  }

  /**
   * Returns a reader of one of several names, such as {@code token-bucket}, compared exactly.
   *
   * @param names the accepted names in the order they are listed in messages
   */
  static <T> ValueReader<T> oneOf(Map<String, T> names) {
    return node -> {
      T value = node.isTextual() ? names.get(node.textValue()) : null;
      if (value == null) {
        throw new IllegalArgumentException("expected one of " + String.join(", ", names.keySet()));
      }
      return value;
    };
  }

  /**
   * Returns a reader of an enum constant written in lower case with hyphens for underscores:
   * {@code TOKEN_BUCKET} is {@code token-bucket}.
   */
  static <E extends Enum<E>> ValueReader<E> enumeration(Class<E> type) {
    Map<String, E> names = new LinkedHashMap<>();
    for (E constant : type.getEnumConstants()) {
      names.put(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'), constant);
    }
    return oneOf(names);
  }
}
