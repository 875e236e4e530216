package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one typed value from a document node.
 *
 * @param <T> the value type
 */
@FunctionalInterface
interface ValueReader<T> {

  /**
   * Reads the value.
   *
   * @throws IllegalArgumentException if the node is not such a value; the message says what was
   *     expected, and is reported next to the node's path and value
   */
  T read(JsonNode node);
}
