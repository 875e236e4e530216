package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoRequestAddressTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1",
    "203.0.113.9, 203.0.113.9",
    "::1, 0:0:0:0:0:0:0:1",
    "fe80::1, fe80:0:0:0:0:0:0:1",
    "::ffff:10.0.0.1, 10.0.0.1",
  })
  void literalsAreParsed(String literal, String address) {
    assertThat(DemoRequest.address(literal).getHostAddress()).isEqualTo(address);
  }

  /** Host names (which would mean a DNS query) and malformed literals become 0.0.0.0. */
  @ParameterizedTest
  @CsvSource({"localhost", "cafe.be", "example.com", "1..2", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.x",
      "'::g'", "''", "unix:/tmp/socket"})
  void anythingElseIsTheUnspecifiedAddressWithoutALookup(String text) {
    assertThat(DemoRequest.address(text).getHostAddress()).isEqualTo("0.0.0.0");
  }
}
