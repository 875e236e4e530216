package dev.bulwark.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "192.0.2.1, 192.0.2.1",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "::, ::",
    "::1, ::1",
    "1::, 1::",
    "2001:db8::1, 2001:db8::1",
    "2001:DB8::A, 2001:db8::a",
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
    "0:0:0:0:0:0:0:1, ::1",
    "1:0:0:0:0:0:0:0, 1::",
    "0:0:0:0:0:0:0:0, ::",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", // equal runs: the first is shortened
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1", // the longest run is shortened
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // a single zero group is not
    "1::2:3:4:5:6:7, 1:0:2:3:4:5:6:7", // '::' for one group is accepted, not produced
    "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
    "fe80::, fe80::",
    "::ffff:192.0.2.1, 192.0.2.1", // IPv4-mapped IPv6 is IPv4
    "::FFFF:c000:0201, 192.0.2.1",
    "0:0:0:0:0:ffff:192.0.2.1, 192.0.2.1",
    "::192.0.2.1, ::c000:201", // IPv4-compatible (deprecated) stays IPv6
    "64:ff9b::192.0.2.1, 64:ff9b::c000:201",
    "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
    "1::1.2.3.4, 1::102:304",
    "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
  })
  void parsesAndCanonicalises(String literal, String canonical) {
    assertThat(IpLiterals.parse(literal, 0, literal.length(), IpLiterals::format))
        .isEqualTo(canonical);
    assertThat(IpLiterals.canonical(literal, 0, literal.length())).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {
    "", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1.2.3.-1",
    "1..2.3", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4/8", "1.2.3.4:80", "a.b.c.d", "0x1.2.3.4",
    "\uFF11.2.3.4", "1.2.3.\u0664", "1234.1.1.1",
    ":", ":::", "1:::2", "1::2::3", ":1::", "1:", "1::2:", "::1:", "12345::", "::g",
    "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7::8", "::1.2.3", "::1.2.3.4:5", "::01.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
    "1:2:3:4:5:6::1.2.3.4", "::1:2:3:4:5:6:1.2.3.4", "1.2.3.4::", "1:2:3:4:5:1.2.3.4",
    "fe80::1%eth0", "[::1]", "::1 ", "unknown", "_hidden",
    "0000:0000:0000:0000:0000:0000:0000:0000:0", "0000:0000:0000:0000:0000:0000:0000:00000",
    "\uFF11::", "1:2:3:4:5:6:7:\u0661",
  })
  void rejectsAnythingElse(String text) {
    assertThat(IpLiterals.parse(text, 0, text.length(), IpLiterals::format)).isNull();
    assertThat(IpLiterals.canonical(text, 0, text.length())).isEqualTo(text);
  }

  @Test
  void parsesARangeOfALargerString() {
    String s = "x[2001:DB8::1]:80";
    assertThat(IpLiterals.canonical(s, 2, 13)).isEqualTo("2001:db8::1");
    assertThat(IpLiterals.parse("1.2.3.4:80", 0, 7, IpLiterals::format))
        .isEqualTo("1.2.3.4");
  }

  @Test
  void canonicalIpv4IsReturnedWithoutCopying() {
    String peer = "203.0.113.7";
    assertThat(IpLiterals.canonical(peer, 0, peer.length())).isSameAs(peer);
  }

  @Test
  void ipv4IsHeldInMappedForm() {
    long[] value = IpLiterals.parse("192.0.2.1", 0, 9, (hi, lo) -> new long[] {hi, lo});
    assertThat(value).containsExactly(0L, 0x0000_FFFF_C000_0201L);
    assertThat(IpLiterals.isIpv4(value[0], value[1])).isTrue();
    assertThat(IpLiterals.isIpv4(0, 1)).isFalse();
  }

  /** Format then parse gives back every value, with long zero runs made likely. */
  @Test
  void formatRoundTripsRandomAddresses() {
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < 100_000; n++) {
      long hi = 0;
      long lo = 0;
      for (int g = 0; g < 8; g++) {
        int group = random.nextInt(3) == 0 ? random.nextInt(0x10000) : 0;
        if (g < 4) {
          hi |= (long) group << (48 - 16 * g);
        } else {
          lo |= (long) group << (48 - 16 * (g - 4));
        }
      }
      String text = IpLiterals.format(hi, lo);
      long[] back = IpLiterals.parse(text, 0, text.length(), (h, l) -> new long[] {h, l});
      assertThat(back).as(text).containsExactly(hi, lo);
      assertThat(text).doesNotContain(":::").doesNotContainPattern("(^|:)0[0-9a-f]")
          .isLowerCase().hasSizeLessThanOrEqualTo(39);
    }
  }

  @Test
  void bytesAreInNetworkOrderAndIpv6ParsingTakesNoBareDottedQuad() {
    long[] v4 = IpLiterals.parse("192.0.2.1", 0, 9, (hi, lo) -> new long[] {hi, lo});
    assertThat(IpLiterals.toBytes(v4[0], v4[1])).containsExactly(192, 0, 2, 1);
    assertThat(IpLiterals.toIpv6Bytes(v4[0], v4[1]))
        .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1);
    String v6 = "2001:db8::102:304";
    assertThat(IpLiterals.parseIpv6(v6, 0, v6.length(), IpLiterals::toBytes))
        .containsExactly(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4);
    assertThat(IpLiterals.parseIpv6("192.0.2.1", 0, 9, IpLiterals::toBytes)).isNull();
    assertThat(IpLiterals.parseIpv6("::", 0, 2, IpLiterals::toIpv6Bytes)).containsExactly(new byte[16]);
  }
}
