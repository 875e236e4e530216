package dev.bulwark.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The module's one logger, named after the module ({@code dev.bulwark.ratelimit}) so that one setting
 * controls it. Every line it writes is an operational event carrying an {@code event} key-value pair
 * and the limiter's {@code name}; docs/logging.md lists them. Decisions themselves are never logged.
 */
final class Log {

  static final Logger LOGGER = LoggerFactory.getLogger("dev.bulwark.ratelimit");

  private Log() {}
}
