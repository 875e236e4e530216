package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardedNodeTest {

  /** The address part of a node; {@code NONE} when the node cannot hold one. */
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
    "192.0.2.1                | 192.0.2.1",
    "192.0.2.1:8080           | 192.0.2.1",
    "192.0.2.1:0              | 192.0.2.1",
    "192.0.2.1:65535          | 192.0.2.1",
    "192.0.2.1:_p-1.x         | 192.0.2.1",
    "[2001:db8::1]            | 2001:db8::1",
    "[2001:db8::1]:4711       | 2001:db8::1",
    "[2001:db8::1]:_obf       | 2001:db8::1",
    "2001:db8::1              | 2001:db8::1",
    "::1:80                   | ::1:80", // bare IPv6 never has a port
    "unknown                  | unknown", // not an address: the literal parser rejects it
    "_hidden                  | _hidden",
    "192.0.2.1:               | NONE",
    "192.0.2.1:65536          | NONE",
    "192.0.2.1:123456         | NONE",
    "192.0.2.1:8a             | NONE",
    "192.0.2.1:_              | NONE",
    "192.0.2.1:_a/b           | NONE",
    "[192.0.2.1]              | NONE",
    "[2001:db8::1             | NONE",
    "[2001:db8::1]80          | NONE",
    "[2001:db8::1]:           | NONE",
    "[]                       | NONE",
    "''                       | NONE",
  })
  void findsTheAddress(String node, String expected) {
    long range = ForwardedNode.address(node, 0, node.length());
    String actual = range == ForwardedNode.NONE ? "NONE"
        : node.substring(ForwardedNode.from(range), ForwardedNode.to(range));
    assertThat(actual).isEqualTo(expected);
  }
}
