package dev.bulwark.circuitbreaker;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The module's one logger, named after the module ({@code dev.bulwark.circuitbreaker}) so that one
 * setting controls it. Every line it writes is an operational event carrying an {@code event}
 * key-value pair and the breaker's {@code name}; docs/logging.md lists them. Calls are never logged.
 */
final class Log {

  static final Logger LOGGER = LoggerFactory.getLogger("dev.bulwark.circuitbreaker");

  private Log() {}

  /** An enum constant as it appears in key-values and metric tags: {@code HALF_OPEN} is {@code half_open}. */
  static String value(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }
}
