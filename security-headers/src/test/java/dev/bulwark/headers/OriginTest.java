package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://trusted.com         | https | trusted.com   | 443   | https://trusted.com",
        "HTTPS://TRUSTED.COM         | https | trusted.com   | 443   | https://trusted.com",
        "https://trusted.com:443     | https | trusted.com   | 443   | https://trusted.com",
        "https://trusted.com:8443    | https | trusted.com   | 8443  | https://trusted.com:8443",
        "http://localhost:8080       | http  | localhost     | 8080  | http://localhost:8080",
        "http://127.0.0.1            | http  | 127.0.0.1     | 80    | http://127.0.0.1",
        "http://[::1]:3000           | http  | [::1]         | 3000  | http://[::1]:3000",
        "http://[FE80::1]            | http  | [fe80::1]     | 80    | http://[fe80::1]",
        "wss://chat.example.com:443  | wss   | chat.example.com | 443 | wss://chat.example.com",
        "app://local_host            | app   | local_host    | -1    | app://local_host",
        "chrome-extension://abcdef   | chrome-extension | abcdef | -1 | chrome-extension://abcdef",
        "https://xn--bcher-kva.example | https | xn--bcher-kva.example | 443 | https://xn--bcher-kva.example",
        "https://a.b.c.d:65535       | https | a.b.c.d       | 65535 | https://a.b.c.d:65535",
        "http://x:00080              | http  | x             | 80    | http://x",
      })
  void parsesIntoNormalisedTuple(
      String text, String scheme, String host, int port, String canonical) {
    Origin origin = Origin.parse(text);

    assertThat(origin.scheme()).isEqualTo(scheme);
    assertThat(origin.host()).isEqualTo(host);
    assertThat(origin.port()).isEqualTo(port);
    assertThat(origin).hasToString(canonical);
    assertThat(Origin.parse(canonical)).isEqualTo(origin).hasSameHashCodeAs(origin);
  }

  @Test
  void defaultPortAndCaseDoNotMatterForEquality() {
    assertThat(Origin.parse("https://trusted.com:443")).isEqualTo(Origin.parse("HTTPS://Trusted.Com"));
    assertThat(Origin.parse("http://trusted.com:443")).isNotEqualTo(Origin.parse("https://trusted.com"));
    assertThat(Origin.parse("https://trusted.com:444")).isNotEqualTo(Origin.parse("https://trusted.com"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "null                           | is the opaque origin null, which is never allowed",
        "NULL                           | is the opaque origin null",
        "foo.com                        | must start with a scheme followed by ://",
        "localhost:8080                 | must start with a scheme followed by ://",
        "https:trusted.com              | must start with a scheme followed by ://",
        "//trusted.com                  | must start with a scheme followed by ://",
        "1http://trusted.com            | must start with a scheme followed by ://",
        "https://user@trusted.com       | must not contain user information",
        "https://trusted.com@evil.com   | must not contain user information",
        "https://user:pw@trusted.com    | must not contain user information",
        "https://trusted.com/           | must not end with '/'",
        "https://trusted.com:443/       | must not end with '/'",
        "https://trusted.com/path       | must not have a path, query or fragment",
        "https://trusted.com?x=1        | must not have a path, query or fragment",
        "https://trusted.com#frag       | must not have a path, query or fragment",
        "https://trusted.com\\evil.com  | must not have a path, query or fragment",
        "https://                       | has an empty host",
        "https://:443                   | has an empty host",
        "https://trusted..com           | has an invalid host",
        "https://.trusted.com           | has an invalid host",
        "https://trusted.com.           | has an invalid host",
        "https://trusted%2ecom          | has an invalid host",
        "https://trüsted.com            | has an invalid host",
        "https://[::1                   | has an invalid host",
        "https://[zz::1]                | has an invalid host",
        "https://*.trusted.com          | contains '*'",
        "https://trusted.com:           | has an invalid port",
        "https://trusted.com:0          | has an invalid port",
        "https://trusted.com:65536      | has an invalid port",
        "https://trusted.com:123456     | has an invalid port",
        "https://trusted.com:44x        | has an invalid port",
        "https://trusted.com:-1         | has an invalid port",
      })
  void rejectsWithReason(String text, String reason) {
    assertThatThrownBy(() -> Origin.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
    assertThat(Origin.tryParse(text)).isNull();
  }

  @Test
  void rejectsEmptyControlCharactersAndOverlongInput() {
    assertThatThrownBy(() -> Origin.parse("")).hasMessage("origin \"\" must not be empty");
    assertThatThrownBy(() -> Origin.parse("https://trusted.com\r\nSet-Cookie: a=b"))
        .hasMessageStartingWith("origin \"https://trusted.com\\r\\nSet-Cookie: a=b\"");
    assertThatThrownBy(() -> Origin.parse("https://a " + "b"))
        .hasMessageContaining("has an invalid host");
    assertThatThrownBy(() -> Origin.parse("https://" + "a".repeat(2041)))
        .hasMessageContaining("is longer than 2048 characters");
    assertThatThrownBy(() -> Origin.parse("https://" + "a".repeat(64) + ".com"))
        .hasMessageContaining("has an invalid host");
    assertThat(Origin.parse("https://" + "a".repeat(63) + ".com").host()).hasSize(67);
  }

  @Test
  void kelvinSignIsNotFoldedToK() {
    // U+212A KELVIN SIGN lower-cases to 'k' in Java; a Unicode-aware comparison would match.
    assertThat(Origin.tryParse("https://\u212Aey.com")).isNull();
  }

  @Test
  void nullArguments() {
    assertThatThrownBy(() -> Origin.parse(null)).isInstanceOf(NullPointerException.class).hasMessage("origin");
    assertThat(Origin.tryParse(null)).isNull();
  }
}
