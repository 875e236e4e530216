package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #17 item 9: {@code [::ffff:0:127.0.0.1]} (IPv4-translated, RFC 2765) was judged public
 * because only IPv4-mapped {@code ::ffff:0:0/96} was read for its IPv4 address. Every IPv6 form
 * that carries an IPv4 address is now judged by that address, in every spelling.
 */
class Ipv4TranslatedAddressIsInternalTest {

  private static ValidationResult check(String url) {
    return UrlPolicy.defaults().check(url);
  }

  @Test
  void ipv4TranslatedLoopbackWasJudgedPublic() {
    assertThat(check("http://[::ffff:0:127.0.0.1]/").violations()).containsExactly(new Violation(
        Violation.Code.URL_INTERNAL_ADDRESS, "url", "[::ffff:0:127.0.0.1] is an internal address", -1));
  }

  @ParameterizedTest(name = "[{0}] is {1}")
  @CsvSource({
    // IPv4-mapped ::ffff:0:0/96
    "::ffff:127.0.0.1,                         internal",
    "::ffff:7f00:1,                            internal",
    "::ffff:10.0.0.1,                          internal",
    "::ffff:c0a8:101,                          internal",
    "::ffff:0.0.0.0,                           internal",
    "::ffff:8.8.8.8,                           public",
    "::ffff:808:808,                           public",
    // IPv4-translated ::ffff:0:0:0/96 (RFC 2765)
    "::ffff:0:127.0.0.1,                       internal",
    "::ffff:0:7f00:1,                          internal",
    "::ffff:0:a9fe:a9fe,                       internal",
    "::ffff:0:10.0.0.1,                        internal",
    "::ffff:0:8.8.8.8,                         public",
    "::ffff:0:808:808,                         public",
    // IPv4-compatible ::/96 (deprecated); :: and ::1 read as 0.0.0.0 and 0.0.0.1
    "::127.0.0.1,                              internal",
    "::7f00:1,                                 internal",
    "::a9fe:a9fe,                              internal",
    "::172.16.0.1,                             internal",
    "::1,                                      internal",
    "::,                                       internal",
    "::8.8.8.8,                                public",
    "::808:808,                                public",
    // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052)
    "64:ff9b::127.0.0.1,                       internal",
    "64:ff9b::7f00:1,                          internal",
    "64:ff9b::a9fe:a9fe,                       internal",
    "64:ff9b::8.8.8.8,                         public",
    "64:ff9b::808:808,                         public",
    // NAT64 local-use 64:ff9b:1::/48 (RFC 8215); the rest of 64:ff9b::/32 is unassigned
    "64:ff9b:1::7f00:1,                        internal",
    "64:ff9b:1:abcd::192.168.1.1,              internal",
    "64:ff9b:1::808:808,                       public",
    "64:ff9b:2::808:808,                       internal",
    // 6to4 2002::/16: IPv4 in bits 16..47
    "2002:7f00:1::,                            internal",
    "2002:a00:1::1,                            internal",
    "2002:a9fe:a9fe:1::1,                      internal",
    "2002:808:808::1,                          public",
    // Teredo 2001::/32: server IPv4 in bits 32..63, client IPv4 = last 32 bits XOR 0xffffffff
    "2001:0:808:808::80ff:fffe,                internal",
    "2001:0:808:808::5601:5601,                internal",
    "2001:0:a00:1::f7f7:f7f7,                  internal",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2,     internal",
    "2001:0:808:808::f7f7:f7f7,                public",
    // ISATAP interface identifiers ::0:5efe:a.b.c.d and ::200:5efe:a.b.c.d
    "2606:4700::5efe:127.0.0.1,                internal",
    "2606:4700::200:5efe:10.0.0.1,             internal",
    "2606:4700::5efe:8.8.8.8,                  public",
    // ordinary IPv6
    "2606:4700::1111,                          public",
    "2001:4860:4860::8888,                     public",
    "2a00:1450:4001:82a::200e,                 public",
    "2001:db8::1,                              internal",
    "3fff::1,                                  internal",
    "100::1,                                   internal",
    "::1:0:0:1,                                internal",
    "4000::1,                                  internal",
    "5f00::1,                                  internal",
    "fd00:ec2::254,                            internal",
  })
  void embeddedIpv4IsJudgedInEveryForm(String literal, String verdict) {
    ValidationResult r = check("http://[" + literal + "]/");
    if (verdict.equals("public")) {
      assertThat(r.isValid()).as("%s: %s", literal, r).isTrue();
    } else {
      assertThat(r.violations()).as(literal).extracting(Violation::code)
          .containsExactly(Violation.Code.URL_INTERNAL_ADDRESS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "::ffff:0:127.0.0.1", "::FFFF:0:127.0.0.1", "::ffff:0:7f00:1", "::FFFF:0:7F00:0001",
    "0:0:0:0:ffff:0:7f00:1", "0000:0000:0000:0000:ffff:0000:7f00:0001", "0:0:0:0:ffff:0:127.0.0.1",
    "0::ffff:0:127.0.0.1", "::0:ffff:0:127.0.0.1", "0:0:0::ffff:0:7f00:1"
  })
  void everySpellingOfTheTranslatedLoopbackParsesToTheSameBytes(String literal) {
    byte[] expected = {0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0x7f, 0, 0, 1};
    assertThat(IpAddresses.parseIpv6(literal)).as(literal).containsExactly(expected);
    assertThat(check("http://[" + literal + "]:8080/x").violations()).extracting(Violation::code)
        .containsExactly(Violation.Code.URL_INTERNAL_ADDRESS);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "::ffff:0:127.0.0.1", "64:ff9b::7f00:1", "2002:a9fe:a9fe::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "2606:4700::5efe:127.0.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8"
  })
  void parsesLikeTheJdk(String literal) throws UnknownHostException {
    byte[] jdk = InetAddress.getByName(literal).getAddress();
    byte[] ours = IpAddresses.parseIpv6(literal);
    if (jdk.length == 4) { // the JDK turns ::ffff:a.b.c.d into an Inet4Address
      assertThat(ours).isNotNull();
      assertThat(java.util.Arrays.copyOfRange(ours, 12, 16)).containsExactly(jdk);
    } else {
      assertThat(ours).containsExactly(jdk);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "http://[::ffff:0:127.0.0.1%25eth0]/", "http://[fe80::1%eth0]/", "http://[::ffff:0:127.0.0.01]/",
    "http://[::ffff:0:127.0.1]/", "http://[::ffff:0:0x7f.0.0.1]/", "http://[::ffff:0:00007f00:1]/",
    "http://[1:2:3:4:5:6::1.2.3.4]/", "http://[1:2:3:4:5:6:7:1.2.3.4]/", "http://[::ffff:0:127.0.0.1:1]/"
  })
  void ambiguousSpellingsAndZoneIdsAreRefused(String url) {
    assertThat(check(url).violations()).as(url).extracting(Violation::code)
        .containsExactly(Violation.Code.URL_MALFORMED);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "http://2130706433/,        internal",
    "http://0x7f.1/,            internal",
    "http://017700000001/,      internal",
    "http://0x7f000001/,        internal",
    "http://0177.0.0.1/,        internal",
    "http://127.0.1/,           internal",
    "http://0x7F.0.0.1/,        internal",
    "http://0xa.1/,             internal",
    "http://3232235777/,        internal",
    "http://134744072/,         public",
    "http://0x8080808/,         public",
    "http://01002004010/,       public",
    "http://8.0x80808/,         public",
  })
  void integerIpv4SpellingsAreJudgedByTheirValue(String url, String verdict) {
    ValidationResult r = check(url);
    if (verdict.equals("public")) {
      assertThat(r.isValid()).as("%s: %s", url, r).isTrue();
    } else {
      assertThat(r.violations()).as(url).extracting(Violation::code)
          .containsExactly(Violation.Code.URL_INTERNAL_ADDRESS);
    }
  }
}
